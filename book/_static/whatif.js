/* What-if widgets (analysis/pages.py: whatif_html; data from analysis/whatif.py).
 *
 * Each <section class="whatif"> carries its precomputed grid in <script class="wi-data">. This
 * script only looks values up: the slider positions select a grid point; the read-out, the
 * break-even, the command, the params file and the chart's current-value marks are updated from
 * that point. No formula and no verdict rule lives here. Without JavaScript the section shows
 * the default point, as written by Python.
 */
(function () {
  "use strict";

  function setText(el, text) {
    if (el) el.textContent = text;
  }

  function yamlOf(base, axes, idx) {
    const lines = [];
    const doc = Object.assign({}, base);
    axes.forEach((a, n) => { doc[a.name] = a.values[idx[n]]; });
    Object.keys(doc).sort().forEach((k) => {
      const v = doc[k];
      lines.push(typeof v === "object" && v !== null
        ? k + ": {" + Object.keys(v).sort().map((q) => q + ": " + v[q]).join(", ") + "}"
        : k + ": " + v);
    });
    return lines.join("\n") + "\n";
  }

  function wire(section) {
    const data = JSON.parse(section.querySelector("script.wi-data").textContent);
    const inputs = data.axes.map((a) => section.querySelector('input[type=range][name="' + a.name + '"]'));
    const nj = data.shape.length > 1 ? data.shape[1] : 1;
    let view = null;

    function update() {
      const idx = inputs.map((el) => Number(el.value));
      const k = idx[0] * nj + (idx.length > 1 ? idx[1] : 0);
      data.axes.forEach((a, n) => {
        const label = a.labels[idx[n]];
        inputs[n].setAttribute("aria-valuetext", label);
        setText(section.querySelector("#" + section.id + "-" + a.name + "-value"), label);
      });
      data.claims.forEach((cid) => {
        const c = data.cells[cid];
        const row = section.querySelector('.wi-readout li[data-claim="' + cid + '"]');
        if (!row) return;
        const med = row.querySelector(".wi-median");
        setText(med, c.t[k]);
        med.dataset.median = c.m[k] === null ? "" : String(c.m[k]);
        setText(row.querySelector(".wi-interval"), c.iv[k]);
        const verdict = data.verdicts[c.v[k]];
        const badge = row.querySelector(".wi-verdict .verdict");
        badge.className = "verdict verdict-" + verdict;
        setText(badge, data.verdict_labels[c.v[k]]);
      });
      const be = data.breakeven[idx.length > 1 ? idx[1] : 0];
      const beEl = section.querySelector(".wi-be");
      const beLine = section.querySelector(".wi-breakeven");
      if (beLine && beEl) {
        beLine.dataset.found = be === null ? "no" : "yes";
        setText(beEl, be === null ? data.no_value : be);
      }
      const sets = data.base.concat(data.axes.map((a, n) => a.name + "=" + a.values[idx[n]]));
      const command = "python -m analysis verdicts " + sets.map((s) => "--set " + s).join(" ");
      setText(section.querySelector("#" + section.id + "-command"), command);
      const link = section.querySelector(".wi-yaml");
      if (link) link.href = "data:text/yaml;charset=utf-8," + encodeURIComponent(yamlOf(data.base_yaml, data.axes, idx));
      if (view) {
        view.signal("wi_i", idx[0]).signal("wi_j", idx.length > 1 ? idx[1] : 0).runAsync();
      }
    }

    inputs.forEach((el) => el.addEventListener("input", update));
    const copy = section.querySelector(".wi-copy");
    if (copy) {
      copy.addEventListener("click", () => {
        const text = section.querySelector("#" + copy.dataset.target).textContent;
        if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
        copy.textContent = data.copied || "Copied";
      });
    }
    const chart = section.querySelector(".wi-chart");
    function draw() {
      if (!window.vegaEmbed) { setTimeout(draw, 50); return; }
      window.vegaEmbed("#" + chart.id, data.spec, data.embed || { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg" })
        .then((result) => {
          view = result.view;
          const menu = chart.querySelector("summary");
          if (menu) menu.setAttribute("aria-label", data.actions || "Chart actions: save as SVG or PNG");
          update();
        });
    }
    draw();
    update();
  }

  function start() {
    document.querySelectorAll("section.whatif").forEach(wire);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
