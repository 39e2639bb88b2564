"""The YAML loader's tags for plain scalars, worked out once for each short text
(simcli.read.yamlsrc._Loader), are PyYAML's own, asked once or again."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from simcli.read.yamlsrc import _Loader

SPECIAL = [
    "yes",
    "No",
    "TRUE",
    "off",
    "On",
    "n",
    "y",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "False",
    "0",
    "-1",
    "+7",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1:30",
    "1.0",
    "-.5",
    "1e3",
    ".inf",
    "-.Inf",
    ".nan",
    ".NaN",
    "2021",
    "2021-04",
    "2021-04-01",
    "2021-4-1",
    "2021-04-01T10:00:00Z",
    "2021-04-01 10:00:00",
    "<<",
    "=",
    "-",
    "?",
    ":",
    "",
    "st-7",
    "demand",
    "x" * 65,
    "1" * 65,
]


def _stock(value: str, implicit: tuple[bool, bool]) -> str:
    return yaml.resolver.Resolver().resolve(ScalarNode, value, implicit)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=70)), st.booleans(), st.booleans())
def test_the_same_tag_as_pyyaml_s(value: str, plain: bool, quoted: bool) -> None:
    loader = _Loader("")
    try:
        for _ in range(2):  # worked out, then remembered
            assert loader.resolve(ScalarNode, value, (plain, quoted)) == _stock(
                value, (plain, quoted)
            )
        for kind in (SequenceNode, MappingNode):
            stock = yaml.resolver.Resolver().resolve(kind, None, (plain, quoted))
            assert loader.resolve(kind, None, (plain, quoted)) == stock
    finally:
        loader.dispose()


def test_a_document_composes_to_the_same_tags() -> None:
    text = "a: yes\nb: [1, 1.5, ~, 2021-04-01, '1', demand]\nc: {d: off, e: 0x1F}\n"
    for _ in range(2):
        ours = yaml.compose(text, Loader=_Loader)
        stock = yaml.compose(text, Loader=yaml.SafeLoader)
        assert _tags(ours) == _tags(stock)


def _tags(node: yaml.Node) -> list[str]:
    if isinstance(node, ScalarNode):
        return [node.tag]
    if isinstance(node, SequenceNode):
        return [node.tag] + [t for child in node.value for t in _tags(child)]
    return [node.tag] + [t for k, v in node.value for t in _tags(k) + _tags(v)]
