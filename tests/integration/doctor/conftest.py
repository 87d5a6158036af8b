from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.doctor import Scenario


@pytest.fixture
def scenario(tmp_path: Path, shared_go_caches: dict[str, str]) -> Scenario:
    os.environ["GOVER_TEST_GOCACHE"] = shared_go_caches["GOCACHE"]
    return Scenario(tmp_path)
