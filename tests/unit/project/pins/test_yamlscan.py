"""The line-oriented YAML reader against PyYAML: every scalar it reports is at the path
and has the value PyYAML loads, every leaf PyYAML loads is reported, and the documents
PyYAML refuses are refused (with the line)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from gover.project.pins import yamlscan
from gover.project.pins.model import ReadError, yaml_number
from tests.unit.project.pins import shapes

_BOOL_KEYS = {"on": True, "off": False, "yes": True, "no": False}  # YAML 1.1 keys PyYAML turns into bools


def _at(doc: Any, path: tuple[str | int, ...]) -> Any:
    for p in path:
        if isinstance(doc, dict) and p not in doc and isinstance(p, str) and p.lower() in _BOOL_KEYS:
            p = _BOOL_KEYS[p.lower()]
        doc = doc[p]
    return doc


def _leaves(doc: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(doc, dict):
        return [x for k, v in doc.items() for x in _leaves(v, path + (k if not isinstance(k, bool) else
                                                                        {True: "on", False: "off"}[k],))]
    if isinstance(doc, list):
        return [x for i, v in enumerate(doc) for x in _leaves(v, path + (i,))]
    return [path] if doc is not None else []


def _same(scalar: yamlscan.Scalar, loaded: Any) -> bool:
    if scalar.style == "block":
        return isinstance(loaded, str)
    if isinstance(loaded, str):
        return scalar.value == loaded
    if isinstance(loaded, bool):
        return scalar.value.lower() in ("true", "false", "yes", "no", "on", "off")
    if isinstance(loaded, float):
        return float(scalar.value) == loaded and (yaml_number(scalar.value) or scalar.value) == repr(loaded)
    return str(loaded) == scalar.value


DOCS = [shapes.WORKFLOW, shapes.GITLAB, shapes.GOLANGCI,
        "a:\n- x\n- y: 1\n  z: [1, {k: v}]\nb: 'it''s'\nc: \"q\\\"x\"\n",
        "k: &anchor 1.20\nseq:\n  - - nested\n    - two\n  - tail\nflow: [a,\n  b, # comment\n  c]\n",
        "---\nfirst: 1\n...\n---\nsecond: 2\n",
        "key: value # comment\nurl: http://x/#frag\nempty:\nafter: 3\n"]


@pytest.mark.parametrize("doc", DOCS)
def test_scalars_match_pyyaml(doc: str) -> None:
    scalars = yamlscan.scan(doc)
    loaded = list(yaml.safe_load_all(doc))
    if len(loaded) == 1:
        data = loaded[0]
        for s in scalars:
            assert _same(s, _at(data, s.path)), (s, _at(data, s.path))
            written = doc[s.start:s.end].strip("'\"")
            assert s.style == "block" or written in (s.value, s.value.replace("'", "''"),
                                                     s.value.replace('"', '\\"'))
        assert sorted(map(str, _leaves(data))) == sorted(str(s.path) for s in scalars)
    else:
        assert [s.path for s in scalars] == [("first",), ("second",)]


def test_block_entries_know_their_line() -> None:
    doc = "m:\n  - '1.22'  # old\n  - 1.23\n"
    a, b = yamlscan.scan(doc)
    assert doc[a.line_start:a.line_end] == "  - '1.22'  # old\n"
    assert doc[b.line_start:b.line_end] == "  - 1.23\n" and b.style == "plain"


@pytest.mark.parametrize(("doc", "line"), [
    ("a:\n\tb: 1\n", 2),  # a tab where indentation must be spaces
    ("a: 'open\nb: 2\n", 1),  # an unterminated quote
    ("a: [1, 2\nb: 3\n", 1),  # an unclosed flow sequence
    ("a: b: c\n", 1),  # mapping values are not allowed here
    ("a: 1\n  b: 2\n", 2),  # a key under a scalar
    ("a:\n    b: 1\n  c: 2\n", 3),  # indentation that matches no open mapping
    ("a: \"x\" y\n", 1),  # text after a quoted scalar
])
def test_what_pyyaml_refuses_is_refused(doc: str, line: int) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(doc)
    with pytest.raises(ReadError) as e:
        yamlscan.scan(doc)
    assert e.value.line == line
