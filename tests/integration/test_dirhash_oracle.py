"""gover's h1: hashes against the real go: ``go mod download -json`` is the oracle."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gover.gomod.dirhash import hash_dir, hash_gomod, hash_zip
from tests.conftest import toolchain_root
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration


def test_hashes_match_go_mod_download(tmp_path: Path, go_env: dict[str, str]) -> None:
    proxy = tmp_path / "proxy"
    files = {"a.go": "package a\n", "sub/b.go": "package sub\n", "Upper/README": "hi\n",
             "go.mod": "module example.com/Hash/m\n\ngo 1.21\n\nrequire example.com/x v1.0.0\n"}
    zpath = add_module(proxy, "example.com/Hash/m", "v1.2.3", files)
    modcache = tmp_path / "modcache"
    env = {**go_env, "GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOMODCACHE": str(modcache),
           "GOFLAGS": "-modcacherw"}
    go = toolchain_root("1.22.10") / "bin" / "go"
    work = tmp_path / "work"
    work.mkdir()
    out = subprocess.run([str(go), "mod", "download", "-json", "example.com/Hash/m@v1.2.3"],
                         cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    info = json.loads(out)
    assert hash_zip(zpath) == info["Sum"]
    assert hash_dir(Path(info["Dir"]), "example.com/Hash/m@v1.2.3") == info["Sum"]
    assert hash_gomod(files["go.mod"].encode()) == info["GoModSum"]
    ziphash = Path(info["Zip"]).with_suffix(".ziphash").read_text()
    assert ziphash == info["Sum"]
