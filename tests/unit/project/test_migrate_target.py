"""Which release a migration names: one that exists, of the go line's minor, chosen by the
resolver's rules (resolve.select) among the installed releases, else among those offered."""

from __future__ import annotations

import pytest

from gover.errors import NetworkError, NotFoundError, UsageError
from gover.project import migrate_target as mt

OFFERED = ["go1.21.13", "go1.22.0", "go1.22.12", "go1.23.9", "go1.24rc1"]


def offered() -> list[str]:
    return OFFERED


def offline() -> list[str]:
    raise NetworkError("connection refused")


def test_the_go_lines_minor_installed_else_offered() -> None:
    r = mt.choose_release("1.22.0", None, ["go1.22.10", "go1.23.9"], offline)
    assert (r.name, r.installed) == ("go1.22.10", True)
    # Only a newer minor installed: never that one (a rollback must not name 1.23.9).
    r = mt.choose_release("1.22.0", None, ["go1.23.9"], offered)
    assert (r.name, r.installed) == ("go1.22.12", False) and r.why.endswith("(to install)")
    # A go line above every release of its minor that exists: nothing fits.
    with pytest.raises(NotFoundError) as e:
        mt.choose_release("1.22.20", None, ["go1.23.9"], offered)
    assert e.value.message == ("no Go release satisfies go 1.22.20 in go1.22.x: none is installed and no "
                               "source offers one")
    with pytest.raises(NotFoundError) as e:
        mt.choose_release("1.20", None, [], offline)
    assert e.value.message.endswith("(the release list could not be fetched: connection refused)")
    assert e.value.hint == "install one first: gover install 1.20"


def test_a_toolchain_line_pins_exactly() -> None:
    assert mt.choose_release("1.22.0", "go1.22.10", ["go1.22.10", "go1.22.12"], offline).name == "go1.22.10"
    r = mt.choose_release("1.22.0", "go1.23.9", [], offered)
    assert (r.name, r.installed, r.why) == ("go1.23.9", False, "the toolchain line go1.23.9 (to install)")
    with pytest.raises(NotFoundError) as e:
        mt.choose_release("1.22.0", "go1.22.99", ["go1.22.10"], offered)
    assert e.value.message == "toolchain go1.22.99 is neither installed nor offered by any source"


def test_matrix_specs_and_the_list_is_fetched_once() -> None:
    calls = []

    def counted() -> list[str]:
        calls.append(1)
        return OFFERED

    rs = mt.releases("1.22.0", None, ["1.22", "1.23", "1.21.13"], ["go1.22.10"], counted)
    assert [(r.name, r.installed) for r in rs] == [("go1.22.10", True), ("go1.23.9", False),
                                                  ("go1.21.13", False)]
    assert len(calls) == 1  # "1.22" is the release itself: not repeated
    with pytest.raises(UsageError) as e:
        mt.releases("1.22.0", None, ["system"], ["go1.22.10"], counted)
    assert "--matrix: 'system' is not a release" in e.value.message
    with pytest.raises(UsageError):
        mt.releases("1.22.0", None, ["1.x.2"], ["go1.22.10"], counted)
