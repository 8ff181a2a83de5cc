/* The edition switch keeps the reader's place: a link to the same page in the other language
 * gets the claim anchor (#claim-a-ene-02) the reader is at when it is followed. */
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    const a = ev.target.closest ? ev.target.closest("a.edition-link") : null;
    if (a && window.location.hash) {
      a.href = a.href.split("#")[0] + window.location.hash;
    }
  });
})();
