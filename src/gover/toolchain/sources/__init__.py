"""Download sources, by name.  ``GOVER_SOURCES`` orders them (default ``official,proxy,pypi``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gover.errors import UsageError

if TYPE_CHECKING:
    from gover.toolchain.sources.base import Source, SourceContext

DEFAULT_ORDER = "official,proxy,pypi"


def _official(ctx: SourceContext) -> Source:
    from gover.toolchain.sources.official import Official

    return Official(ctx)


def _proxy(ctx: SourceContext) -> Source:
    from gover.toolchain.sources.proxy import GoProxy

    return GoProxy(ctx)


def _pypi(ctx: SourceContext) -> Source:
    from gover.toolchain.sources.pypi import PyPI

    return PyPI(ctx)


# Imported lazily so `gover --help` never pays for a source it does not use.
REGISTRY: dict[str, Callable[[SourceContext], Source]] = {
    "official": _official,
    "proxy": _proxy,
    "pypi": _pypi,
}


def source_names(ctx_env_value: str | None) -> list[str]:
    """The ordered source names from a ``GOVER_SOURCES`` value (unknown names refused)."""
    raw = ctx_env_value or DEFAULT_ORDER
    names = [n.strip() for n in raw.split(",") if n.strip()]
    for n in names:
        if n not in REGISTRY:
            raise UsageError(f"unknown source {n!r} in GOVER_SOURCES: expected some of "
                             + ", ".join(sorted(REGISTRY)))
    return names


def make(name: str, ctx: SourceContext) -> Source:
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown source {name!r}: expected one of "
                         + ", ".join(sorted(REGISTRY))) from None
    return factory(ctx)
