/* Filter the overview's claim index (analysis/pages.py: claim_index) without any library.
 *
 * The page carries <form class="claim-filter" data-for="ID" hidden> (selects named after the
 * rows' data-* attributes, a search input, a role=status count) and <table id="ID"> whose body
 * rows carry data-document, data-family, data-verdict and data-search. This script reveals the
 * form and hides the rows that do not match. Pages without the form are left alone.
 */
(function () {
  "use strict";

  function normalise(text) {
    return String(text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function wire(form) {
    const table = document.getElementById(form.dataset.for || "");
    if (!table || !table.tBodies.length) return;
    const rows = Array.from(table.tBodies[0].rows);
    const selects = Array.from(form.querySelectorAll("select[name]"));
    const text = form.querySelector("input[type=search]");
    const count = form.querySelector(".cf-count");
    const haystack = rows.map((row) => normalise(row.dataset.search || row.textContent));

    function update() {
      const wanted = selects
        .filter((s) => s.value !== "")
        .map((s) => [s.name, s.value]);
      const query = text ? normalise(text.value) : "";
      let shown = 0;
      rows.forEach((row, i) => {
        const ok = wanted.every(([key, value]) => row.dataset[key] === value) &&
          (query === "" || haystack[i].includes(query));
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) {
        // the words come from the page (data-count, in the edition's language)
        const words = form.dataset.count || "{shown} of {all} claims shown";
        count.textContent = words.replace("{shown}", String(shown)).replace("{all}", String(rows.length));
      }
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => window.setTimeout(update, 0));
    form.hidden = false;
    update();
  }

  function init() {
    document.querySelectorAll("form.claim-filter[data-for]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
