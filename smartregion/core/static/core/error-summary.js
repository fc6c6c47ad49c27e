/* A form sent back with errors: the keyboard focus starts on its error summary, so that a
   screen reader reads the summary first and its links lead to each field. Loaded with defer on
   every page; inline scripts are not allowed by the Content-Security-Policy. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
