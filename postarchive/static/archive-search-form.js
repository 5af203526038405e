/* The pages' Content-Security-Policy has form-action 'none': no form on the
 * site may submit anywhere (a form injected into a post could not post a
 * reader's data to another site). The theme's search box is such a form, so
 * its submission is done here instead: Enter in the box opens the search page
 * with the query, as the form would (GET <action>?q=...). Search needs
 * JavaScript anyway. */
(() => {
  "use strict";
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.classList.contains("bd-search")) return;
      event.preventDefault();
      // as a GET form does: the action's address with its query replaced by the fields
      const url = new URL(form.getAttribute("action") || "", document.baseURI);
      url.search = new URLSearchParams(new FormData(form)).toString();
      url.hash = "";
      window.location.assign(url.href);
    },
    true,
  );
})();
