"""``@record``: the part of ``@dataclass`` the start-up path uses, without its import.

``import dataclasses`` pulls in ``inspect`` (and with it ``dis``, ``ast``,
``tokenize`` …): more than everything else ``gover current`` imports put together
(docs/DESIGN.md, "Start-up").  The modules ``current``, ``which``, ``env`` and
``list`` import declare their value types with ``@record`` instead.  Type checkers
see the real ``dataclasses.dataclass`` (the ``TYPE_CHECKING`` branch), so a record
is checked exactly as the dataclass it behaves like; tests/unit/test_record.py holds
the two to the same ``__init__``, ``repr``, ``==``, ``hash`` and frozenness.

Supported: fields from annotations in order (inherited ones first), plain
defaults, ``field(default_factory=…)``, ``frozen=True``, ``__post_init__``.
Not supported (use ``dataclasses`` where needed): other ``field()`` options,
``ClassVar``, ``dataclasses.replace``/``asdict``/``fields`` (``replace`` and
``fields_of`` here).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from dataclasses import field, replace
else:
    class _Field:
        __slots__ = ("factory",)

        def __init__(self, factory):
            self.factory = factory

    def field(*, default_factory):
        """A default made fresh for each instance (``dataclasses.field(default_factory=…)``)."""
        return _Field(default_factory)

    _MADE = object()  # "not given": the field's factory makes the value

    class FrozenInstanceError(AttributeError):
        pass

    def _frozen_setattr(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delattr(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _make(cls, frozen):
        names = []
        for base in reversed(cls.__mro__[1:]):
            for n in getattr(base, "__record_fields__", ()):
                if n not in names:
                    names.append(n)
        for n in cls.__dict__.get("__annotations__", {}):
            if n not in names:
                names.append(n)
        defaults = {n: getattr(cls, n) for n in names if hasattr(cls, n)}
        params, body = [], []
        seen_default = False
        for n in names:
            value = n
            if isinstance(defaults.get(n), _Field):
                params.append(f"{n}=_made")
                value = f"_d_{n}.factory() if {n} is _made else {n}"
                seen_default = True
            elif n in defaults:
                params.append(f"{n}=_d_{n}")
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {n!r} follows default argument")
            else:
                params.append(n)
            body.append(f"_set(self, {n!r}, {value})" if frozen else f"self.{n} = {value}")
        if hasattr(cls, "__post_init__"):
            body.append("self.__post_init__()")
        src = f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
        ns = {f"_d_{n}": v for n, v in defaults.items()}
        ns["_set"], ns["_made"] = object.__setattr__, _MADE
        for n, v in defaults.items():
            if isinstance(v, _Field):
                delattr(cls, n)  # as dataclasses: no shared class attribute for a made default
        exec(src, ns)  # noqa: S102 -- generated from the class's own field names, as dataclasses does
        init = ns["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
        cls.__record_fields__ = tuple(names)
        cls.__match_args__ = tuple(names)

        def __repr__(self):
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
            return f"{type(self).__qualname__}({inner})"

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, n) == getattr(other, n) for n in names)

        own = cls.__dict__
        explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = __repr__
        if "__eq__" not in cls.__dict__:
            cls.__eq__ = __eq__
        if frozen:
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
            if not explicit_hash:
                cls.__hash__ = lambda self: hash(tuple(getattr(self, n) for n in names))
        elif not explicit_hash:
            cls.__hash__ = None  # as dataclass(eq=True): mutable, so unhashable
        return cls

    def record(cls=None, /, *, frozen=False):
        if cls is None:
            return lambda c: _make(c, frozen)
        return _make(cls, frozen)

    def replace(obj, **changes):
        """A copy of ``obj`` with some fields changed (``dataclasses.replace``)."""
        for n in fields_of(obj):
            changes.setdefault(n, getattr(obj, n))
        return type(obj)(**changes)


def fields_of(obj: object) -> tuple[str, ...]:
    """The field names of a record (class or instance), in order."""
    names: tuple[str, ...] = getattr(obj, "__record_fields__")  # noqa: B009 -- set by record at run time
    return names


__all__ = ["field", "fields_of", "record", "replace"]
