"""``@record``: the part of ``@dataclass`` the start-up path uses, without its import.

``import dataclasses`` pulls in ``inspect`` (and with it ``dis``, ``ast``,
``tokenize`` …): more than everything else ``gover current`` imports put together
(docs/DESIGN.md, "Start-up").  The modules ``current``, ``which``, ``env`` and
``list`` import declare their value types with ``@record`` instead.  Type checkers
see the real ``dataclasses.dataclass`` (the ``TYPE_CHECKING`` branch), so a record
is checked exactly as the dataclass it behaves like; tests/unit/test_record.py holds
the two to the same ``__init__``, ``repr``, ``==``, ``hash`` and frozenness.

Supported: fields from annotations in order (inherited ones first), plain
defaults, ``field(default_factory=…, compare=…, repr=…)``, ``frozen=True``,
``__post_init__``.  Not supported (use ``dataclasses`` where needed): other ``field()`` options,
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
        __slots__ = ("compare", "factory", "repr")

        def __init__(self, factory, compare, repr):
            self.factory, self.compare, self.repr = factory, compare, repr

    def field(*, default_factory, compare=True, repr=True):
        """A default made fresh for each instance (``dataclasses.field(default_factory=…)``);
        with ``compare=False`` left out of ``==`` and the hash, with ``repr=False`` out of repr."""
        return _Field(default_factory, compare, repr)

    _MADE = object()  # "not given": the field's factory makes the value

    class FrozenInstanceError(AttributeError):
        pass

    def _frozen_setattr(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delattr(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    SPECIALIZE_AFTER = 64  # instances of a class made by the generic __init__ before its own

    def _specialized(qualname, names, defaults, factories, frozen, post_init):
        """An ``__init__`` with the class's own signature, as dataclasses writes it: compiling
        it costs about 40 generic calls, so only a class a run makes many of gets one."""
        if any(n == "self" or n.startswith("_rec_") for n in names):
            return None
        ns = {"_rec_MADE": _MADE, "_rec_set": object.__setattr__}
        params, body = [], []
        for n in names:
            value = n
            if n in factories:
                ns[f"_rec_f_{n}"] = factories[n]
                params.append(f"{n}=_rec_MADE")
                value = f"_rec_f_{n}() if {n} is _rec_MADE else {n}"
            elif n in defaults:
                ns[f"_rec_d_{n}"] = defaults[n]
                params.append(f"{n}=_rec_d_{n}")
            else:
                params.append(n)
            body.append(f"    _rec_set(self, {n!r}, {value})" if frozen else f"    self.{n} = {value}")
        if post_init:
            body.append("    self.__post_init__()")
        exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"]), ns)
        fast = ns["__init__"]
        fast.__qualname__ = f"{qualname}.__init__"
        return fast

    def _init(cls, qualname, names, defaults, factories, frozen, post_init):
        """A generic ``__init__``: no ``exec`` (compiling one per class costs more, at
        import, than every call of it in a run); after SPECIALIZE_AFTER calls the class
        gets its own."""
        set_ = object.__setattr__ if frozen else setattr
        count = len(names)
        # Per position: (name, default, factory), for the common call with positional
        # arguments only (the parsers build thousands of records a run).
        rest = tuple((n, defaults.get(n, _MADE), factories.get(n)) for n in names)
        calls = [0]

        def __init__(self, *args, **kwargs):
            calls[0] += 1
            if calls[0] == SPECIALIZE_AFTER and cls.__dict__.get("__init__") is __init__:
                fast = _specialized(qualname, names, defaults, factories, frozen, post_init)
                if fast is not None:
                    cls.__init__ = fast
            if not kwargs and len(args) <= count:
                for n, v in zip(names, args, strict=False):
                    set_(self, n, v)
                for n, d, f in rest[len(args):]:
                    if f is not None:
                        set_(self, n, f())
                    elif d is _MADE:
                        raise TypeError(f"{qualname}() missing required argument: {n!r}")
                    else:
                        set_(self, n, d)
                if post_init:
                    self.__post_init__()
                return
            if len(args) > count:
                raise TypeError(f"{qualname}() takes {count} positional arguments but {len(args)} were given")
            values = dict(zip(names, args, strict=False))
            for k, v in kwargs.items():
                if k in values or k not in names:
                    raise TypeError(f"{qualname}() got an unexpected or repeated argument {k!r}")
                values[k] = v
            for n in names:
                if n in values:
                    v = values[n]
                elif n in defaults:
                    v = defaults[n]
                elif n in factories:
                    v = factories[n]()
                else:
                    raise TypeError(f"{qualname}() missing required argument: {n!r}")
                set_(self, n, v)
            if post_init:
                self.__post_init__()

        __init__.__qualname__ = f"{qualname}.__init__"
        return __init__

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
        options = {n: v for n, v in defaults.items() if isinstance(v, _Field)}
        factories = {}
        # factories, (not compared, not shown): inherited too, as a base's _Field is gone by then
        hidden = [set(), set()]
        for base in reversed(cls.__mro__[1:]):
            factories.update(getattr(base, "__record_factories__", {}))
            for mine, theirs in zip(hidden, getattr(base, "__record_hidden__", ((), ())), strict=True):
                mine.update(theirs)
        factories.update((n, v.factory) for n, v in options.items())
        hidden[0].update(n for n, v in options.items() if not v.compare)
        hidden[1].update(n for n, v in options.items() if not v.repr)
        compared = [n for n in names if n not in hidden[0]]
        shown = [n for n in names if n not in hidden[1]]
        cls.__record_hidden__ = (frozenset(hidden[0]), frozenset(hidden[1]))
        for n in options:
            del defaults[n]
            delattr(cls, n)  # as dataclasses: no shared class attribute for a made default
        for n in [n for n in factories if n in defaults]:
            del factories[n]  # a plain default given again below replaces the inherited factory
        cls.__record_factories__ = dict(factories)
        required = [n for n in names if n not in defaults and n not in factories]
        if required and names.index(required[-1]) >= len(required):
            raise TypeError(f"non-default argument {required[-1]!r} follows default argument")
        cls.__init__ = _init(cls, cls.__qualname__, tuple(names), defaults, factories, frozen,
                             hasattr(cls, "__post_init__"))
        cls.__record_fields__ = tuple(names)
        cls.__match_args__ = tuple(names)

        def __repr__(self):
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
            return f"{type(self).__qualname__}({inner})"

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, n) == getattr(other, n) for n in compared)

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
                cls.__hash__ = lambda self: hash(tuple(getattr(self, n) for n in compared))
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
