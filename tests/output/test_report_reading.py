"""The report as a reader meets it: a lede in words for any corpus, dates as people
write them, colours anyone can read (WCAG AA), and a layout that holds on a phone,
measured in headless Chromium at 390 and 1280 pixels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import MINI
from test_report import DAY, browse, server  # noqa: F401 - server is a fixture

from simcli.output.report.contrast import AA, contrast

ONE = MINI.replace(
    """      - id: alpha-worry
        kind: concern
        themes: [halt]""",
    """      - id: alpha-publish
        kind: demand
        target: gov
        themes: [publish]""",
).replace("date: 2021-04\n", "date: 2025-02-14\n")


def _lede(run, write, text: str, day: str) -> str:
    write(text)
    result = run("--data", "c.yaml", "report", "--format", "markdown", "--as-of", day)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[2]


def test_the_lede_reads_naturally_for_one_statement_one_day_and_one_demand(run, write) -> None:
    # the outcome of 2022 came before the demands: context, not an answer, so unsaid
    assert _lede(run, write, ONE, "2026-01-01") == (
        "AN made 2 demands on 14 February 2025, both made of Government Body. As of 1 January 2026,"
        " 2 demands on 2 themes are not met; Halt it and one other theme have waited longest,"
        " since 14 February 2025 (321 days)."
    )
    # as many demands of each of two: the sentence names both, not the first alone
    two = ONE.replace(
        "  - id: gov\n",
        "  - id: other\n    name: Other Body\n    kind: public body\n  - id: gov\n",
        1,
    )
    two = two.replace(
        "      - id: alpha-publish\n        kind: demand\n        target: gov",
        "      - id: alpha-publish\n        kind: demand\n        target: other",
    )
    assert _lede(run, write, two, "2026-01-01").startswith(
        "AN made 2 demands on 14 February 2025, 1 of them made of each of Government Body and"
        " Other Body."
    )
    one_month = ONE.replace("date: 2025-02-14\n", "date: 2025-02\n")
    lede = _lede(run, write, one_month, "2026-01-01")
    assert lede.startswith("AN made 2 demands in February 2025, both made of Government Body.")
    assert "between" not in lede
    assert _lede(run, write, MINI, "2024-01-01") == (
        "AN made one demand in April 2021, made of Government Body. The outcome that answered"
        " came on 5 January 2022 (The body stops the scheme). The one demand made by"
        " 1 January 2024 has been met."
    )
    unmet_one = MINI.replace("{theme: halt, status: met", "{theme: publish, status: met")
    assert _lede(run, write, unmet_one, "2024-01-01").endswith(
        "As of 1 January 2024, one demand on one theme is not met; it has waited since"
        " April 2021 (976 days)."
    )


def test_the_briefing_writes_dates_in_words_never_iso(run) -> None:
    text = run("report", "--format", "markdown", "--as-of", DAY).stdout
    lede = text.splitlines()[2]
    assert "came on 10 March 2023 (NHS England position" in lede
    assert "As of 22 November 2026, 19 demands on 15 themes are not met" in lede
    assert re.search(r"\d{4}-\d{2}", lede) is None
    assert "Theme `halt-sim`, unmet since 21 April 2021 (2,041 days, deadline passed)." in text
    assert "10. **10 March 2023** Outcome, NHSE: NHS England position" in text


def test_every_text_and_background_pair_of_the_page_meets_wcag_aa(run) -> None:
    page = run("report", "--format", "html", "--as-of", DAY).stdout
    css = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", page))
    white, panel = "#ffffff", "#f6f4f1"
    pairs = [
        (css["ink"], white), (css["muted"], white), (css["muted"], panel),
        (css["accent"], white), (css["ink"], panel),
    ]  # fmt: skip
    badges = dict(re.findall(r"\.badge\.([\w-]+) \{ background: var\(--([\w-]+)\)", page))
    pairs += [(white, css[var]) for var in badges.values()]
    pairs.append((white, css["muted"]))  # a badge of no status
    cells = re.findall(r'style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})"', page)
    assert len(cells) == 21 * 5  # every heatmap cell: 21 themes, 5 organisations
    pairs += [(ink, background) for background, ink in cells]
    svg = re.findall(r'fill="(#[0-9a-f]{6})"/><text [^>]*fill="(#[0-9a-f]{3,6})">\d+<', page)
    assert len(svg) == 13  # the timeline's numbered markers
    pairs += [(ink, marker) for marker, ink in svg]
    pairs += [(ink, white) for ink in re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', page)]
    low = sorted({(i, b, round(contrast(i, b), 2)) for i, b in pairs if contrast(i, b) < AA})
    assert low == []
    assert "#d67192" not in page and "#ce557d" not in page  # the two Lighthouse found


def test_the_page_has_a_meta_description(run) -> None:
    page = run("report", "--format", "html", "--as-of", DAY).stdout
    assert (
        '<meta name="description" content="6 statements by 5 organisations, 77 claims of'
        " which 21 demands, 4 outcomes and 3 events. As of 22 November 2026, 19 demands"
        ' on 15 themes are not met.">'
    ) in page


# In the browser: the page with a script of the test's own added (the report itself
# runs none, and its Content-Security-Policy forbids them), which measures the layout
MEASURE = """<script>
window.addEventListener("load", () => {
  const visible = (el) => el.getClientRects().length > 0;
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const rows = [...document.querySelectorAll("#matrix tbody tr")].map((r) => r.offsetHeight);
  const texts = [...document.querySelectorAll("main *")].filter(
    (el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim()));
  const labels = [...document.querySelectorAll("svg.timeline text.label")].filter(visible);
  document.body.dataset.measure = JSON.stringify({
    rows: [...new Set(rows)],
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    smallest: Math.min(...texts.filter((el) => !el.closest("svg")).map(px)),
    chart: visible(document.querySelector("svg.timeline")),
    labels: labels.length ? Math.min(...labels.map((t) => t.getBoundingClientRect().height)) : null,
    list: document.querySelectorAll("ol.events li").length,
    cue: visible(document.querySelector("p.phone")),
  });
});
</script>"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_reads_at_phone_and_desktop_widths(run, server, tmp_path: Path, width):  # noqa: F811
    base, site = server
    page = run("report", "--format", "html", "--as-of", DAY).stdout
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    (site / "m.html").write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    shot = tmp_path / f"report-{width}.png"
    dom, _ = browse(
        f"{base}/m.html", tmp_path / f"w{width}", f"--window-size={width},900", "--dump-dom"
    )
    measured = json.loads(re.search(r'data-measure="([^"]*)"', dom).group(1).replace("&quot;", '"'))
    assert len(measured["rows"]) == 1, measured  # every heatmap row as tall as the others
    assert measured["overflow"] <= 0, measured  # nothing wider than the screen: it scrolls within
    assert measured["smallest"] >= 12, measured  # no text smaller than 12 px
    assert measured["list"] == 13  # the timeline one record a line, at any width
    if width == 390:
        assert measured["chart"] is False  # the chart's 7 px labels: a list instead
        assert measured["cue"] is True  # "scroll the table sideways"
    else:
        assert measured["chart"] is True
        assert measured["labels"] >= 11, measured  # the chart's labels legible
        assert measured["cue"] is False
    browse(f"{base}/m.html", tmp_path / f"s{width}", f"--window-size={width},900",
           f"--screenshot={shot}")  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lighthouse_scores_the_page_1_for_accessibility(run, server, tmp_path: Path):  # noqa: F811
    """Where Lighthouse is installed (SIMCLI_LIGHTHOUSE: its command, from ``npm install
    lighthouse``), it audits the page in Chromium on a phone and on a desktop."""
    import os
    import shutil
    import subprocess

    from test_report import chromium

    lighthouse = os.environ.get("SIMCLI_LIGHTHOUSE") or shutil.which("lighthouse")
    if not lighthouse:
        pytest.skip("no Lighthouse here (npm install lighthouse; SIMCLI_LIGHTHOUSE=its command)")
    base, site = server
    assert run("report", "--out", str(site / "r.html"), "--as-of", DAY).exit_code == 0
    for preset in ("perf", "desktop"):  # perf: Lighthouse's default, a phone
        report = tmp_path / f"{preset}.json"
        command = [
            lighthouse, f"{base}/r.html", "--only-categories=accessibility", "--output=json",
            f"--output-path={report}", f"--preset={preset}", "--quiet",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
        ]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": chromium()}
        subprocess.run(command, env=env, check=True, timeout=300, capture_output=True)
        audit = json.loads(report.read_text(encoding="utf-8"))
        failing = [k for k, a in audit["audits"].items() if a.get("score") not in (None, 1)]
        assert (audit["categories"]["accessibility"]["score"], failing) == (1, [])
