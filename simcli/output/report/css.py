"""The report's style sheet: one page that reads on a screen, a phone and in print,
every text at WCAG AA contrast (tests/output/test_report_reading.py measures it)."""

CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0;
  --accent: #7a1f3d; --open: #b3261e; --refused: #6a1b9a; --partly: #8a5a00;
  --met: #1e6b33; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .2rem 0 .4rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 1.6rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
p.lede { font-size: 1.05rem; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
blockquote { margin: .3rem 0 .3rem 0; padding: .1rem .8rem; border-left: 3px solid var(--line);
  font-style: italic; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem;
  font-weight: 600; color: #fff; background: var(--muted); white-space: nowrap; }
.badge.open { background: var(--open); }
.badge.refused { background: var(--refused); }
.badge.partly-met { background: var(--partly); }
.badge.met { background: var(--met); }
.kind { font-variant: small-caps; font-weight: 600; color: var(--accent); }
.unmet-theme { border: 1px solid var(--line); border-radius: .4rem; padding: .3rem .9rem .6rem;
  margin: .8rem 0; }
.unmet-theme ul, .claims ul { padding-left: 1.1rem; }
.unmet-theme li, .claims li { margin: .45rem 0; }
.outcome { background: #f6f4f1; padding: .4rem .7rem; border-radius: .3rem; font-size: .95rem; }
.scroll { overflow-x: auto; }
table.heatmap { border-collapse: collapse; font-size: .85rem; }
table.heatmap th, table.heatmap td { border: 1px solid #fff; padding: .1rem .45rem;
  text-align: center; }
table.heatmap th[scope=row] { text-align: left; font-weight: normal; white-space: nowrap; }
table.heatmap th:first-child { position: sticky; left: 0; z-index: 1; background: #fff; }
details > summary { cursor: pointer; }
.nobr { white-space: nowrap; }
table.unmet { border-collapse: collapse; font-size: .92rem; width: 100%; }
table.unmet th, table.unmet td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid var(--line); }
table.unmet thead th { font-size: .85rem; color: var(--muted); }
table.unmet th[scope=row] { min-width: 9rem; }
table.unmet ul { padding-left: 1rem; margin: .3rem 0; }
table.unmet li { margin: .3rem 0; }
table.unmet th:first-child { position: sticky; left: 0; background: #fff; }
table.heatmap thead th { vertical-align: bottom; }
table.heatmap td { min-width: 3.2rem; font-family: ui-monospace, Menlo, Consolas, monospace;
  white-space: nowrap; }
table.heatmap th, table.heatmap td { height: 1.75rem; white-space: nowrap; }
.phone { display: none; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; margin: .4rem 0; }
.swatch { display: inline-block; width: 1rem; height: 1rem; vertical-align: -.2rem;
  border: 1px solid var(--line); }
svg.timeline { width: 100%; height: auto; min-width: 34rem; }
ol.events { padding-left: 2.4rem; border-left: 3px solid var(--line); margin-left: .3rem; }
ol.events li { margin: .5rem 0; }
ol.events li::marker { font-weight: 600; color: #1e4f6b; }
ol.events li.on-statement::marker { color: #7a1f3d; }
footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: .5rem; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media (max-width: 36rem) {
  body { padding: .6rem; font-size: 15px; }
  h1 { font-size: 1.35rem; }
  table.unmet, table.unmet tbody, table.unmet tr, table.unmet th, table.unmet td {
    display: block; }
  table.unmet thead { display: none; }
  table.unmet tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.unmet th, table.unmet td { border: 0; padding: .1rem 0; }
  table.unmet th:first-child { position: static; }
  .chart { display: none; }
  .phone { display: block; }
}
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  li, .outcome, blockquote, tr, svg.timeline { break-inside: avoid; }
  .scroll { overflow: visible; }
  svg.timeline { min-width: 0; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em;
    color: var(--muted); overflow-wrap: anywhere; }
}
"""
