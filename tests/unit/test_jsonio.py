"""gover.jsonio against json itself: the same text out, the same values and errors in."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gover import jsonio

# Every kind of text json escapes: controls, quotes, backslashes, non-ASCII, lone surrogates.
_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()))
_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(10 ** 30), max_value=10 ** 30)
            | st.floats(allow_nan=True, allow_infinity=True) | _TEXT)
_KEYS = _TEXT | st.integers() | st.floats() | st.booleans() | st.none()
_VALUES = st.recursive(_SCALARS, lambda inner: (
    st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=25)


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN (json.dumps of both tells)."""
    return json.dumps(a) == json.dumps(b)


@settings(max_examples=100)
@given(_VALUES, st.sampled_from([1, 2, 4]))
def test_dumps_writes_what_json_writes(value: object, indent: int) -> None:
    assert jsonio.dumps(value, indent) == json.dumps(value, indent=indent)


@settings(max_examples=100)
@given(_VALUES, st.sampled_from([None, 2]), st.sampled_from(["", " ", "\n\t\r "]))
def test_loads_reads_what_json_reads(value: object, indent: int | None, pad: str) -> None:
    text = pad + json.dumps(value, indent=indent) + pad
    assert _same(jsonio.loads(text), json.loads(text))


class _Str(str):
    pass


class _Int(int):
    def __repr__(self) -> str:
        return "not-a-number"


def test_subclasses_and_special_floats_as_json_writes_them() -> None:
    value = {_Str("k"): [_Int(3), -0.0, 1e300, math.inf, -math.inf, math.nan, (), {}, ""]}
    assert jsonio.dumps(value) == json.dumps(value, indent=2)


@pytest.mark.parametrize("text", [
    "", " ", "{", "[1,]", "1 2", "\ufeff{}", "nul", '"\x01"', "01", '{"a" 1}', "[1] x",
    '"\\ud800', "-", "1e", "{'a': 1}", "NaNx", "\n\n  ]", "\f1", "1\f", "\v1", "1\x85",
])
def test_bad_text_raises_json_own_error(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as ours:
        jsonio.loads(text)
    assert (str(ours.value), ours.value.pos) == (str(theirs.value), theirs.value.pos)


@pytest.mark.parametrize("value", [{1j: 1}, {(1, 2): 3}, [object()], {"a": {1, 2}}, b"bytes"])
def test_unwritable_values_raise_json_own_type_error(value: object) -> None:
    with pytest.raises(TypeError) as theirs:
        json.dumps(value, indent=2)
    with pytest.raises(TypeError) as ours:
        jsonio.dumps(value)
    assert str(ours.value) == str(theirs.value)


def test_without_the_accelerator_it_is_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonio, "_quote", None)
    monkeypatch.setattr(jsonio, "_scan", None)
    value = {"a": [1, 2.5, None, "é"], "b": {}}
    assert jsonio.dumps(value) == json.dumps(value, indent=2)
    assert jsonio.loads('{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    with pytest.raises(json.JSONDecodeError):
        jsonio.loads("[")
