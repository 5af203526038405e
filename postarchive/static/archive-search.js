/* The archive's additions to Sphinx's search page (loaded there only, by
 * postarchive.theme, before Sphinx's searchtools.js):
 *
 * 1. each result for a post shows the post's date under its title; the dates
 *    come from window.ARCHIVE_POST_DATES (docname -> the date as the post shows it);
 * 2. titles match a typed query whatever the spaces: the author's titles keep
 *    their non-breaking spaces ("worm\u00a0hole"), which a reader types as plain
 *    spaces; only the in-memory copy of the index is changed, never a page;
 * 3. a result whose anchor holds no text (an index entry's target) gets the
 *    page's summary instead of an uncaught TypeError in searchtools.js;
 * 4. summaries quote the page, not the theme's buttons ("System Settings Light
 *    Dark") or its print-only table of contents, which sit inside [role=main].
 */
(() => {
  "use strict";
  const dates = window.ARCHIVE_POST_DATES || {};
  const suffix = (window.DOCUMENTATION_OPTIONS || {}).LINK_SUFFIX || ".html";
  const spaces = /\s+/g; // \s includes U+00A0

  // -- 1. dates ---------------------------------------------------------------
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

  const showDates = () => {
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

  // -- 2. titles with non-breaking spaces -------------------------------------
  const tidyIndex = (index) => {
    if (!index || index.archiveTidy) return index;
    if (Array.isArray(index.titles)) index.titles = index.titles.map((t) => t.replace(spaces, " "));
    if (index.alltitles) {
      const all = {};
      for (const [title, places] of Object.entries(index.alltitles)) {
        const plain = title.replace(spaces, " ");
        all[plain] = (all[plain] || []).concat(places);
      }
      index.alltitles = all;
    }
    index.archiveTidy = true;
    return index;
  };

  // -- 4. no theme chrome in summaries ----------------------------------------
  const CHROME = [
    ".bd-header-article", "#jb-print-docs-body", ".prev-next-area",
    ".bd-sidebar-secondary", ".bd-footer-article", "button", "dialog",
  ].join(", ");
  const withoutChrome = () => {
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (html, anchor) => {
      const doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll(CHROME).forEach((el) => el.remove());
      return htmlToText(doc.documentElement.outerHTML, anchor);
    };
  };

  // -- 3. results whose anchor has no text ------------------------------------
  const guardSummary = () => {
    const make = Search.makeSearchSummary;
    Search.makeSearchSummary = (html, keywords, anchor) =>
      make(html, keywords, anchor) || make(html, keywords, "") || document.createElement("p");
  };

  const start = () => {
    // Sphinx's searchtools.js has run by now (this listener was registered before
    // its own, so no search has started yet).
    if (typeof Search !== "undefined") {
      tidyIndex(Search._index);
      const setIndex = Search.setIndex;
      Search.setIndex = (index) => setIndex(tidyIndex(index));
      guardSummary();
      withoutChrome();
    }
    showDates();
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
