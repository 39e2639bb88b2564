"""simcli report: a one-file briefing, checked as text and in a real headless browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import ROOT

from simcli import load_corpus
from simcli.analysis.compare import compare
from simcli.analysis.overview import timeline

DAY = "2026-11-22"


def test_markdown_report_has_unmet_calls_first_then_matrix_timeline_and_claims(run) -> None:
    result = run("report", "--format", "markdown", "--as-of", DAY)
    assert result.exit_code == 0, result.output
    text = result.stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Unmet calls, as of 22 November 2026",
        "## Who raised what",
        "## Timeline",
        "## Every claim, with its quote",
    ]
    assert text.startswith(
        "# Serenity Integrated Mentoring (SIM): who asked for what\n\n5 organisations made 21"
        " demands between April 2021 and 2023, 18 of them made of NHS England. The outcome that"
        " answered most came on 10 March 2023 (NHS England position: SIM and similar models must"
        " no longer be used). As of 22 November 2026, 19 demands on 15 themes are not met; Halt"
        " SIM and 2 other themes have waited longest, since 21 April 2021 (2,041 days).\n\n"
        "## Unmet calls"
    )
    assert "### Publish the review: open\n" in text
    assert (
        "Latest outcome on this theme, as context (it answers none of these demands: it came"
        " before the demand was made), 10 March 2023: NHS England decides not to publish the report"
        " of its SIM review (refused)."
    ) in text
    assert (
        "- **BIGSPD** (2023), of NHSE: \u201cBIGSPD calls for the findings of the NHS England"
        " Review into Serenity Integrated Mentoring (SIM) to be released.\u201d"
        " (bigspd-release-findings)\n"
    ) in text
    assert "| Theme | StopSIM | NSUN | Peer Hub | CMH | BIGSPD |\n" in text
    assert "| Publish the review |  |  |  | c | D c p |\n" in text
    assert (
        "12. **10 March 2023** Statement, CMH: \\[Centre for Mental Health responds to NHS England's"
        " decision not to publish its SIM review\\] (14 claims, 3 demands)\n"
    ) in text
    assert "1. **2016** Event, NHSE: NHS England endorses SIM" in text
    kinds = "demand|appeal|concern|position|commitment|welcome"
    assert len(re.findall(rf"^- \*(?:{kinds})\*", text, flags=re.M)) == 77  # every claim, once


def test_html_report_is_one_self_contained_file(run, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("report", "--out", str(out), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote {out}: html, ")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n")
    lowered = page.lower()
    for fetches in ("<script", " src=", "url(", "@import", "<iframe", "<object", "<embed"):
        assert fetches not in lowered, fetches
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'" in page
    unmet = page.count('<li id="unmet-')  # every unmet demand under its theme
    assert (unmet, page.count('<li id="') - unmet) == (24, 77 + 13)  # every claim and record
    assert lowered.count("<section id=") == 4


def test_out_with_md_suffix_means_markdown_and_is_never_overwritten_unasked(
    run, tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    assert run("report", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Serenity Integrated Mentoring (SIM)")
    again = run("report", "--out", str(out), "--title", "Other")
    assert again.exit_code == 2
    assert again.stderr == f"simcli: --out: {out} exists; add --force to replace it\n"
    assert run("report", "--out", str(out), "--title", "Other", "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Other\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "'pdf' is not one of: html, markdown"),
        (["--as-of", "2021-02-30"], "simcli: --as-of: "),
    ],
)
def test_report_usage_errors_exit_2(run, args: list[str], message: str) -> None:
    result = run("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_hostile_data_is_inert_in_html_and_markdown(run, write, bundled_text: str) -> None:
    hostile = 'We call <script>alert(1)</script> for \u202e[x](javascript:alert(1)) | "it"'
    path = write(
        bundled_text.replace('quote: "Sign the StopSIM petition."', f"quote: {json.dumps(hostile)}")
    )
    page = run("--data", str(path), "report", "--as-of", DAY).stdout
    assert "<script>" not in page and "\u202e" not in page
    assert (
        "We call &lt;script&gt;alert(1)&lt;/script&gt; for \\u202e[x](javascript:alert(1))" in page
    )
    markdown = run("--data", str(path), "report", "-f", "markdown", "--as-of", DAY).stdout
    assert "\u202e" not in markdown
    assert (
        'We call \\<script\\>alert(1)\\</script\\> for \\\\u202e\\[x\\](javascript\\:alert(1)) \\| "it"'
        in markdown
    )


# --- in a real browser -------------------------------------------------------------


def chromium() -> str:
    for name in (os.environ.get("SIMCLI_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    if os.environ.get("SIMCLI_REQUIRE_BROWSER"):
        pytest.fail("SIMCLI_REQUIRE_BROWSER is set but no chromium was found")
    pytest.skip("no chromium on this machine (.ci/run installs Debian's)")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str = ""  # for "#text" nodes

    def all(self, tag: str, **attrs: str) -> list[Node]:
        """Descendants with this tag and, for each attribute given, that word in it."""
        found = []
        for child in self.children:
            wanted = all(
                value in child.attrs.get(name.rstrip("_"), "").split()
                for name, value in attrs.items()
            )
            if child.tag == tag and wanted:
                found.append(child)
            found += child.all(tag, **attrs)
        return found

    def find(self, tag: str, id: str) -> Node:
        matches = [n for n in self.all(tag) if n.attrs.get("id") == id]
        assert len(matches) == 1, f"{len(matches)} <{tag} id={id!r}> in the DOM"
        return matches[0]

    def words(self) -> str:
        """The text inside, in document order, with whitespace collapsed."""
        if self.tag == "#text":
            return " ".join(self.text.split())
        return " ".join(w for w in (c.words() for c in self.children) if w)


class DomBuilder(HTMLParser):
    """The DOM as Chromium serialised it, as a tree (enough to assert on)."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
        | {"track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node("#text", {}, text=data))


class Recorder(SimpleHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        Recorder.requests.append(self.path)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server for a folder, recording every path asked of it."""
    site = tmp_path / "site"
    site.mkdir()
    Recorder.requests = []

    def handler(*args, **kwargs):  # type: ignore[no-untyped-def]
        return Recorder(*args, directory=str(site), **kwargs)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        httpd.shutdown()
        httpd.server_close()


def browse(url: str, work: Path, *extra: str) -> tuple[str, list[str]]:
    """Load ``url`` in headless Chromium: its DOM, and every URL the page asked for.

    Chromium's net log records each request with the site that made it; the
    browser's own background requests (which this machine's closed network
    refuses anyway) carry other sites and are not the page's.
    """
    work.mkdir(parents=True, exist_ok=True)
    netlog = work / "net.json"
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={work / 'profile'}",
        f"--log-net-log={netlog}", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        *extra, url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    page_site = "http://127.0.0.1 http://127.0.0.1"
    asked = [
        e["params"]["url"]
        for e in log["events"]
        if names.get(e["type"]) == "URL_REQUEST_START_JOB"
        and e.get("params", {}).get("network_isolation_key") == page_site
    ]
    return done.stdout, asked


def test_the_net_log_does_see_what_a_page_fetches(server, tmp_path: Path) -> None:
    # a control, so that the report test's "nothing fetched" means something
    base, site = server
    (site / "leaky.html").write_text(
        '<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>'
        '<img src="http://example.org/x.png"><img src="pic.png"></body></html>',
        encoding="utf-8",
    )
    _, asked = browse(f"{base}/leaky.html", tmp_path / "chromium", "--dump-dom")
    assert sorted(asked) == [f"{base}/leaky.html", f"{base}/pic.png", "http://example.org/x.png"]


def test_report_renders_in_headless_chromium_with_matrix_timeline_and_no_requests(
    run, server, tmp_path: Path
) -> None:
    base, site = server
    assert run("report", "--out", str(site / "r.html"), "--as-of", DAY).exit_code == 0
    url = f"{base}/r.html"

    dom_text, asked = browse(url, tmp_path / "dom", "--dump-dom")
    assert asked == [url]  # the page itself, and nothing else
    assert Recorder.requests == ["/r.html"]
    builder = DomBuilder()
    builder.feed(dom_text)
    dom = builder.root

    corpus = load_corpus()
    comparison = compare(corpus)
    sections = [s.attrs["id"] for s in dom.all("section")]
    assert sections == ["unmet", "compare", "timeline-section", "claims"]  # unmet calls first

    matrix = dom.find("table", "matrix")
    header = [th.words() for th in matrix.all("thead")[0].all("th")]
    assert header == ["Theme", "StopSIM", "NSUN", "Peer Hub", "CMH", "BIGSPD"]
    rows = matrix.all("tbody")[0].all("tr")
    assert [r.all("th")[0].words() for r in rows] == [t.label for t in comparison.themes]
    publish = next(r for r in rows if r.all("th")[0].words() == "Publish the review")
    # CMH's words of that day a concern; BIGSPD's call a demand, its closing belief a position
    assert [td.words() for td in publish.all("td")] == ["", "", "", "c", "D c p"]
    assert "background:" in publish.all("td")[3].attrs["style"]  # a heatmap cell, coloured

    svg = dom.find("svg", "timeline")
    events = svg.all("g", class_="event")
    assert [g.attrs["data-id"] for g in events] == [e.id for e in timeline(corpus)]
    assert len(svg.all("g", class_="outcome")) == 7  # 4 outcomes and 3 events, below the line
    assert len(svg.all("g", class_="context")) == 3
    assert len(svg.all("g", class_="statement")) == 6
    assert dom.find("li", "bigspd-release-findings").words().startswith("demand of NHSE open")
    assert dom.find("li", "stopsim-respond").words().startswith("demand of NHSE met")

    for name, size in (("phone", "390,844"), ("desktop", "1280,900")):
        shot = tmp_path / f"report-{name}.png"
        _, asked = browse(url, tmp_path / name, f"--window-size={size}", f"--screenshot={shot}")
        assert asked == [url]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    pdf = tmp_path / "report.pdf"
    browse(url, tmp_path / "print", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_a_large_corpus_draws_its_timeline_as_counts_per_month(run, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    corpus = tmp_path / "big.yaml"
    corpus.write_text(generate.corpus(100), encoding="utf-8")
    page = run("--data", str(corpus), "report", "--as-of", DAY).stdout
    assert "Statements above the line, outcomes and events below, counted by month." in page
    assert '<g class="event' not in page
    months = re.findall(r'<rect class="month statement"[^>]*><title>[^:]+: (\d+) statement', page)
    assert sum(int(n) for n in months) == 100


def test_the_briefing_shares_its_rows_and_gives_what_unmet_and_compare_give() -> None:
    import datetime as dt

    from simcli.analysis.unmet import unmet
    from simcli.output.report.briefing import briefing

    corpus, day = load_corpus(), dt.date(2026, 11, 22)
    b = briefing(corpus, day)
    assert [g.as_json() for g in b.unmet] == [g.as_json() for g in unmet(corpus, day)]
    assert b.comparison.as_json() == compare(corpus, as_of=day).as_json()
    assert sum(len(rows) for rows in b.claims.values()) == 77


def test_no_unmet_never_claims_met_of_demands_not_made(run, write) -> None:
    from conftest import MINI

    write(MINI)
    early = run("--data", "c.yaml", "report", "--format", "markdown", "--as-of", "2020")
    assert "No demand in the corpus had certainly been made by 31 December 2020." in early.stdout
    assert "has been met" not in early.stdout
    write(
        "version: 1\nthemes: [{id: t, label: T, description: D}]\norganisations: []\n"
        "statements: []\noutcomes: []\n"
    )
    empty = run("--data", "c.yaml", "report", "--format", "markdown")
    assert "The corpus holds no demands yet." in empty.stdout


def test_the_briefing_names_its_subject_and_keeps_statuses_apart(run, tmp_path: Path) -> None:
    from simcli.store.load import bundled_corpus_path

    out = tmp_path / "brief.html"
    run("--data", str(bundled_corpus_path()), "report", "--as-of", DAY, "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<h1>Serenity Integrated Mentoring (SIM): who asked for what</h1>" in page
    assert '<p class="lede">5 organisations made 21 demands between April 2021' in page
    colours = dict(re.findall(r"\.badge\.([\w-]+) \{ background: var\(--([\w-]+)\)", page))
    assert set(colours) == {"open", "refused", "partly-met", "met"}
    values = {re.search(rf"--{v}: (#\w+)", page).group(1) for v in colours.values()}
    assert len(values) == 4  # four statuses, four colours
    assert "table.heatmap th:first-child { position: sticky; left: 0;" in page
    # the timeline is labelled in place: who, when and what happened
    assert ">CMH, May 2021: Updated: Centre for Mental Health\u2026</text>" in page
    assert "from statements.yaml.</p></footer>" in page  # no local path
    assert str(tmp_path) not in page and str(bundled_corpus_path().parent) not in page


def test_report_at_a_terminal_writes_markdown_wrapped_between_words(run) -> None:
    import pty

    from conftest import installed_simcli

    env = {**os.environ, "COLUMNS": "80", "SIMCLI_PAGER": "", "PAGER": ""}
    pid, fd = pty.fork()
    if pid == 0:  # the child, at a terminal
        os.execve(installed_simcli(), ["simcli", "report", "--as-of", DAY], env)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    shown = b"".join(chunks).decode("utf-8")
    assert "simcli: Markdown at a terminal; --out FILE.html writes the page" in shown
    assert "# Serenity Integrated Mentoring (SIM): who asked for what" in shown
    assert "<html" not in shown
    # each line fits 80 columns but a table's, or one that is a single word (a link)
    lines = shown.replace("\r\n", "\n").split("\n")
    assert [line for line in lines if len(line) > 80 and not line.startswith("|")
            and len(line.split()) > 1] == []  # fmt: skip
    piped = run("report", "--as-of", DAY, "--format", "markdown").stdout
    lede = piped.split("\n")[2]  # one line in a pipe: its words, in order, at the terminal
    assert len(lede) > 80 and " ".join(lede.split()) in " ".join(shown.split())


def test_a_demand_met_after_its_deadline_is_met_late_in_the_report(run) -> None:
    page = run("report", "--as-of", DAY, "--format", "html").stdout
    claim = page[page.index('<li id="stopsim-respond">') :]
    assert claim.startswith(
        '<li id="stopsim-respond"><span class="kind">demand</span> of NHSE'
        ' <span class="badge met">met late</span> (11 May 2021)'
    )
