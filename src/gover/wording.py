"""Counted nouns for messages: "1 module", "2 modules", never "1 modules" or "module(s)"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``count(1, "entry", "entries")`` → "1 entry"; the plural defaults to ``noun + "s"``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
