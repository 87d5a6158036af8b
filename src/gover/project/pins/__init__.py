"""Every Go version pin in a repository (``gover pins``), the ``pins`` check, and the
in-place rewrite ``gover migrate`` uses: one small reader per kind of file."""

from __future__ import annotations

from gover.project.pins.model import Pin, Problem
from gover.project.pins.scan import KINDS, Scan, scan

__all__ = ["KINDS", "Pin", "Problem", "Scan", "scan"]
