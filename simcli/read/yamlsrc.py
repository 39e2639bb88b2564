"""Read YAML safely, keeping where every value came from.

The document is composed with libyaml's C parser (safe: no tag is ever
constructed into a Python object) and then turned into plain data here, so
that we can:

- report any field by ``line:column`` afterwards (:meth:`YamlDocument.locate`);
- reject duplicate keys, which PyYAML would silently let the last one win;
- keep dates as written (``2021-04`` stays text) instead of guessing types;
- refuse language tags (``!!python/...``) and aliases of whole lists or
  mappings (the "billion laughs" bomb) without ever expanding them;
- go on after a syntax error: each top-level list item is parsed on its own,
  so one broken statement does not hide the problems in the others.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simcli.model.diagnostics import Diagnostic, FieldPath

try:  # the C parser; the pure-Python one only where libyaml is missing
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - every wheel of PyYAML we support has it
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_RESOLVED: dict[str, str] = {}  # a short plain scalar's tag, once worked out
_RESOLVED_MOST, _RESOLVED_LONGEST = 20_000, 64
_resolve: Callable[..., str] = _SafeLoader.resolve  # PyYAML's (untyped)


class _Loader(_SafeLoader):
    """The safe loader, whose tag for a plain scalar (an implicit one: PyYAML's
    resolver, called for every node the parser composes) is worked out once for
    each short text: keys and values such as ``kind: demand`` recur in every
    statement, and their tags depend on their text alone (a safe loader has no path
    resolvers). The same tags, and a large folder parsed in about a tenth less time."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = _resolve(self, kind, value, implicit)
                if len(value) <= _RESOLVED_LONGEST and len(_RESOLVED) < _RESOLVED_MOST:
                    _RESOLVED[value] = tag
            return tag
        return _resolve(self, kind, value, implicit)


_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, MAP, SEQ, MERGE = (_TAG + t for t in ("timestamp", "map", "seq", "merge"))
_TEXT = (STR, TIMESTAMP)  # scalars kept as written

MAX_DEPTH = 64
MAX_ALIAS_REPORTS = 5
# Aliases of text may repeat this many characters in all, or as many as the file
# holds if that is more: 500 aliases of a 1 MB text would make 500 MB of data.
MAX_ALIAS_TEXT = 1_000_000
_SCALARS = SafeConstructor()


def _mark(line: int, column: int = 0) -> yaml.Mark:
    return yaml.Mark("<corpus>", 0, line, column, None, None)  # type: ignore[arg-type]


def _type_name(node: Node) -> str:
    return "a mapping" if isinstance(node, MappingNode) else "a list"


class LineMap:
    """libyaml counts U+0085, U+2028 and U+2029 as line breaks (YAML 1.1), editors do
    not: this maps libyaml's 1-based ``(line, column)`` to the editor's."""

    _YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
    _BREAK = re.compile("\r\n|[\r\n]")

    def __init__(self, text: str) -> None:
        self.yaml_starts = [0] + [m.end() for m in self._YAML_BREAK.finditer(text)]
        self.starts = [0] + [m.end() for m in self._BREAK.finditer(text)]

    @staticmethod
    def of(text: str) -> LineMap | None:
        """A map for ``text``, or ``None`` when libyaml's lines are the editor's."""
        return LineMap(text) if re.search("[\x85\u2028\u2029]", text) else None

    def real(self, line: int | None, column: int | None) -> tuple[int | None, int | None]:
        if line is None or not 0 < line <= len(self.yaml_starts):
            return line, column
        index = self.yaml_starts[line - 1] + (column or 1) - 1
        real_line = bisect.bisect_right(self.starts, index)
        real_column = index - self.starts[real_line - 1] + 1
        return real_line, real_column if column is not None else None

    def problem(self, diagnostic: Diagnostic) -> Diagnostic:
        line, column = self.real(diagnostic.line, diagnostic.column)
        return diagnostic.replace(line=line, column=column)


@dataclass
class YamlDocument:
    """The composed node tree of a file, to find where a field path points."""

    filename: str
    root: Node | None
    lines: LineMap | None = None  # when the file has line breaks editors do not count

    def _walk(self, path: FieldPath) -> tuple[Node | None, Node | None, int]:
        """The deepest node along ``path``, its key node, and how many parts matched."""
        node, key_node = self.root, None
        for depth, part in enumerate(path):
            if isinstance(node, MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == part:
                        node, key_node = v, k
                        break
                else:
                    return node, key_node, depth
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, key_node, depth
                node, key_node = node.value[part], None
            else:
                return node, key_node, depth
        return node, key_node, len(path)

    def locate(self, path: FieldPath, at_key: bool = False) -> tuple[int | None, int | None]:
        """1-based ``(line, column)`` of the value at ``path``.

        A path that goes past what the file has (a missing field) points at
        the nearest enclosing value; ``at_key`` points at the key itself.
        """
        node, key_node, matched = self._walk(path)
        if node is None:
            return (None, None)
        target = key_node if (at_key and key_node is not None and matched == len(path)) else node
        mark = target.start_mark
        if self.lines is not None:
            return self.lines.real(mark.line + 1, mark.column + 1)
        return (mark.line + 1, mark.column + 1)

    def problem(self, path: FieldPath, message: str, code: str, at_key: bool = False) -> Diagnostic:
        line, column = self.locate(path, at_key=at_key)
        return Diagnostic(self.filename, line, column, path, message, code)

    def describe(self, path: FieldPath) -> str:
        """Where ``path`` is, for a message about another place: ``line 12``."""
        return f"line {self.locate(path)[0]}"


@dataclass
class ParsedYaml:
    """Plain data from a YAML file, with its node tree and any problems."""

    data: Any
    document: YamlDocument
    problems: list[Diagnostic] = field(default_factory=list)
    # top-level sections where a syntax error made us skip something
    incomplete: set[str] = field(default_factory=set)
    # values already reported as broken (syntax, tags, aliases): nothing more is said of them
    damaged: set[FieldPath] = field(default_factory=set)

    def relevant(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        """Drop problems at or inside damaged values: their cause was reported already."""
        if not self.damaged:
            return problems
        return [p for p in problems if not any(p.path[: len(d)] == d for d in self.damaged)]


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars."""

    def __init__(self, filename: str, text_budget: int = MAX_ALIAS_TEXT) -> None:
        self.filename = filename
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.visits = 0  # nodes met again: each is one alias in the text, in order
        self.aliases = 0  # of those, aliases of lists or mappings
        self.limit = text_budget
        self.text_budget = text_budget  # characters aliases of text may still repeat
        self.damaged: set[FieldPath] = set()
        self.alias_uses: dict[int, int] = {}  # index into problems -> alias number

    def _problem(self, node: Node, path: FieldPath, message: str, code: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(self.filename, mark.line + 1, mark.column + 1, path, message, code)
        )

    def build(self, node: Node, path: FieldPath = ()) -> Any:
        if len(path) > MAX_DEPTH:
            self._problem(node, path, f"nesting deeper than {MAX_DEPTH} levels", "Y006")
            return None
        if id(node) in self.seen:
            self.visits += 1
            if isinstance(node, ScalarNode):
                return self._scalar(node, path) if self._afford(node, path) else None
            self.aliases += 1
            if self.aliases <= MAX_ALIAS_REPORTS:
                self.alias_uses[len(self.problems)] = self.visits - 1
                self._problem(
                    node,
                    path,
                    f"an alias of {_type_name(node)} is not allowed here:"
                    " write the data out in full",
                    "Y005",
                )
            elif self.aliases == MAX_ALIAS_REPORTS + 1:
                self.alias_uses[len(self.problems)] = self.visits - 1
                self._problem(
                    node, path, "more aliases of lists or mappings (not all listed)", "Y005"
                )
            self.damaged.add(path)
            return None
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in (MAP, SEQ):
            self._problem(node, path, f"YAML tag '{node.tag}' is not allowed in a corpus", "Y002")
            return None
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        out: dict[str, Any] = {}
        first_at: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not self._plain_key(key_node, path):
                continue
            if id(key_node) in self.seen:  # an alias as a key
                self.visits += 1
                if not self._afford(key_node, path):
                    continue
            self.seen.add(id(key_node))
            self._scalar(key_node, path)  # a key's tag is checked like any value's
            key = key_node.value  # as written: "yes:" is the key 'yes', not True
            if not self._first(key_node, path, first_at):
                continue
            out[key] = self.build(value_node, (*path, key))
        return out

    def build_plain(self, node: Node, path: FieldPath = ()) -> Any:
        """:meth:`build` for a text with no anchor (no ``&``), where no node can be met
        twice: the same data and problems, without an alias's bookkeeping, and with
        plain text read in place (most of a corpus: it is what a first run spends on)."""
        if len(path) > MAX_DEPTH:
            self._problem(node, path, f"nesting deeper than {MAX_DEPTH} levels", "Y006")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in (MAP, SEQ):
            self._problem(node, path, f"YAML tag '{node.tag}' is not allowed in a corpus", "Y002")
            return None
        inline = len(path) < MAX_DEPTH  # a child is not too deep
        if isinstance(node, SequenceNode):
            return [
                child.value
                if inline and type(child) is ScalarNode and child.tag in _TEXT
                else self.build_plain(child, (*path, i))
                for i, child in enumerate(node.value)
            ]
        out: dict[str, Any] = {}
        first_at: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not self._plain_key(key_node, path):
                continue
            if key_node.tag not in _TEXT:
                self._scalar(key_node, path)  # a key's tag is checked like any value's
            key = key_node.value
            if not self._first(key_node, path, first_at):
                continue
            if inline and type(value_node) is ScalarNode and value_node.tag in _TEXT:
                out[key] = value_node.value
            else:
                out[key] = self.build_plain(value_node, (*path, key))
        return out

    def _plain_key(self, key_node: Node, path: FieldPath) -> bool:
        """Whether a key is plain text; anything else is reported (Y004)."""
        if isinstance(key_node, ScalarNode) and key_node.tag != MERGE:
            return True
        message = "keys must be plain text (no lists, mappings or '<<')"
        self._problem(key_node, path, message, "Y004")
        return False

    def _first(self, key_node: Node, path: FieldPath, first_at: dict[str, Node]) -> bool:
        """Whether a key is the first of its name in its mapping; a second is reported
        (Y003), and left out."""
        key = key_node.value
        if key in first_at:
            first = first_at[key].start_mark
            self._problem(
                key_node,
                (*path, key),
                f"duplicate key '{key}' (first at line {first.line + 1});"
                " YAML would silently keep only the last one",
                "Y003",
            )
            return False
        first_at[key] = key_node
        return True

    def _afford(self, node: ScalarNode, path: FieldPath) -> bool:
        """Whether an alias of text fits in what aliases may still repeat; the first
        that does not is reported (at the alias), and it and every later one are dropped."""
        if self.text_budget >= 0:
            self.text_budget -= len(node.value)
            if self.text_budget >= 0:
                return True
            self.alias_uses[len(self.problems)] = self.visits - 1
            self._problem(
                node,
                path,
                f"aliases repeat more than {self.limit:,} characters of text in all:"
                " write the text out in full",
                "Y005",
            )
        self.damaged.add(path)
        return False

    def place_aliases(self, text: str) -> None:
        """Point alias problems at the ``*alias`` itself rather than at its anchor."""
        try:
            marks = [
                e.start_mark
                for e in yaml.parse(text, Loader=_Loader)
                if isinstance(e, yaml.AliasEvent)
            ]
        except yaml.YAMLError:
            return
        for index, number in self.alias_uses.items():
            mark = marks[number] if number < len(marks) else None
            if mark is not None:
                old = self.problems[index]
                self.problems[index] = old.replace(line=mark.line + 1, column=mark.column + 1)

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        tag = node.tag
        if tag in (STR, TIMESTAMP):
            return node.value  # dates stay as written, precision and all
        try:
            if tag == INT:
                return _SCALARS.construct_yaml_int(node)
            if tag == FLOAT:
                return _SCALARS.construct_yaml_float(node)
            if tag == BOOL:
                return _SCALARS.construct_yaml_bool(node)
            if tag == NULL:
                return None
        except (ValueError, KeyError, IndexError, TypeError, OverflowError, yaml.YAMLError):
            kind = tag.rsplit(":", 1)[-1]
            message = f"'{node.value}' cannot be read as !!{kind}: remove the tag"
            self._problem(node, path, message, "Y002")
            return None
        self._problem(node, path, f"YAML tag '{tag}' is not allowed in a corpus", "Y002")
        return None


def _syntax_problem(
    filename: str, exc: yaml.YAMLError, line_offset: int = 0, text: str | None = None
) -> Diagnostic:
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or "invalid YAML"
        context = exc.context or ""
        mark = exc.problem_mark or exc.context_mark
        if "\t" in problem or "'\\t'" in problem or "tab character" in problem:
            message = "a tab character cannot indent YAML: use spaces"
        elif "escape" in problem or "hexdecimal" in problem:
            mark = exc.problem_mark or mark
            message = (
                "not a valid escape: in double quotes a backslash starts an escape"
                ' (\\n, \\", \\\\, \\uXXXX); write \\\\ for a backslash, or use single quotes'
            )
        elif "quoted scalar" in context and exc.context_mark is not None:
            mark = exc.context_mark
            message = "unclosed quote: the quoted text that starts here never ends"
        elif "could not find expected ':'" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # the line of the mistake, not the line after it
            key = _first_word(text, mark)
            message = (
                f"YAML syntax error: add a colon after `{key}` (`{key}: value`)"
                if key
                else "YAML syntax error: a line that is not `key: value`: add the colon"
            )
        elif "did not find expected key" in problem and _quote_inside(text, mark) == "'":
            assert mark is not None
            mark = _at(mark, -1)  # the quote that ended the value too soon
            fixed = _requoted(text, mark, "'", "''")
            message = (
                "YAML syntax error: a quote inside single quotes is written twice: ''"
                + (f" ({fixed})" if fixed else "")
                + "; or put the value in double quotes"
            )
        elif "did not find expected key" in problem and _quote_inside(text, mark) == '"':
            assert mark is not None
            mark = _at(mark, -1)
            fixed = _requoted(text, mark, '"', '\\"')
            message = (
                'YAML syntax error: a double quote inside double quotes is written \\"'
                + (f" ({fixed})" if fixed else "")
                + "; or put the value in single quotes"
            )
        elif "expected a single document" in (context + problem):
            message = "more than one YAML document ('---'): a corpus file holds one"
        elif "document start" in problem or "block end" in problem:
            message = (
                "YAML syntax error: this line's indentation does not fit the block it is in"
                " (compare it with the lines above)"
            )
        elif "mapping values are not allowed" in problem and _colon_in_value(text, mark):
            message = (
                "YAML syntax error: this value holds ': ', which YAML reads as a new key:"
                " put the whole value in quotes (\"...\" or '...')"
            )
        elif "mapping values are not allowed" in problem and _colonless_above(text, mark):
            # "- id stopsim-2021" or "version 1" read as text, so the next key cannot
            # belong to it: the mistake is the missing colon on the line above
            assert mark is not None
            line, column, key = _colonless_above(text, mark) or (0, 0, "")
            mark = yaml.Mark(mark.name, 0, line, column, None, 0)
            message = f"YAML syntax error: add a colon after `{key}` (`{key}: value`)"
        elif "mapping values are not allowed" in problem:
            message = (
                "YAML syntax error: this 'key: value' does not fit the indentation around it"
                " (compare it with the line above)"
            )
        else:
            message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        if mark is not None:
            return Diagnostic(
                filename, mark.line + 1 + line_offset, mark.column + 1, (), message, "Y001"
            )
        return Diagnostic(filename, None, None, (), message, "Y001")
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(position, int) and text is not None:
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        if isinstance(character, str):
            character = ord(character)
        code = f"U+{character:04X}" if isinstance(character, int) else "character"
        message = f"the control character {code} is not allowed in YAML: remove it"
        return Diagnostic(filename, line + line_offset, column, (), message, "Y001")
    message = f"YAML error: {' '.join(str(exc).split())}"
    return Diagnostic(filename, None, None, (), message, "Y001")


def _line(text: str | None, mark: yaml.Mark | None) -> str | None:
    if text is None or mark is None:
        return None
    lines = text.splitlines()
    return lines[mark.line] if 0 <= mark.line < len(lines) else None


_COLONLESS = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)[ \t]+[^\s:#][^:]*$")


def _colonless_above(text: str | None, mark: yaml.Mark | None) -> tuple[int, int, str] | None:
    """The line above ``mark`` (blank lines and comments passed over) when it reads
    as a key without its colon (``- id stopsim-2021``, ``version 1``): its line and
    column (from 0) and the key; else None."""
    if text is None or mark is None:
        return None
    lines = text.splitlines()
    number = mark.line - 1
    while number >= 0 and (not lines[number].strip() or lines[number].lstrip().startswith("#")):
        number -= 1
    if number < 0 or number >= len(lines):
        return None
    found = _COLONLESS.match(lines[number])
    if found is None:
        return None
    return number, len(found.group(1)), found.group(2)


def _first_word(text: str | None, mark: yaml.Mark) -> str | None:
    """The key a line starts with at ``mark`` (``label`` of ``label Halt it``)."""
    line = _line(text, mark)
    if line is None:
        return None
    word = re.match(r"[\w.-]+", line[mark.column :])
    return word.group() if word else None


def _quote_inside(text: str | None, mark: yaml.Mark | None) -> str | None:
    """The quote that closed a quoted value too soon, when YAML stumbled on the text
    right after it (``'StopSIM's statement'``): ``'`` or ``"``, else None."""
    line = _line(text, mark)
    if line is None or mark is None or not 0 < mark.column < len(line):
        return None
    quote = line[mark.column - 1]
    if quote in "'\"" and line[mark.column].isalnum() and line.count(quote) >= 3:
        return quote
    return None


def _requoted(text: str | None, mark: yaml.Mark, quote: str, inner: str) -> str | None:
    """The value of the line at ``mark`` quoted as YAML reads it: ``'StopSIM''s statement'``."""
    line = _line(text, mark)
    if line is None:
        return None
    start, end = line.find(quote), line.rfind(quote)
    if not start < mark.column < end:
        return None
    return quote + line[start + 1 : end].replace(quote, inner) + quote


def _at(mark: yaml.Mark, columns: int) -> yaml.Mark:
    index, column = mark.index + columns, mark.column + columns
    return yaml.Mark(mark.name, index, mark.line, column, mark.buffer, mark.pointer)


_KEY_THEN_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?[\w-]+:[ \t]+[^\s\"'#|>&*!\[{]")


def _colon_in_value(text: str | None, mark: yaml.Mark | None) -> bool:
    """Whether the ': ' YAML stumbled on follows a key and the start of its plain
    value on the same line (``text: TODO: write it``): a value to quote, not a
    misplaced key."""
    if text is None or mark is None:
        return False
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return False
    key = _KEY_THEN_VALUE.match(lines[mark.line])
    return key is not None and key.end() <= mark.column


def _iter_nodes(root: Node) -> Iterator[Node]:

    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


def _compose_chunk(
    text: str, line_offset: int, filename: str
) -> tuple[Node | None, Diagnostic | None]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, _syntax_problem(filename, exc, line_offset, text)
    if node is not None and line_offset:
        for n in _iter_nodes(node):
            n.start_mark = _mark(n.start_mark.line + line_offset, n.start_mark.column)
            n.end_mark = _mark(n.end_mark.line + line_offset, n.end_mark.column)
    return node, None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _first_content(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _pieces(
    lines: list[str], after_indent: str
) -> tuple[int, int, list[int], re.Pattern[str]] | None:
    """Where the keys (or items) of a block begin: lines at the block's indentation
    that match ``after_indent``. ``None`` unless the block starts with one."""
    first = _first_content(lines)
    if first is None:
        return None
    indent = _indent(lines[first])
    pattern = re.compile(rf"^ {{{indent}}}{after_indent}")
    starts = [i for i, line in enumerate(lines) if pattern.match(line)]
    if not starts or starts[0] != first:
        return None
    return first, indent, starts, pattern


class _Recovery:
    """After a syntax error: parse the smallest pieces that hold together.

    A block mapping is split into its keys and a block list into its items;
    a piece that fails is split again, down to the piece holding the error.
    Broken pieces are reported once and marked damaged, so that later checks
    say nothing more about them; list items keep their places, so every field
    path after them stays true.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Diagnostic] = []
        self.incomplete: set[str] = set()
        self.damaged: set[FieldPath] = set()

    def _compose(self, lines: list[str], base: int) -> tuple[Node | None, Diagnostic | None]:
        return _compose_chunk("".join(lines), base, self.filename)

    def _fail(self, problem: Diagnostic | None, path: FieldPath) -> None:
        if problem is not None:
            self.problems.append(problem)
        self.damaged.add(path)
        if path:
            self.incomplete.add(str(path[0]))

    def mapping(self, lines: list[str], base: int, path: FieldPath) -> MappingNode | None:
        found = _pieces(lines, r"([A-Za-z_][\w-]*)[ \t]*:(.*)$")
        if found is None:
            return None
        first, indent, starts, key_re = found
        pairs: list[tuple[Node, Node]] = []
        seen: set[str] = set()
        broken = False  # a piece before failed
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            match = key_re.match(lines[start])
            assert match is not None
            key, rest = match.group(1), match.group(2).strip()
            if broken and key in seen:
                # after a broken piece, a key met again is most likely another block's,
                # taken in by the broken line's indentation: one problem, not a
                # duplicate key for each of its fields (the file loads no further)
                continue
            seen.add(key)
            node, problem = self._compose(lines[start:end], base + start)
            broken = broken or problem is not None
            if problem is None:
                if isinstance(node, MappingNode):
                    pairs.extend(node.value)
                continue
            value: Node | None = None
            if not rest or rest.startswith("#"):
                before = len(self.problems)
                value = self.block(lines[start + 1 : end], base + start + 1, (*path, key))
                if value is not None and len(self.problems) == before:
                    self._fail(problem, (*path, key))
            if value is None:
                self._fail(problem, path if path else (key,))
                continue
            key_node = ScalarNode(STR, key, _mark(base + start, indent), _mark(base + start))
            pairs.append((key_node, value))
        mark = _mark(base + first, indent)
        return MappingNode(MAP, pairs, mark, mark)

    def block(self, lines: list[str], base: int, path: FieldPath) -> Node | None:
        first = _first_content(lines)
        if first is None:
            return None
        if lines[first].lstrip(" ").startswith("-"):
            return self.sequence(lines, base, path)
        return self.mapping(lines, base, path)

    def sequence(self, lines: list[str], base: int, path: FieldPath) -> SequenceNode | None:
        found = _pieces(lines, r"-(\s|$)")
        if found is None:
            return None
        first, indent, starts, _ = found
        items: list[Node] = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            node, problem = self._compose(lines[start:end], base + start)
            if problem is None and isinstance(node, SequenceNode) and len(node.value) == 1:
                items.append(node.value[0])
                continue
            item_path = (*path, len(items))
            # the item without its dash is a mapping at the dash's column + 2
            item_lines = [" " * (indent + 1) + lines[start][indent + 1 :], *lines[start + 1 : end]]
            before = len(self.problems)
            sub = self.mapping(item_lines, base + start, item_path)
            if sub is None or len(self.problems) == before:
                self._fail(problem, item_path)
            mark = _mark(base + start, indent)
            items.append(sub if sub is not None else ScalarNode(NULL, "", mark, mark))
        mark = _mark(base + first, indent)
        return SequenceNode(SEQ, items, mark, mark)


_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEEP_INDENT = re.compile(rf"^[ \t-]{{{MAX_DEPTH},}}", re.MULTILINE)


def _too_deep(text: str, filename: str) -> Diagnostic | None:
    """Refuse absurd nesting before composing it: libyaml's composer recurses in C
    and crashes the interpreter on some 100,000 levels. A cheap scan decides
    whether the exact (event-level, iterative) count is needed."""
    deepest = 0
    if text.count("[") + text.count("{") > MAX_DEPTH:  # else they cannot nest deeper
        depth = 0
        for char in _BRACKETS.sub("", text):
            depth = depth + 1 if char in "[{" else max(depth - 1, 0)
            deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH and not _DEEP_INDENT.search(text):
        return None
    try:
        return _deepest_event(text, filename, _Loader)
    except yaml.YAMLError as error:
        if "nesting depth" not in str(error):
            return None  # composing will report the syntax error, with its place
    # libyaml 0.2.5 as PyYAML 6.0.3+ bundles it refuses about 1,000 levels while
    # scanning ahead, before its parser has given the event we place the problem
    # at; the pure-Python parser has no such limit and keeps no recursion.
    try:
        return _deepest_event(text, filename, yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _deepest_event(text: str, filename: str, loader: Any) -> Diagnostic | None:
    """The Y006 problem at the first collection nested deeper than ``MAX_DEPTH``."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return Diagnostic(
                    filename,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    (),
                    f"nesting deeper than {MAX_DEPTH} levels; a corpus needs no more than 6",
                    "Y006",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def parse_yaml(text: str, filename: str) -> ParsedYaml:
    """Parse ``text`` (one YAML document) into plain data with locations."""
    parsed = _parse_yaml(text, filename)
    lines = LineMap.of(text)
    if lines is not None:
        parsed.document.lines = lines
        parsed.problems = [lines.problem(p) for p in parsed.problems]
    return parsed


def _parse_yaml(text: str, filename: str) -> ParsedYaml:
    deep = _too_deep(text, filename)
    if deep is not None:
        return ParsedYaml(None, YamlDocument(filename, None), [deep])
    recovery = _Recovery(filename)
    try:
        root: Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        several = isinstance(exc, yaml.MarkedYAMLError) and "single document" in str(exc.context)
        lines = text.splitlines(keepends=True)
        root = None if several else recovery.mapping(lines, 0, ())
        if root is None or not recovery.problems:
            # nothing to recover from, or the error lies outside any piece we can split
            whole = _syntax_problem(filename, exc, 0, text)
            return ParsedYaml(None, YamlDocument(filename, None), [whole])
    document = YamlDocument(filename, root)
    if root is None:
        return ParsedYaml(None, document)
    builder = _Builder(filename, max(MAX_ALIAS_TEXT, len(text)))
    # without an anchor, no alias: a tree composed whole then has no node twice
    plain = "&" not in text and not recovery.problems
    data = builder.build_plain(root) if plain else builder.build(root)
    if builder.alias_uses:
        builder.place_aliases(text)
    damaged = recovery.damaged | builder.damaged | {p.path for p in builder.problems}
    return ParsedYaml(
        data, document, recovery.problems + builder.problems, recovery.incomplete, damaged
    )
