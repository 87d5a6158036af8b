"""Download sources, by name.  ``GOVER_SOURCES`` orders them (default ``official,proxy,pypi``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from gover.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
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


def source_names(env: Mapping[str, str]) -> list[str]:
    """The ordered source names of ``GOVER_SOURCES`` (unknown names refused)."""
    from gover import settings

    return settings.name_list(env, "GOVER_SOURCES", REGISTRY, DEFAULT_ORDER, "source")


def order(ctx: SourceContext, only: str | None) -> list[str]:
    """``only`` (a --source flag), else the GOVER_SOURCES order."""
    if only:
        make(only, ctx)  # refuses unknown names
        return [only]
    return source_names(ctx.env)


def make(name: str, ctx: SourceContext) -> Source:
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown source {name!r}: expected one of "
                         + ", ".join(sorted(REGISTRY))) from None
    return factory(ctx)
