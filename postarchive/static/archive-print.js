/* Printing a page prints what the editors keep one tap away: every closed
 * disclosure (the "About this post" of a post) opens for the print and closes
 * again after it. archive.css does the same for browsers that can style a
 * <details> element's content (::details-content); this covers the others. */
(() => {
  "use strict";
  const opened = [];
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details.archive-disclosure:not([open])")) {
      details.open = true;
      opened.push(details);
    }
  });
  window.addEventListener("afterprint", () => {
    while (opened.length) opened.pop().open = false;
  });
})();
