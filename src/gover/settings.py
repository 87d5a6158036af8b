"""gover's own ``GOVER_*`` settings, each read and checked in one place.

Every reader of a setting calls one of these functions, so a bad value is always
the same one-line ConfigError naming the variable, the value and what is
accepted — never an exception from deep inside (a ``ValueError`` from
``shlex``, a URL opener refusing ``/dl/``, ``int(nan)``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path

from gover.errors import ConfigError
from gover.lazyre import lazy

DEFAULT_DL_URL = "https://go.dev/dl/"
_INF = float("inf")
_PLATFORM_WORD = lazy(r"[a-z0-9]+")


def _bad(key: str, raw: str, accepted: str, why: str = "is out of range") -> ConfigError:
    return ConfigError(f"{key}={raw!r} {why}; accepted: {accepted}")


def number(env: Mapping[str, str], key: str, default: float, accepted: str, *,
           above_zero: bool = False, maximum: float | None = None) -> float:
    """A finite number ≥ 0 (> 0 with ``above_zero``), or ``default`` when unset or empty."""
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _bad(key, raw, accepted, "is not a number") from None
    # A negative retry count used to end in "unreachable", a zero timeout makes
    # sockets non-blocking, and int(inf) or int(nan) raises.
    if value != value or value in (_INF, -_INF) or value < 0 or (above_zero and value == 0) \
            or (maximum is not None and value > maximum):
        raise _bad(key, raw, accepted)
    return value


def http_retries(env: Mapping[str, str]) -> int:
    return int(number(env, "GOVER_HTTP_RETRIES", 4, "a whole number from 0 to 100", maximum=100))


def http_timeout(env: Mapping[str, str]) -> float:
    return number(env, "GOVER_HTTP_TIMEOUT", 30.0, "a number of seconds above 0", above_zero=True)


def http_backoff(env: Mapping[str, str]) -> float:
    return number(env, "GOVER_HTTP_BACKOFF", 0.5, "a number of seconds, 0 or more")


def http_deadline(env: Mapping[str, str]) -> float | None:
    """The total time one download may take, retries included (None: proportional to its size)."""
    value = number(env, "GOVER_HTTP_DEADLINE", 0.0, "a number of seconds above 0", above_zero=True)
    return value or None


def dl_bases(env: Mapping[str, str]) -> list[str]:
    """``GOVER_DL_URL``: download-site bases, comma-separated, each ending in ``/``."""
    raw = env.get("GOVER_DL_URL", "")
    bases = [b.strip() for b in (raw or DEFAULT_DL_URL).split(",") if b.strip()]
    if not bases:
        raise _bad("GOVER_DL_URL", raw, "http:// or https:// URLs separated by commas",
                   "names no download site")
    for b in bases:
        p = urllib.parse.urlsplit(b)
        if p.scheme not in ("http", "https") or not p.netloc:
            raise _bad("GOVER_DL_URL", raw, "http:// or https:// URLs separated by commas, "
                       "e.g. https://go.dev/dl/", f"is not a URL ({b!r} has no http(s) host)")
    return [b if b.endswith("/") else b + "/" for b in bases]


def pip_command(env: Mapping[str, str]) -> list[str] | None:
    """``GOVER_PIP``: the command line that runs pip (None: this Python's ``-m pip``)."""
    import shlex

    raw = env.get("GOVER_PIP", "")
    if not raw.strip():
        return None
    try:
        words = shlex.split(raw)
    except ValueError as e:
        raise _bad("GOVER_PIP", raw, "a command line such as 'python3 -m pip' (sh quoting)",
                   f"cannot be split into words ({e})") from None
    return words


def cross_verify(env: Mapping[str, str]) -> str:
    raw = env.get("GOVER_CROSS_VERIFY", "")
    mode = raw.strip() or "auto"
    if mode not in ("auto", "off", "require"):
        raise _bad("GOVER_CROSS_VERIFY", raw, "auto, off or require", "is not a mode")
    return mode


def platform_word(env: Mapping[str, str], key: str) -> str:
    """``GOVER_OS``/``GOVER_ARCH``: a Go name like ``linux`` or ``arm64`` ("" when unset).

    The value ends up in file names in the download cache, so nothing but
    lowercase letters and digits is let through.
    """
    raw = env.get(key, "")
    if raw and not _PLATFORM_WORD.fullmatch(raw):
        raise _bad(key, raw, "a Go GOOS/GOARCH name: lowercase letters and digits (linux, arm64)",
                   "is not a platform name")
    return raw


def home(env: Mapping[str, str]) -> Path | None:
    """``GOVER_HOME`` as an absolute path (None when unset: the default ~/.gover)."""
    raw = env.get("GOVER_HOME", "")
    if not raw:
        return None
    try:
        path = Path(raw).expanduser()
    except RuntimeError:  # "~someone" for a user that does not exist
        raise _bad("GOVER_HOME", raw, "an absolute path", "names an unknown user's home") from None
    if not path.is_absolute():
        raise _bad("GOVER_HOME", raw, "an absolute path", "is not an absolute path")
    return path


def remote_ttl(env: Mapping[str, str]) -> float:
    """``GOVER_REMOTE_TTL``: how long a fetched release list is used again (0: never)."""
    return number(env, "GOVER_REMOTE_TTL", 3600.0, "a number of seconds, 0 or more "
                  "(0: fetch every time; default 3600)", maximum=10 * 365 * 86400)


def choice(env: Mapping[str, str], key: str, known: Iterable[str], what: str) -> str:
    """A name out of ``known`` ("" when unset or empty)."""
    raw = env.get(key, "")
    name = raw.strip()
    names = list(known)
    if name and name not in names:
        raise _bad(key, raw, ", ".join(names), f"is not a known {what}")
    return name


def name_list(env: Mapping[str, str], key: str, known: Iterable[str], default: str,
              what: str) -> list[str]:
    """Comma-separated names out of ``known`` (``default`` when unset or blank)."""
    raw = env.get(key, "")
    names = [n.strip() for n in (raw if raw.strip() else default).split(",") if n.strip()]
    allowed = list(known)
    accepted = f"some of {', '.join(allowed)}, comma-separated (default {default})"
    if not names:
        raise _bad(key, raw, accepted, f"names no {what}")
    for n in names:
        if n not in allowed:
            raise _bad(key, raw, accepted, f"names an unknown {what} ({n!r})")
    return names


def auto_install(env: Mapping[str, str]) -> bool:
    """``GOVER_AUTO_INSTALL``: 1 installs a missing release before running it, as the shims do."""
    raw = env.get("GOVER_AUTO_INSTALL", "")
    if raw.strip() not in ("", "0", "1"):
        raise _bad("GOVER_AUTO_INSTALL", raw, "1 (install what is missing) or 0", "is not 0 or 1")
    return raw.strip() == "1"
