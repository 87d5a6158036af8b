from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gover.errors import UsageError
from gover.golang import versions as v

# The ordering table from Go's internal/gover tests, plus the 1.21 language rules.
ORDERED = ["1", "1.0.1", "1.1", "1.2", "1.9", "1.19", "1.20", "1.20.1", "1.21", "1.21alpha1",
           "1.21beta1", "1.21beta2", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.21.9",
           "1.21.10", "1.22", "1.22rc1", "1.22.0", "2"]


@pytest.mark.parametrize("i", range(len(ORDERED) - 1))
def test_table_is_strictly_increasing(i: int) -> None:
    assert v.compare(ORDERED[i], ORDERED[i + 1]) == -1
    assert v.compare(ORDERED[i + 1], ORDERED[i]) == 1


@pytest.mark.parametrize("a,b,want", [
    ("1.20", "1.20.0", 0), ("1.19", "1.19.0", 0), ("1", "1.0.0", 0),
    ("1.21", "1.21.0", -1), ("1.21.10", "1.21.9", 1), ("1.21rc1", "1.21.0", -1),
    ("1.21.3rc1", "1.21.3", -1), ("1.21.3rc1", "1.21.2", 1),  # newer Go accepts patch prereleases
    ("bad", "1", -1), ("bad", "worse", 0), ("1.21.01", "1.0", -1),  # malformed sorts lowest
])
def test_compare_cases(a: str, b: str, want: int) -> None:
    assert v.compare(a, b) == want


@pytest.mark.parametrize("x", ["", "go1.21", "1.", "1.21.", "01.2", "1.02", "1.21.0.1", "1.21RC1",
                               "1.21-rc1", "1.21rc01", " 1.21"])
def test_malformed(x: str) -> None:
    assert not v.is_valid(x)


def test_kind_without_number_is_valid_as_in_go() -> None:
    assert v.is_valid("1.21rc") and v.compare("1.21rc", "1.21rc1") == -1


def test_lang_and_is_lang() -> None:
    assert v.is_lang("1.21") and v.is_lang("1.22")
    assert not v.is_lang("1.20")  # before 1.21 the missing patch means .0
    assert not v.is_lang("1.21.0") and not v.is_lang("1.21rc1")
    assert v.lang("1.21.3") == "1.21" and v.lang("1.0.1") == "1" and v.lang("1.21rc2") == "1.21"


def test_from_toolchain() -> None:
    assert v.from_toolchain("go1.22.3") == "1.22.3"
    assert v.from_toolchain("go1.22.3-bigcorp") == "1.22.3"
    assert v.from_toolchain("mycorp-go1.22.3") == "1.22.3"
    assert v.from_toolchain("1.22.3") == ""
    assert v.from_toolchain("go/1.22") == ""
    assert v.from_toolchain("gobad") == ""


def test_sort_key_matches_table() -> None:
    assert sorted(reversed(ORDERED), key=v.sort_key) == ORDERED


# --- property tests: compare is a total preorder that sort_key realises ------------

num = st.integers(min_value=0, max_value=30).map(str)
version_st = st.one_of(
    st.builds(lambda a: f"1.{a}", num),
    st.builds(lambda a, b: f"1.{a}.{b}", num, num),
    st.builds(lambda a, k, p: f"1.{a}{k}{p}", num, st.sampled_from(["alpha", "beta", "rc"]),
              st.integers(1, 5).map(str)),
    st.builds(lambda a, b, k, p: f"1.{a}.{b}{k}{p}", num, num, st.sampled_from(["rc", "beta"]),
              st.integers(1, 3).map(str)),
    st.text(alphabet="1.0rcx", max_size=6),  # mostly malformed
)


@given(version_st, version_st)
def test_antisymmetric(a: str, b: str) -> None:
    assert v.compare(a, b) == -v.compare(b, a)


@given(version_st, version_st, version_st)
def test_transitive(a: str, b: str, c: str) -> None:
    if v.compare(a, b) <= 0 and v.compare(b, c) <= 0:
        assert v.compare(a, c) <= 0


@given(version_st)
def test_reflexive_and_max(a: str) -> None:
    assert v.compare(a, a) == 0
    assert v.max_version(a, "1.0") in (a, "1.0")


@given(st.lists(version_st, max_size=8))
def test_newest_is_maximum(xs: list[str]) -> None:
    best = v.newest(xs)
    if xs:
        assert all(v.compare(best, x) >= 0 for x in xs)  # type: ignore[arg-type]
    else:
        assert best is None


@given(num, num)
def test_patch_releases_above_language_version(a: str, b: str) -> None:
    if int(a) >= 21:
        assert v.compare(f"1.{a}", f"1.{a}.{b}") == -1
        assert v.compare(f"1.{a}rc1", f"1.{a}.0") == -1


# --- specs --------------------------------------------------------------------------

AVAILABLE = ["go1.21.13", "go1.22.9", "go1.22.10", "go1.23rc1", "go1.23.0", "go1.20", "go1.20.14",
             "go1.19.8"]


@pytest.mark.parametrize("spec,want", [
    ("1.22.10", "go1.22.10"), ("go1.22.10", "go1.22.10"), ("1.22", "go1.22.10"),
    ("1.22.x", "go1.22.10"), ("go1.22", "go1.22.10"), ("latest", "go1.23.0"), ("stable", "go1.23.0"),
    ("1.23rc1", "go1.23rc1"), ("1.20", "go1.20.14"), ("1.20.0", "go1.20"), ("1", "go1.23.0"),
    ("1.23", "go1.23.0"), ("1.24", None), ("1.22.11", None), (" 1.21 ", "go1.21.13"),
])
def test_spec_select(spec: str, want: str | None) -> None:
    assert v.parse_spec(spec).select(AVAILABLE) == want


@pytest.mark.parametrize("bad", ["", "foo", "1.22.x.1", "v1.22", "1.22.10.1", "go", "1..2", "~1.22"])
def test_spec_errors_name_the_value_and_the_forms(bad: str) -> None:
    with pytest.raises(UsageError) as e:
        v.parse_spec(bad)
    assert f'"{bad}"' in e.value.message and "1.22.x" in e.value.message


@pytest.mark.parametrize("request_, candidates, want", [
    # the two cases: by distance to the request, its own minor first
    ("1.20", ["go1.23.1", "go1.22.10", "go1.21.13"], ["go1.21.13", "go1.22.10", "go1.23.1"]),
    ("1.25.11", ["go1.26.0", "go1.25.5", "go1.24.13", "go1.25.4"], ["go1.25.5", "go1.25.4", "go1.26.0"]),
    # each neighbouring minor's newest patch before any older patch; a tie goes to the newer
    ("go1.98.2", ["go1.97.0", "go1.99.0", "go1.99.1", "go1.90.0", "go1.98.1"],
     ["go1.98.1", "go1.99.1", "go1.97.0"]),
    ("1.22.10", ["go1.22.9", "go1.22.11", "go1.22rc1", "go1.22.0"], ["go1.22.11", "go1.22.9", "go1.22.0"]),
    ("1.22.99", ["go1.22.8", "go1.22.9", "go1.22.10", "go1.23.0"], ["go1.22.10", "go1.22.9", "go1.22.8"]),
    ("2.0.1", ["go1.25.5", "go2.1.0", "go1.24.0"], ["go2.1.0", "go1.25.5", "go1.24.0"]),
    # no minor to be near: the newest first; malformed candidates are dropped
    ("latest", ["go1.21.0", "go1.23.0", "junk", "go1.22.0"], ["go1.23.0", "go1.22.0", "go1.21.0"]),
])
def test_nearest_orders_by_distance(request_: str, candidates: list[str], want: list[str]) -> None:
    assert v.nearest(request_, candidates) == want
    assert v.nearest(request_, list(reversed(candidates))) == want  # input order is irrelevant


def test_what_a_source_without_the_spec_lacks() -> None:
    assert v.parse_spec("1.98").missing() == "no go1.98.x release"
    assert v.parse_spec("1.22.10").missing() == "no go1.22.10"
    assert v.parse_spec("latest").missing() == "no stable release"
