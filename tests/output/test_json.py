"""JSON output: orjson writes large answers fast, in the standard library's bytes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from simcli.output.render import dumps

TEXT = st.text(st.characters(blacklist_categories=("Cs",)))  # any character but a lone half
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)  # beyond 64 bits orjson declines: the fallback writes it
    | st.floats(0, 1).map(lambda x: round(x, 3))  # simcli's floats: ratios to 3 places
    | TEXT
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner) | st.dictionaries(TEXT, inner), max_leaves=30
)


@given(VALUES)
def test_indented_json_is_the_standard_library_s(value: object) -> None:
    assert dumps(value, 2) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_lone_surrogate_falls_back_rather_than_failing() -> None:
    assert dumps({"a": "\ud800"}, 2) == '{\n  "a": "\ud800"\n}'  # as json.dumps has it


def test_json_lines_are_streamed_in_the_bytes_of_the_whole() -> None:
    import io

    from simcli.output.render import Output, emit, rendered

    records = [{"id": f"r{n}", "text": "##[ not a command", "n": n} for n in range(2_500)]
    output = Output(records, [])
    streamed = io.StringIO()
    emit(output, "jsonl", streamed)
    assert streamed.getvalue() == rendered(output, "jsonl")
    assert streamed.getvalue().count("\n") == 2_500


# text made of what a workflow command is made of, and line breaks and spaces
HOSTILE = st.lists(
    st.sampled_from(
        ["::", ":", "#", "##[", "[", "\n", "\r", " ", "\u00a0", "\u3000", "a", "\u2028"]
    )
).map("".join)
HOSTILE_VALUES = st.recursive(
    SCALARS | HOSTILE,
    lambda inner: st.lists(inner) | st.dictionaries(HOSTILE | TEXT, inner),
    max_leaves=30,
)


@given(HOSTILE_VALUES, st.sampled_from([2, None]))
def test_json_is_made_inert_as_every_other_output_is(value: object, indent: int | None) -> None:
    """JSON skips the line-by-line scan for workflow commands (no line of it can
    start with one) and comes out in the same bytes as every other output's pass."""
    from simcli.output.render import inert_json, inert_lines

    text = dumps(value, indent) + "\n"
    assert inert_json(text) == inert_lines(text)
