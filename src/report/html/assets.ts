/** The report's inline stylesheet and filter script (the page makes no request of its own). */

export const STYLES = `
:root {
  --ink: #1b2330; --muted: #4f5968; --line: #d9dee5; --bg: #f4f6f9; --card: #fff; --brand: #0f2742; --accent: #1d5fb8;
  --error: #b42318; --error-bg: #fdecea; --warning: #7a4b00; --warning-bg: #fff1d6; --info: #1d5fb8; --info-bg: #e8f0fc;
  --ok: #19703a; --ok-bg: #e6f4ea;
  --open: #b42318; --consented: #1d5fb8; --sanitized: #19703a; --baselined: #6b3fa0; --suppressed: #5c6470;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
header.report-header { background: var(--brand); color: #fff; padding: 28px 0 24px; }
header.report-header .inner { max-width: 1320px; margin: 0 auto; padding: 0 32px; }
header.report-header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
header.report-header .subtitle { margin: 0; color: #c9d6e8; }
header.report-header .meta { margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 6px 22px; color: #c9d6e8; font-size: 13px; }
header.report-header .meta strong { color: #fff; font-weight: 600; }
.layout { display: grid; grid-template-columns: 230px minmax(0, 1fr); gap: 28px; max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
nav.toc { position: sticky; top: 16px; align-self: start; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 10px; }
nav.toc h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 8px 8px; }
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc a { display: flex; justify-content: space-between; padding: 5px 8px; border-radius: 6px; color: var(--ink); text-decoration: none; font-size: 14px; }
nav.toc a:hover { background: var(--bg); }
nav.toc .n { color: var(--muted); font-variant-numeric: tabular-nums; }
main { min-width: 0; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 22px 26px; margin-bottom: 22px; }
section.card > h2 { margin: 0 0 14px; font-size: 20px; font-weight: 650; }
h3 { font-size: 17px; margin: 22px 0 10px; }
h4 { font-size: 15px; margin: 0 0 6px; }
p.lead { margin: 0 0 14px; color: var(--muted); }
.verdict { display: flex; align-items: center; gap: 18px; padding: 16px 20px; border-radius: 10px; margin-bottom: 18px; border: 1px solid; }
.verdict.fail { background: var(--error-bg); border-color: #f3b8b2; }
.verdict.warn { background: var(--warning-bg); border-color: #f0d29a; }
.verdict.pass { background: var(--ok-bg); border-color: #a9d8b8; }
.verdict .mark { flex: none; width: 44px; height: 44px; border-radius: 50%; display: grid; place-items: center; color: #fff; font-size: 24px; font-weight: 700; }
.verdict.fail .mark { background: var(--error); } .verdict.warn .mark { background: #9a5b00; } .verdict.pass .mark { background: var(--ok); }
.verdict .title { font-size: 19px; font-weight: 650; margin: 0; }
.verdict p { margin: 2px 0 0; color: var(--ink); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(112px, 1fr)); gap: 12px; margin: 0; }
.tile { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; margin: 0; }
.tile dt { font-size: 13px; color: var(--muted); }
.tile dt { min-height: 2.6em; }
.tile dd { margin: 2px 0 0; font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile.error dd { color: var(--error); } .tile.warning dd { color: var(--warning); } .tile.info dd { color: var(--info); }
.tile .sub { display: block; font-size: 12px; color: var(--muted); font-weight: 400; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
thead th { background: #eef1f5; font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: #333c4a; }
td code, li code { overflow-wrap: anywhere; }
code.path, code.ident { overflow-wrap: normal; word-break: normal; }
code.ident { font-size: 11.5px; } td code.path { font-size: 12.5px; }
table.inventory { table-layout: fixed; }
table.inventory th:nth-child(1) { width: 22%; } table.inventory th:nth-child(5) { width: 22%; } table.inventory th:nth-child(6) { width: 11%; }
table.config td:first-child { width: 1%; white-space: nowrap; } table.config th:nth-child(2) { width: 30%; } table.config th:nth-child(4) { width: 13%; } table.config th:nth-child(5) { width: 15%; } table.config code.key { overflow-wrap: normal; font-size: 12.5px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; line-height: 1.6; white-space: nowrap; border: 1px solid transparent; }
.sev-error { background: var(--error); color: #fff; } .sev-warning { background: var(--warning-bg); color: var(--warning); border-color: #e6c27a; } .sev-info { background: var(--info-bg); color: var(--info); border-color: #b9cff0; }
.st-open { background: #fff; color: var(--open); border-color: var(--open); }
.st-consented { background: #fff; color: var(--consented); border-color: var(--consented); }
.st-sanitized { background: #fff; color: var(--sanitized); border-color: var(--sanitized); }
.st-baselined { background: #fff; color: var(--baselined); border-color: var(--baselined); }
.st-suppressed { background: #fff; color: var(--suppressed); border-color: var(--suppressed); }
.yes-bad { color: var(--error); font-weight: 600; } .yes-ok { color: var(--ok); font-weight: 600; } .muted { color: var(--muted); }
.map-wrap { border: 1px solid var(--line); border-radius: 10px; padding: 16px; background: #fbfcfd; }
.dataflow-map { display: block; max-width: 100%; height: auto; }
.dataflow-map .col-head { font-size: 13px; font-weight: 650; fill: #333c4a; letter-spacing: .04em; text-transform: uppercase; }
.dataflow-map .node-box { fill: #fff; stroke: #b8c0cc; }
.dataflow-map .type-node .node-box { fill: #f1f6fd; stroke: #9db7dd; }
.dataflow-map .node-accent { fill: #5c6470; }
.dataflow-map .dest-sdk .node-accent { fill: #1d5fb8; } .dataflow-map .dest-harmful .node-accent { fill: #b42318; } .dataflow-map .dest-harmful .node-box { fill: #fff6f5; stroke: #e3a9a3; } .dataflow-map .dest-ai .node-accent { fill: #8a3ffc; }
.dataflow-map .dest-network .node-accent { fill: #0f766e; } .dataflow-map .dest-icloud .node-accent { fill: #0e7490; }
.dataflow-map .node-label { font-size: 14px; font-weight: 600; fill: #1b2330; }
.dataflow-map .node-sub { font-size: 11.5px; fill: #4f5968; }
.dataflow-map .edge-count { font-size: 11px; font-weight: 700; }
.dataflow-map .edge.dim { opacity: .12; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; list-style: none; padding: 0; margin: 12px 0 0; font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend svg { flex: none; }
.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 12px 18px; padding: 12px 14px; background: #eef1f5; border-radius: 10px; margin: 0 0 16px; border: 0; }
.filters legend { font-weight: 650; padding: 0; margin-bottom: 6px; float: left; width: 100%; }
.filters label { display: flex; flex-direction: column; font-size: 12.5px; color: #333c4a; font-weight: 600; gap: 3px; }
.filters select, .filters button { font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #9aa5b4; border-radius: 6px; background: #fff; color: var(--ink); min-width: 150px; }
.filters button { min-width: 0; cursor: pointer; }
.filters output { margin-left: auto; font-size: 13px; color: var(--muted); align-self: center; }
.rule-group { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 18px; }
.rule-group:first-of-type { border-top: 0; margin-top: 0; }
.rule-group > h3 { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 10px; }
.rule-group > h3 .rid { font: 600 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
.rule-meta { margin: 0 0 12px; font-size: 14px; }
.rule-meta dt { font-weight: 650; float: left; clear: left; width: 120px; }
.rule-meta dd { margin: 0 0 4px 130px; }
article.finding { border: 1px solid var(--line); border-left: 4px solid var(--open); border-radius: 8px; padding: 12px 16px; margin: 10px 0; break-inside: avoid; }
article.finding[data-status="consented"] { border-left-color: var(--consented); }
article.finding[data-status="sanitized"] { border-left-color: var(--sanitized); }
article.finding[data-status="baselined"] { border-left-color: var(--baselined); }
article.finding[data-status="suppressed"] { border-left-color: var(--suppressed); }
article.finding h4 { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
article.finding h4 code { font-size: 13.5px; }
article.finding .message { margin: 6px 0 8px; }
article.finding .facts { font-size: 13px; color: var(--muted); margin: 0 0 8px; }
pre.code { background: #0f1722; color: #e6edf3; border-radius: 8px; padding: 10px 0; margin: 8px 0; overflow-x: auto; white-space: pre; }
pre.code .l { display: block; padding: 0 14px 0 0; }
pre.code .l.hl { background: #3a2326; box-shadow: inset 3px 0 0 #ff7b72; }
pre.code .ln { display: inline-block; width: 4.5em; padding-right: 1em; text-align: right; color: #8b98a9; user-select: none; }
ol.flow { margin: 8px 0 0; padding-left: 0; list-style: none; counter-reset: step; font-size: 14px; }
ol.flow li { counter-increment: step; position: relative; padding: 3px 0 3px 34px; }
ol.flow li::before { content: counter(step); position: absolute; left: 0; top: 3px; width: 22px; height: 22px; border-radius: 50%; background: #e8edf4; color: #333c4a; font-size: 12px; font-weight: 700; display: grid; place-items: center; }
ol.flow li:first-child::before { background: #1d5fb8; color: #fff; } ol.flow li:last-child::before { background: #b42318; color: #fff; }
ol.flow li + li::after { content: ""; position: absolute; left: 10px; top: -8px; height: 12px; border-left: 2px solid #c5ccd6; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0 0 12px; font-size: 14px; }
.kv dt { color: var(--muted); } .kv dd { margin: 0; }
.nutrition { margin: 6px 0 0; padding-left: 20px; }
.nutrition li { margin: 3px 0; }
footer.report-footer { max-width: 1320px; margin: 0 auto; padding: 0 32px 32px; color: var(--muted); font-size: 13px; }
[hidden] { display: none !important; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; padding: 16px; } nav.toc { position: static; } header.report-header { padding: 20px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 11pt; }
  header.report-header { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 10px; }
  header.report-header .subtitle, header.report-header .meta, header.report-header .meta strong { color: #000; }
  .layout { display: block; padding: 0; max-width: none; }
  nav.toc, .filters, .skip { display: none !important; }
  section.card { border: 0; padding: 0; margin: 0; break-before: page; }
  section.card:first-of-type { break-before: avoid; }
  h2, h3, h4 { break-after: avoid; }
  table, tr, article.finding, .map-wrap, pre.code { break-inside: avoid; }
  pre.code { background: #f6f8fa; color: #000; border: 1px solid #ccc; white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  pre.code .l.hl { background: #ffe3e0; box-shadow: inset 3px 0 0 #b42318; }
  pre.code .ln { color: #555; text-indent: 0; }
  /* Wrapped code continues under the code, not under the line numbers. */
  pre.code .l { padding-left: 5.5em; text-indent: -5.5em; }
  .badge { border-color: currentColor; }
  .sev-error { background: #fff; color: var(--error); border-color: var(--error); }
  a { color: #000; text-decoration: none; }
  .dataflow-map .edge.dim { opacity: 1; }
}
`;

/**
 * Progressive enhancement: without JavaScript every finding is visible and the filter form stays hidden.
 * Filters act on findings (and their rule groups) and dim the map's edges that no visible finding explains.
 */
export const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var sev = document.getElementById('filter-severity');
  var rule = document.getElementById('filter-rule');
  var status = document.getElementById('filter-status');
  var out = document.getElementById('filter-count');
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.rule-group'));
  var edges = Array.prototype.slice.call(document.querySelectorAll('.dataflow-map .edge'));
  function has(list, value) { return (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0; }
  function apply() {
    var shown = 0;
    findings.forEach(function (f) {
      var ok = (!sev.value || f.getAttribute('data-severity') === sev.value) &&
        (!rule.value || f.getAttribute('data-rule') === rule.value) &&
        (!status.value || f.getAttribute('data-status') === status.value);
      f.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('article.finding:not([hidden])'); });
    edges.forEach(function (e) {
      var statuses = (e.getAttribute('data-statuses') || '').replace(/:\\d+/g, '');
      var ok = (!sev.value || has(e.getAttribute('data-severities') || '', sev.value)) &&
        (!rule.value || has(e.getAttribute('data-rules') || '', rule.value)) &&
        (!status.value || has(statuses, status.value));
      e.classList.toggle('dim', !ok);
    });
    out.textContent = 'Showing ' + shown + ' of ' + findings.length + ' findings';
  }
  [sev, rule, status].forEach(function (s) { s.addEventListener('change', apply); s.addEventListener('input', apply); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  apply();
})();
`;
