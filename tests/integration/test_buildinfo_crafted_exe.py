"""The crafted PE and Mach-O variants of tests/support/craft_exe.py read by the real
``go version -m``: each answer the unit tests expect is the one go gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import toolchain_root
from tests.support import craft_exe

pytestmark = pytest.mark.integration

VARIANTS = craft_exe.variants()


@pytest.mark.parametrize("toolchain", ["1.22.10", "1.25.5"])
def test_go_agrees_with_every_variant(tmp_path: Path, toolchain: str) -> None:
    go = toolchain_root(toolchain) / "bin" / "go"
    files = []
    for name, (data, _) in VARIANTS.items():
        f = tmp_path / name
        f.write_bytes(data)
        f.chmod(0o755)  # an executable: go prints its error instead of skipping it
        files.append(str(f))
    p = subprocess.run([str(go), "version", "-m", *files], capture_output=True, text=True,
                       env={**os.environ, "GOENV": "off"})
    got = {}
    for line in p.stdout.splitlines() + p.stderr.splitlines():
        if line.startswith(str(tmp_path)):
            file, _, rest = line.partition(": ")
            got[Path(file).name] = rest.rsplit(": ", 1)[-1]
    assert got == {name: want for name, (_, want) in VARIANTS.items()}
