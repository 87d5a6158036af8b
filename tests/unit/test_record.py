"""``@record`` behaves as the ``@dataclass`` type checkers see in its place."""

from __future__ import annotations

import dataclasses

import pytest

from gover import record as rec


def _pair(frozen: bool) -> tuple[type, type]:
    def body() -> dict[str, object]:
        return {"__annotations__": {"name": "str", "line": "int", "tags": "tuple", "extra": "dict"},
                "line": 0, "tags": ()}

    dc_ns, rc_ns = body(), body()
    dc_ns["extra"] = dataclasses.field(default_factory=dict)
    rc_ns["extra"] = rec.field(default_factory=dict)
    dc = dataclasses.dataclass(frozen=frozen)(type("Item", (), dc_ns))
    rc = rec.record(frozen=frozen)(type("Item", (), rc_ns))
    return dc, rc


@pytest.mark.parametrize("frozen", [True, False])
def test_init_repr_eq_and_defaults_match_dataclass(frozen: bool) -> None:
    dc, rc = _pair(frozen)
    for args, kwargs in [(("a",), {}), (("a", 3), {}), (("a",), {"tags": (1,)}),
                         ((), {"name": "b", "line": 2, "extra": {"k": 1}})]:
        d, r = dc(*args, **kwargs), rc(*args, **kwargs)
        assert repr(d) == repr(r)
        assert r == rc(*args, **kwargs) and r != rc("other")
        assert {n: getattr(r, n) for n in rec.fields_of(r)} == dataclasses.asdict(d)
    assert rc("a").extra is not rc("a").extra  # a fresh default each time, as default_factory
    assert rec.fields_of(rc) == tuple(f.name for f in dataclasses.fields(dc))
    assert rec.replace(rc("a", 1), line=5) == rc("a", 5)
    assert (rc("a") == dc("a")) is False  # another class: never equal, as dataclasses


@pytest.mark.parametrize("bad", [((), {}), (("a", 1, (), {}, 9), {}), (("a",), {"nope": 1}),
                                 (("a",), {"name": "b"})])
def test_bad_arguments_are_type_errors_as_for_dataclass(bad: tuple[tuple, dict]) -> None:
    dc, rc = _pair(True)
    args, kwargs = bad
    with pytest.raises(TypeError):
        dc(*args, **kwargs)
    with pytest.raises(TypeError):
        rc(*args, **kwargs)


def test_frozen_records_refuse_assignment_and_hash_by_value() -> None:
    dc, rc = _pair(True)
    r = rc("a", 1, (2,))
    with pytest.raises(AttributeError):
        r.name = "b"
    with pytest.raises(AttributeError):
        del r.name
    with pytest.raises(TypeError):  # a dict field: unhashable, as for the dataclass
        hash(dc("a"))
    with pytest.raises(TypeError):
        hash(r)
    ns = {"__annotations__": {"name": "str", "line": "int"}, "line": 0}
    dh = dataclasses.dataclass(frozen=True)(type("H", (), dict(ns)))
    rh = rec.record(frozen=True)(type("H", (), dict(ns)))
    assert hash(rh("a", 1)) == hash(rh("a", 1)) == hash(dh("a", 1))
    assert {rh("a"), rh("a"), rh("b")} == {rh("a"), rh("b")}


def test_mutable_records_are_unhashable_and_assignable() -> None:
    _, rc = _pair(False)
    r = rc("a")
    r.line = 4
    assert r.line == 4
    with pytest.raises(TypeError):
        hash(r)


def test_inherited_fields_come_first_and_post_init_runs() -> None:
    @rec.record(frozen=True)
    class Base:
        a: str

    seen = []

    @rec.record(frozen=True)
    class Child(Base):
        b: int = 1

        def __post_init__(self) -> None:
            seen.append((self.a, self.b))

    assert rec.fields_of(Child) == ("a", "b")
    assert repr(Child("x")).endswith(".<locals>.Child(a='x', b=1)")
    assert seen == [("x", 1)]


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="follows default"):
        rec.record(type("Bad", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 0}))


def test_fields_left_out_of_compare_and_repr_as_for_dataclass() -> None:
    def body(field: object) -> dict[str, object]:
        return {"__annotations__": {"name": "str", "memo": "list"}, "memo": field}

    dc = dataclasses.dataclass(frozen=True)(type("M", (), body(
        dataclasses.field(default_factory=list, compare=False, repr=False))))
    rc = rec.record(frozen=True)(type("M", (), body(rec.field(default_factory=list, compare=False,
                                                                  repr=False))))
    sub = rec.record(frozen=True)(type("S", (rc,), {"__annotations__": {"n": "int"}, "n": 0}))
    for cls in (dc, rc):
        a, b = cls("x", [1]), cls("x", [2])
        assert a == b and hash(a) == hash(b) and a != cls("y")
        assert repr(a).endswith("M(name='x')")
    assert repr(dc("x")) == repr(rc("x"))
    assert sub("x", [1]) == sub("x", [2]) and repr(sub("x")).endswith("S(name='x', n=0)")
    assert rec.replace(rc("x", [1]), name="y").memo == [1]  # carried over, as dataclasses.replace


def _warm(rc: type) -> None:
    """Make enough instances that the class gets its own compiled __init__."""
    for _ in range(rec.SPECIALIZE_AFTER + 1):
        rc("w")


@pytest.mark.parametrize("frozen", [True, False])
def test_the_compiled_init_behaves_as_the_generic_one(frozen: bool) -> None:
    dc, rc = _pair(frozen)
    generic = rc.__init__
    _warm(rc)
    assert rc.__init__ is not generic  # compiled: the checks below hold for it too
    for args, kwargs in [(("a",), {}), (("a", 3), {}), (("a",), {"tags": (1,)}),
                         ((), {"name": "b", "line": 2, "extra": {"k": 1}})]:
        d, r = dc(*args, **kwargs), rc(*args, **kwargs)
        assert repr(d) == repr(r) and r == rc(*args, **kwargs)
        assert {n: getattr(r, n) for n in rec.fields_of(r)} == dataclasses.asdict(d)
    assert rc("a").extra is not rc("a").extra
    for args, kwargs in [((), {}), (("a", 1, (), {}, 9), {}), (("a",), {"nope": 1}), (("a",), {"name": "b"})]:
        with pytest.raises(TypeError):
            rc(*args, **kwargs)
    if frozen:
        with pytest.raises(AttributeError):
            rc("a").name = "b"  # type: ignore[misc]
        assert hash(rc("a", 1, (2,), {}).name) == hash("a")


def test_the_compiled_init_runs_post_init_and_keeps_inherited_fields() -> None:
    seen = []

    @rec.record
    class Base:
        a: str

    @rec.record
    class Child(Base):
        b: list = rec.field(default_factory=list)

        def __post_init__(self) -> None:
            seen.append(self.a)

    for _ in range(rec.SPECIALIZE_AFTER + 2):
        Child("x")
    assert len(seen) == rec.SPECIALIZE_AFTER + 2
    c = Child("y", [1])
    assert (c.a, c.b, seen[-1]) == ("y", [1], "y") and Child("z").b == [] and Child("z").b is not Child("z").b
