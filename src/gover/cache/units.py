"""Durations (``7d``, ``36h``, ``1w2d``, ``90m``) and sizes (``500M``, ``2G``, ``1.5GiB``);
the timestamp and failure shapes the caches' ``--json`` documents share."""

from __future__ import annotations

import re
import time

from gover.errors import UsageError

_DUR_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DUR_PART = re.compile(r"(\d+(?:\.\d+)?)([wdhms])")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?", re.I)
_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_duration(text: str) -> float:
    """Seconds in ``text``: numbers with units w, d, h, m, s, concatenated (``1d12h``)."""
    s = text.strip().lower()
    if not s or _DUR_PART.sub("", s) != "":
        raise UsageError(f"invalid duration {text!r}: use a number with a unit, "
                         "e.g. 30m, 12h, 7d, 2w or 1d12h")
    return sum(float(n) * _DUR_UNITS[u] for n, u in _DUR_PART.findall(s))


def iso_utc(ts: float | None) -> str | None:
    """Unix seconds as RFC 3339 UTC (``2024-05-01T12:00:00Z``), None for None."""
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def failed_json(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """(path, error) pairs of deletions that failed, as ``--json`` lists them."""
    return [{"path": str(p), "error": e} for p, e in pairs]


def parse_size(text: str) -> int:
    """Bytes in ``text``: a number with an optional K, M, G or T (powers of 1024; B, iB allowed)."""
    m = _SIZE.fullmatch(text.strip())
    if not m:
        raise UsageError(f"invalid size {text!r}: use bytes or a number with K, M, G or T "
                         "(powers of 1024), e.g. 500M, 2G, 1.5GiB")
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()])
