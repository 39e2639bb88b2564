"""The catalogue of hostile inputs (issue 16): what a pull request to a campaign's corpus
could try on the CI machine that checks it. Each case is a folder of files, a command
line and what simcli must answer: its exit code (2 bad input, 1 findings, never 70)
and its exact output. `python tests/hostile_inputs.py` prints what simcli says for
each, to review by eye; test_hostile.py holds it to the expected lines below.

Files are text, bytes, or one of the special kinds below (a FIFO, a symbolic link,
a folder), made in a fresh temporary folder that is the working directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conftest import ALPHA_TXT, MINI


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target``."""

    target: str


class Fifo:
    """A named pipe (nothing ever writes to it: a read would block for ever)."""


class Folder:
    """An empty folder."""


FIFO, FOLDER = Fifo(), Folder()
File = str | bytes | Link | Fifo | Folder


def m(old: str, new: str, text: str = MINI) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def sourced(corpus: str = MINI, **extra: File) -> dict[str, File]:
    return {"c.yaml": corpus, "src/alpha.txt": ALPHA_TXT, **extra}


LONG = "x" * 300  # longer than any file name a file system allows (255 bytes)
LONG_UTF8 = "é" * 130  # 130 characters, 260 bytes
CHECK_SOURCES = ["--data", "c.yaml", "check", "--sources", "src"]


@dataclass
class Case:
    name: str
    item: int  # the numbered item of issue 16 it comes from
    files: dict[str, File]
    args: list[str]
    exit: int
    lines: list[str] = field(default_factory=list)
    in_process: bool = True  # False: the installed entry point, in a subprocess


CASES: list[Case] = [
    # 1. reading files outside the sources folder
    Case(
        "source is an absolute path",
        1,
        sourced(m("source: alpha.txt", "source: /etc/passwd")),
        CHECK_SOURCES,
        2,
        [
            "c.yaml:25:13: S005 statements[0].source: '/etc/passwd' is not a file name in the"
            " sources folder: a relative path, without '..', '\\', ':' or control characters",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "source climbs out with ..",
        1,
        sourced(m("source: alpha.txt", "source: ../../../etc/passwd")),
        CHECK_SOURCES,
        2,
        [
            "c.yaml:25:13: S005 statements[0].source: '../../../etc/passwd' is not a file name in"
            " the sources folder: a relative path, without '..', '\\', ':' or control characters",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "source is a symbolic link out of the folder",
        1,
        sourced(
            m("source: alpha.txt", "source: secret.txt"), **{"src/secret.txt": Link("/etc/passwd")}
        ),
        CHECK_SOURCES,
        1,
        [
            "c.yaml:25:13: Q003 statement alpha-2021: source file secret.txt is outside src"
            " (a symbolic link out of it?): not read: 2 quotes not checked",
            "c.yaml: 1 finding",
        ],
    ),
    Case(
        "source is a link to /dev/zero",
        1,
        sourced(m("source: alpha.txt", "source: zero.txt"), **{"src/zero.txt": Link("/dev/zero")}),
        CHECK_SOURCES,
        1,
        [
            "c.yaml:25:13: Q003 statement alpha-2021: source file zero.txt is outside src"
            " (a symbolic link out of it?): not read: 2 quotes not checked",
            "c.yaml: 1 finding",
        ],
    ),
    Case(
        "source is a FIFO in the folder",
        2,
        sourced(m("source: alpha.txt", "source: pipe.txt"), **{"src/pipe.txt": FIFO}),
        CHECK_SOURCES,
        1,
        [
            "c.yaml:25:13: Q003 statement alpha-2021: source file pipe.txt: not a regular file"
            " (it is a named pipe): give a file saved on disk: 2 quotes not checked",
            "c.yaml: 1 finding",
        ],
    ),
    Case(
        "source is a folder",
        2,
        sourced(m("source: alpha.txt", "source: sub"), **{"src/sub": FOLDER}),
        CHECK_SOURCES,
        1,
        [
            "c.yaml:25:13: Q003 statement alpha-2021: source file sub: is a folder, not a file:"
            " 2 quotes not checked",
            "c.yaml: 1 finding",
        ],
    ),
    # 2. reads bounded by bytes read, never blocking
    Case(
        "--data /dev/zero",
        2,
        {},
        ["--data", "/dev/zero", "check"],
        2,
        [
            "/dev/zero: F001 not a regular file (it is a device): give a file saved on disk",
            "simcli: 1 problem in /dev/zero; the corpus was not loaded",
        ],
    ),
    Case(
        "extract /dev/zero",
        2,
        {},
        ["extract", "/dev/zero"],
        2,
        ["/dev/zero: F001 not a regular file (it is a device): give a file saved on disk"],
    ),
    Case(
        "a FIFO named x.yaml",
        2,
        {"x.yaml": FIFO},
        ["--data", "x.yaml", "check"],
        2,
        [
            "x.yaml: F001 not a regular file (it is a named pipe): give a file saved on disk",
            "simcli: 1 problem in x.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "a FIFO in a corpus folder",
        10,
        {"corpus/a.yaml": MINI, "corpus/b.yaml": FIFO},
        ["--data", "corpus", "check"],
        2,
        [
            "corpus/b.yaml: F001 not a regular file (it is a named pipe): give a file saved on disk",
            "simcli: 1 problem in corpus/b.yaml; the corpus was not loaded",
        ],
    ),
    # 3. values that would forge a line of output
    Case(
        "newline in an unknown theme",
        3,
        {
            "c.yaml": m(
                "themes: [halt]\n        target", 'themes: ["x\\nc.yaml: ok"]\n        target'
            )
        },
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:30:18: S005 statements[0].claims[0].themes[0]: 'x\\u000ac.yaml: ok' is not a"
            " valid id: use letters, digits, '.', '_' or '-'",
            "c.yaml:30:18: R002 statements[0].claims[0].themes[0]: unknown theme 'x\\u000ac.yaml: ok'",
            "simcli: 2 problems in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "workflow command in a source name",
        3,
        {"c.yaml": m("source: alpha.txt", 'source: "x\\n::error::forged"')},
        ["--data", "c.yaml", "check", "--format", "github"],
        2,
        [
            "::error file=c.yaml,line=25,col=13,title=simcli check::S005 statements[0].source:"
            " 'x\\u000a::error::forged' is not a file name in the sources folder: a relative"
            " path, without '..', '\\', ':' or control characters",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "workflow command on a line of a table cell",
        3,
        {"c.yaml": m("text: The scheme harms people.", 'text: "harm\\n::add-mask::x"')},
        ["--data", "c.yaml", "demands", "--kind", "concern", "--format", "csv"],
        0,
        [
            "id,statement,org,org_name,endorsed_by,via,via_org,date,kind,themes,target,text,quote,note,"
            "deadline,deadline_note,status,status_date,status_outcome,open_days,deadline_passed,as_of,url",
            "alpha-worry,alpha-2021,alpha,Alpha Network,,,,2021-04,concern,halt,,harm\\n::add-mask::x,"
            "it does real harm ... people,,,,,,,,,,",
        ],
    ),
    Case(
        "a command-line value with a newline",
        3,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "show", "x\n::error::forged"],
        2,
        [
            "simcli: unknown statement, claim or outcome 'x\\u000a::error::forged'; no id is"
            " close; simcli statements, simcli demands --kind all and simcli timeline list them"
        ],
    ),
    Case(
        "workflow commands behind Unicode spaces, and the old ##[ syntax",
        3,
        {
            "c.yaml": m(
                "label: Halt it",
                'label: "Halt it\\n\\u00a0::add-mask::x\\n\\u3000::error::y ##[error]z"',
            )
        },
        ["--data", "c.yaml", "themes", "--format", "csv"],
        0,
        [
            "id,label,description,keywords,claims,demands,orgs",
            "halt,Halt it\\n\u00a0::add-mask::x\\n\u3000::error::y #\\u0023[error]z,Stop the scheme.,"
            "halt;stop,2,1,alpha",
            "publish,Publish it,Publish the review.,,0,0,",
        ],
    ),
    Case(
        "a link out of a corpus folder",
        1,
        {"corpus/a.yaml": MINI, "corpus/z.yaml": Link("/etc/passwd")},
        ["--data", "corpus", "check"],
        2,
        [
            "corpus/z.yaml: F004 a symbolic link out of the corpus folder: not read (put the file"
            " itself here)",
            "simcli: 1 problem in corpus/z.yaml; the corpus was not loaded",
        ],
    ),
    # 4. web addresses
    Case(
        "a script in a web address",
        4,
        {
            "c.yaml": m(
                "    source: alpha.txt",
                '    url: "https://x.org/<script>alert(1)</script>"\n    source: alpha.txt',
            )
        },
        ["--data", "c.yaml", "report", "--format", "markdown"],
        2,
        [
            "c.yaml:25:10: S005 statements[0].url: 'https://x.org/<script>alert(1)</script>' is not"
            " a usable web address: no spaces, control characters, quotes, '<', '>', '\\', '{',"
            " '}', '|' or '^' (percent-encode them)",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "an escape sequence in a web address",
        4,
        {
            "c.yaml": m(
                "    source: alpha.txt", '    url: "https://x.org/\\e]8;;x"\n    source: alpha.txt'
            )
        },
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:25:10: S005 statements[0].url: 'https://x.org/\\u001b]8;;x' is not a usable web"
            " address: no spaces, control characters, quotes, '<', '>', '\\', '{', '}', '|' or"
            " '^' (percent-encode them)",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    # 6. an alarm that a closed pipe cannot silence
    Case(
        "--fail-on-unmet --format json, reader gone",
        6,
        {"c.yaml": MINI},
        [
            "--data",
            "c.yaml",
            "unmet",
            "--fail-on-unmet",
            "--as-of",
            "2021-12-31",
            "--format",
            "json",
        ],
        1,
        in_process=False,
    ),
    Case(
        "--fail-on-unmet as a table, reader gone",
        6,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "unmet", "--fail-on-unmet", "--as-of", "2021-12-31"],
        1,
        in_process=False,
    ),
    Case(
        "demands as a table, reader gone",
        6,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "demands"],
        0,
        in_process=False,
    ),
    # 8. bad input that was reported as a bug
    Case(
        "!!bool maybe",
        8,
        {"c.yaml": m("title: Alpha's call", "title: !!bool maybe")},
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:23:12: Y002 statements[0].title: 'maybe' cannot be read as !!bool: remove the tag",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "!!int ''",
        8,
        {"c.yaml": m("version: 1", "version: !!int ''")},
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:1:10: Y002 version: '' cannot be read as !!int: remove the tag",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "a source name too long",
        8,
        sourced(m("source: alpha.txt", f"source: {LONG_UTF8}.txt")),
        CHECK_SOURCES,
        1,
        [
            f"c.yaml:25:13: Q003 statement alpha-2021: source file {LONG_UTF8}.txt: the file name is"
            " too long for this system: 2 quotes not checked",
            "c.yaml: 1 finding",
        ],
    ),
    Case(
        "--data too long",
        8,
        {},
        ["--data", f"{LONG}.yaml", "check"],
        2,
        [
            f"{LONG}.yaml: F001 the file name is too long for this system",
            f"simcli: 1 problem in {LONG}.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "--out too long",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "export", "--out", f"{LONG}.json"],
        2,
        [f"simcli: --out: cannot write {LONG}.json: File name too long"],
    ),
    Case(
        "extract FILE too long",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "extract", f"{LONG}.txt"],
        2,
        [f"{LONG}.txt: F001 the file name is too long for this system"],
    ),
    Case(
        "an outcome dated 9999-12-31, report",
        8,
        {"c.yaml": m("date: 2022-01-05", "date: 9999-12-31")},
        ["--data", "c.yaml", "report", "--out", "r.html"],
        0,
        ["wrote r.html: html, {size} bytes"],
    ),
    Case(
        "extract --date 9999-12-31 with 'within 7 days'",
        8,
        {
            "c.yaml": MINI,
            "s.txt": "Alpha Network\n\nWe call on Government Body to halt the scheme within 7 days.\n",
        },
        [
            "--data",
            "c.yaml",
            "extract",
            "s.txt",
            "--org",
            "alpha",
            "--date",
            "9999-12-31",
            "--out",
            "d.yaml",
        ],
        0,
        ["wrote d.yaml: 1 candidate claim"],
    ),
    Case(
        "output to /dev/full",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "demands"],
        2,
        ["simcli: cannot write the output: No space left on device"],
        in_process=False,
    ),
    Case(
        "stdout closed",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "demands"],
        2,
        ["simcli: cannot write the output: standard output is closed"],
        in_process=False,
    ),
    # 9. --out replaces only what it should
    Case(
        "--out a FIFO with --force",
        9,
        {"c.yaml": MINI, "out.json": FIFO},
        ["--data", "c.yaml", "export", "--out", "out.json", "--force"],
        2,
        [
            "simcli: --out: out.json is not a regular file: simcli writes and replaces regular files only"
        ],
    ),
    Case(
        "--out a device with --force",
        9,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "export", "--out", "/dev/null", "--force"],
        2,
        [
            "simcli: --out: /dev/null is not a regular file: simcli writes and replaces regular files only"
        ],
    ),
    Case(
        "--out a dangling symbolic link",
        9,
        {"c.yaml": MINI, "out.json": Link("nowhere.json")},
        ["--data", "c.yaml", "export", "--out", "out.json"],
        2,
        [
            "simcli: --out: out.json is a symbolic link: simcli writes and replaces regular files only"
        ],
    ),
    Case(
        "--out a dangling symbolic link with --force",
        9,
        {"c.yaml": MINI, "out.json": Link("nowhere.json")},
        ["--data", "c.yaml", "export", "--out", "out.json", "--force"],
        2,
        [
            "simcli: --out: out.json is a symbolic link: simcli writes and replaces regular files only"
        ],
    ),
    Case(
        "--help to a closed stdout",
        8,
        {},
        ["--help"],
        2,
        ["simcli: cannot write the output: standard output is closed"],
        in_process=False,
    ),
    Case(
        "--version to /dev/full",
        8,
        {},
        ["--version"],
        2,
        ["simcli: cannot write the output: No space left on device"],
        in_process=False,
    ),
    Case(
        "--help, reader gone",
        6,
        {},
        ["--help"],
        0,
        in_process=False,
    ),
    Case(
        "--sources too long",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "check", "--sources", LONG],
        2,
        [f"simcli: --sources: no such folder: {LONG}"],
    ),
    Case(
        "--sources is a file",
        8,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "check", "--sources", "c.yaml"],
        2,
        ["simcli: --sources: not a folder: c.yaml"],
    ),
    Case(
        "a long chain of after",
        7,
        {
            "c.yaml": "version: 1\nthemes: []\norganisations:\n  - {id: a, name: A, kind: k}\n"
            "statements:\n"
            + "".join(
                f"  - {{id: s{i}, org: a, title: t, date: 2020, summary: s, claims: []"
                + (f", after: [s{i - 1}]" if i else "")
                + "}\n"
                for i in range(3000)
            )
        },
        ["--data", "c.yaml", "unmet", "--fail-on-unmet"],
        0,
        ["No unmet demands as of {today}", "(none)"],
    ),
    # 10. smaller things
    Case(
        "a dangling symbolic link in a corpus folder",
        10,
        {"corpus/a.yaml": MINI, "corpus/b.yaml": Link("gone.yaml")},
        ["--data", "corpus", "check"],
        2,
        [
            "corpus/b.yaml: F004 a symbolic link that leads nowhere: its target does not exist,"
            " or it loops",
            "simcli: 1 problem in corpus/b.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "a folder named x.yaml in a corpus folder",
        10,
        {"corpus/a.yaml": MINI, "corpus/x.yaml": FOLDER},
        ["--data", "corpus", "check"],
        2,
        [
            "corpus/x.yaml: F004 a folder named like a corpus file: rename it, or move it out of"
            " the corpus folder",
            "simcli: 1 problem in corpus/x.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "a .yml file in a corpus folder is read",
        10,
        {
            "corpus/a.yaml": MINI,
            "corpus/b.yml": "themes:\n  - id: extra\n    label: Extra\n    description: More.\n",
        },
        ["--data", "corpus", "check"],
        0,
        ["corpus: ok: 1 statement, 2 claims, 1 outcome, 3 themes, 2 organisations"],
    ),
    Case(
        "U+2028 and U+0085 do not shift line numbers",
        10,
        {
            "c.yaml": m("title: Alpha's call", 'title: "Alpha\u2028call\x85"').replace(
                "kind: concern", "kind: worry"
            )
        },
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:35:15: S004 statements[0].claims[1].kind: 'worry' is not one of: demand, appeal,"
            " concern, position, commitment or welcome",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "a Windows path in double quotes",
        10,
        {"c.yaml": m("text: The scheme harms people.", 'text: "C:\\Users\\x"')},
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:37:20: Y001 not a valid escape: in double quotes a backslash starts an escape"
            ' (\\n, \\", \\\\, \\uXXXX); write \\\\ for a backslash, or use single quotes',
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "extract --id 0x1f",
        10,
        {
            "c.yaml": MINI,
            "s.txt": "Alpha Network\n\nWe call on Government Body to halt the scheme.\n",
        },
        [
            "--data",
            "c.yaml",
            "extract",
            "s.txt",
            "--org",
            "alpha",
            "--date",
            "2021",
            "--id",
            "0x1f",
            "--out",
            "d.yaml",
        ],
        0,
        ["wrote d.yaml: 1 candidate claim"],
    ),
    Case(
        "a key that YAML would read as true",
        10,
        {"c.yaml": m("version: 1", "version: 1\nyes: 1")},
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml:2:1: S002 yes: unknown field 'yes' (known fields: version, themes,"
            " organisations, statements, outcomes, title, description)",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    ),
    Case(
        "--out ''",
        10,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "export", "--out", ""],
        2,
        ["simcli: --out: give a file name (or - for standard output)"],
    ),
    Case(
        "--target ''",
        10,
        {"c.yaml": MINI},
        ["--data", "c.yaml", "demands", "--target", ""],
        2,
        ["simcli: unknown organisation ''; no name is close; simcli orgs lists every organisation"],
    ),
    Case(
        "U+061C and ESC in a table and in CSV",
        10,
        {"c.yaml": m("name: Alpha Network", 'name: "Alpha\\u061c\\e[31m Network"')},
        ["--data", "c.yaml", "orgs", "--format", "csv"],
        0,
        [
            "id,name,short,aliases,kind,url,statements,claims,demands,targeted_by",
            "alpha,Alpha\\u061c\\u001b[31m Network,AN,The Alpha,charity,,1,2,1,0",
            "gov,Government Body,GB,,public body,,0,0,0,1",
        ],
    ),
    # 25. a symbolic link at every path the tool reads, committed by a pull request
    Case(
        "--sources is a link to the root folder",
        25,
        {"c.yaml": m("source: alpha.txt", "source: etc/passwd"), "src": Link("/")},
        CHECK_SOURCES,
        2,
        [
            "simcli: --sources: src is a symbolic link out of its folder: not read",
        ],
    ),
    Case(
        "--sources is a link up and out",
        25,
        {"c.yaml": MINI, "src": Link("../..")},
        [*CHECK_SOURCES, "--format", "github"],
        2,
        [
            "simcli: --sources: src is a symbolic link out of its folder: not read",
        ],
    ),
    Case(
        "--sources is a link within the folder",
        25,
        {"c.yaml": MINI, "texts/alpha.txt": ALPHA_TXT, "src": Link("texts")},
        CHECK_SOURCES,
        0,
        [
            "c.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations; all 2 quotes found in src",
        ],
    ),
    Case(
        "export --sources is a link out",
        25,
        {"c.yaml": MINI, "src": Link("/")},
        ["--data", "c.yaml", "export", "--format", "qdpx", "--sources", "src", "--out", "x.qdpx"],
        2,
        [
            "simcli: --sources: src is a symbolic link out of its folder: not read",
        ],
    ),
    Case(
        "--data is a link to a file outside",
        25,
        {"c.yaml": Link("/etc/passwd")},
        ["--data", "c.yaml", "check"],
        2,
        [
            "c.yaml: F004 a symbolic link out of the current folder: not read (name the file itself)",
            "simcli: 1 problem in c.yaml; nothing was checked",
        ],
    ),
    Case(
        "--data is a folder linked outside",
        25,
        {"corpus": Link("/etc")},
        ["--data", "corpus", "demands"],
        2,
        [
            "corpus: F004 a symbolic link out of the current folder: not read (name the file itself)",
            "simcli: 1 problem in corpus; the corpus was not loaded",
        ],
    ),
    Case(
        "--data is a link within the folder",
        25,
        {"data/c.yaml": MINI, "c.yaml": Link("data/c.yaml")},
        ["--data", "c.yaml", "check"],
        0,
        [
            "c.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations",
        ],
    ),
    Case(
        "simcli.toml is a link out of the corpus folder",
        25,
        {"corpus/a.yaml": MINI, "corpus/simcli.toml": Link("/etc/passwd")},
        ["--data", "corpus", "check"],
        2,
        [
            "corpus/simcli.toml: F004 a symbolic link out of the corpus folder: not read (put the file itself here)",
            "simcli: 1 problem in corpus/simcli.toml; nothing was checked",
        ],
    ),
    Case(
        "extract's text is a link outside",
        25,
        {"c.yaml": MINI, "new.txt": Link("/etc/passwd")},
        ["--data", "c.yaml", "extract", "new.txt"],
        2,
        [
            "new.txt: F004 a symbolic link out of the current folder: not read (name the file itself)",
        ],
    ),
    Case(
        "diff's OLD is a link outside",
        25,
        {"c.yaml": MINI, "old.yaml": Link("/etc/passwd")},
        ["diff", "old.yaml", "c.yaml"],
        2,
        [
            "old.yaml: F004 a symbolic link out of the current folder: not read (name the file itself)",
            "simcli: 1 problem in old.yaml; the corpus was not loaded",
        ],
    ),
]

if __name__ == "__main__":  # print what simcli says for each, to review by eye
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from hostile_inputs import CASES as cases  # the module's own classes, as the tests see them
    from test_hostile import make_files, run_installed
    from typer.testing import CliRunner

    from simcli.cli.app import app

    os_environ = __import__("os").environ
    os_environ["COLUMNS"] = "80"
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            make_files(Path(tmp), case.files)
            __import__("os").chdir(tmp)
            if case.in_process:
                result = CliRunner().invoke(app, case.args)
                code, lines = result.exit_code, result.output.splitlines()
            else:
                code, lines = run_installed(case, Path(tmp))
            print(f"=== {case.name}: exit {code}")
            print("\n".join(lines))
