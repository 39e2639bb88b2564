"""The layering docs/architecture.md states, held against the code.

Every import counts: at the top of a module, inside a function (a lazy import) and
under ``TYPE_CHECKING``. A package imports only from the packages below it; no
modules import each other in a loop; no file is over 800 lines; package
``__init__`` files are empty.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "simcli"

# lowest first: a package may import from those before it, and from itself
LAYERS = ("_version", "model", "read", "sources", "analysis", "store", "output", "cli")
TOP = len(LAYERS)  # the package's public face and the shims for old module paths


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The simcli modules ``name`` imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from simcli.output import scaffold` imports the module simcli.output.scaffold
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] not in LAYERS:
        return TOP  # simcli, simcli.__main__ and the one-line shims
    return LAYERS.index(parts[1])


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_a_package_imports_only_from_the_packages_below_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert wrong == []


def test_no_module_imports_itself_through_others() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            loop = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                loop.append(top)
                if top == node:
                    break
            if len(loop) > 1:
                loops.append(sorted(loop))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert loops == []


def test_no_file_is_over_800_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert long == {}


def test_package_init_files_are_empty() -> None:
    """A package's ``__init__`` runs whenever any module below it is imported:
    anything in one slows every start-up that passes through."""
    full = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("__init__.py")
        if p.parent != PACKAGE and p.read_text(encoding="utf-8").strip()
    ]
    assert full == []


@pytest.mark.parametrize("layer", LAYERS[1:])
def test_every_package_is_described_in_the_architecture_page(layer: str) -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`simcli/{layer}/`" in page


def test_the_page_states_the_order_the_test_holds() -> None:
    """docs/architecture.md lists the packages lowest first, as LAYERS does."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    shown = [layer for layer in LAYERS[1:] if f"`simcli/{layer}/`" in page]
    positions = [page.index(f"`simcli/{layer}/`") for layer in shown]
    assert positions == sorted(positions), "the page lists the packages in another order"


def test_every_import_the_readme_shows_works() -> None:
    """The library's documented paths (``from simcli.questions import ...``) hold
    whatever moves inside the package: every import line of the README's Python
    examples runs."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    lines = [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if re.match(r"\s*(from simcli\S* import |import simcli)", line)
    ]
    assert len(lines) >= 6
    for line in lines:
        exec(line, {})  # an ImportError names the line


def test_a_question_of_the_bundled_corpus_imports_no_sqlite(tmp_path: Path) -> None:
    """SQLite is for the index of a large corpus and the export: ``demands --org``
    on the bundled corpus, cold and warm, runs without importing it."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from simcli.cli.app import main\n"
        "sys.argv = ['simcli', 'demands', '--org', 'NSUN', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('sqlite3' in sys.modules, code, file=sys.stderr)\n"
    )
    env = {**os.environ, "SIMCLI_CACHE_DIR": str(tmp_path / "cache"), "SIMCLI_KEEP_ANSWERS": "0"}
    for _ in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        assert done.stderr.splitlines()[-1] == "False 0", done.stderr


def test_a_question_of_the_bundled_corpus_loads_only_what_it_uses(tmp_path: Path) -> None:
    """``demands --org NSUN --format json`` from a warm cache (issue 27's lean start):
    the corpus is rebuilt from the cache without pydantic building a validator, and
    neither the other questions' analysis, nor the kept answers' machinery (the
    corpus is small), nor rich (no table is drawn) is imported."""
    import os
    import subprocess
    import sys

    unused = [
        "simcli.analysis.compare", "simcli.analysis.unmet", "simcli.analysis.overview",
        "simcli.store.answers", "simcli.store.index", "simcli.read.yamlsrc", "rich",
    ]  # fmt: skip
    probe = (
        "import sys\n"
        "from simcli.cli.app import main\n"
        "sys.argv = ['simcli', 'demands', '--org', 'NSUN', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "from simcli.model import schema\n"
        "built = [m.__name__ for m in vars(schema).values()\n"
        "         if isinstance(m, type) and issubclass(m, schema.Record)\n"
        "         and m.__pydantic_complete__]\n"
        f"print([m for m in {unused!r} if m in sys.modules], built, code, file=sys.stderr)\n"
    )
    env = {**os.environ, "SIMCLI_CACHE_DIR": str(tmp_path / "cache"), "SIMCLI_KEEP_ANSWERS": "0"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        for _ in ("cold", "warm")
    ]
    assert runs[1].stderr.splitlines()[-1] == "[] [] 0", runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
