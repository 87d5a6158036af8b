"""The scanned go.mod lexer against the exact one in volume: the unit tests' samples,
many times over (tests/unit/gomod/test_lexer.py holds the oracle and the helpers)."""

from __future__ import annotations

import pytest

from tests.unit.gomod.test_lexer import mutants_agree, trees_agree

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("seed", range(1, 5))
def test_scan_agrees_on_mutants_or_declines_them(seed: int) -> None:
    mutants_agree(seed, 300)


def test_parser_errors_and_trees_are_the_same_from_scanned_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    trees_agree(8, 400, monkeypatch)
