"""Fixtures shared by the CLI unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def work(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, current for the test, with a PATH holding no go."""
    w = isolated_env / "work"
    w.mkdir()
    monkeypatch.chdir(w)
    monkeypatch.setenv("PWD", str(w))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    return w
