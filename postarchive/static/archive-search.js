/* Search results: show each post's date under its title.
 * Sphinx lists results as <li><a href="docname.html#anchor">title</a> ...</li>
 * in #search-results; the dates come from window.ARCHIVE_POST_DATES
 * (docname -> date as shown on the post), set on the search page by
 * postarchive.theme. */
(() => {
  "use strict";
  const dates = window.ARCHIVE_POST_DATES || {};
  const suffix = (window.DOCUMENTATION_OPTIONS || {}).LINK_SUFFIX || ".html";

  const docname = (href) => {
    let path = (href || "").split("#")[0].split("?")[0].replace(/^\.\//, "");
    if (suffix && path.endsWith(suffix)) path = path.slice(0, -suffix.length);
    return path;
  };

  const addDate = (item) => {
    const link = item.querySelector(":scope > a");
    if (!link || item.querySelector(":scope > .archive-result-date")) return;
    const date = dates[docname(link.getAttribute("href"))];
    if (!date) return;
    const line = document.createElement("p");
    line.className = "archive-result-date";
    line.textContent = date;
    link.after(line);
  };

  const start = () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    results.querySelectorAll("ul.search > li").forEach(addDate);
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && node.matches("ul.search > li")) addDate(node);
        }
      }
    }).observe(results, { childList: true, subtree: true });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
