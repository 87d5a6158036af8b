"""``gover check`` on clean real-world layouts (zero errors); bad input is in
test_check_bad_input.py.

The layouts are built from the real go.mod/go.sum/vendor files of ../shared/corpus/gomod
(read in place, never copied into the repository; skipped when absent): independent
modules side by side with no go.work (as golang/example), etcd's workspace, and vendored
modules.  Directories the corpus does not hold (etcd's pkg, tests …) get a one-line
stand-in go.mod so the go.work and replace directives point at modules.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_corpus
from tests.support import verdicts

pytestmark = pytest.mark.integration

CORPUS = Path(os.environ.get("CORPUS_GOMOD") or shared_corpus())

INDEPENDENT = {
    "golang__mod__go.mod": "mod/go.mod", "golang__mod__go.sum": "mod/go.sum",
    "golang__tools__go.mod": "tools/go.mod", "golang__tools__go.sum": "tools/go.sum",
    "golang__tools__gopls__go.mod": "tools/gopls/go.mod",  # replace golang.org/x/tools => ../
    "golang__vuln__go.mod": "vuln/go.mod", "golang__protobuf__go.mod": "protobuf/go.mod",
    "golang__dl__go.mod": "dl/go.mod", "golang__mock__go.mod": "mock/go.mod",
    "golang__mock__go.sum": "mock/go.sum", "cli__cli__go.mod": "cli/go.mod",
    "caddyserver__caddy__go.mod": "caddy/go.mod", "klauspost__compress__go.mod": "compress/go.mod",
    "prometheus__client_golang__go.mod": "client_golang/go.mod",
}
ETCD = {
    "etcd-io__etcd__go.mod": "go.mod", "etcd-io__etcd__go.work": "go.work",
    "etcd-io__etcd__api__go.mod": "api/go.mod", "etcd-io__etcd__client__pkg__go.mod": "client/pkg/go.mod",
    "etcd-io__etcd__client__v3__go.mod": "client/v3/go.mod", "etcd-io__etcd__server__go.mod": "server/go.mod",
    "etcd-io__etcd__tools__mod__go.mod": "tools/mod/go.mod",
}
VENDORED = {
    "containerd": {"containerd__containerd__go.mod": "go.mod", "containerd__containerd__api__go.mod":
                   "api/go.mod", "containerd__containerd__vendor__modules.txt": "vendor/modules.txt"},
    "goup": {"owenthereal__goup__go.mod": "go.mod", "owenthereal__goup__vendor__modules.txt":
             "vendor/modules.txt"},
    "g": {"voidint__g__go.mod": "go.mod", "voidint__g__vendor__modules.txt": "vendor/modules.txt"},
}


def place(root: Path, files: dict[str, str]) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus absent ({CORPUS})")
    for src, dst in files.items():
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        (root / dst).write_bytes((CORPUS / src).read_bytes())
    return root


def check(gover: Any, root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # no go: the file checks only
    r = gover("check", str(root), "--format", "json", "--no-go", *args, env=env)
    assert "Traceback" not in r.err, r
    return r.code, json.loads(r.out) if r.out else {}


def error_codes(doc: dict[str, Any]) -> list[str]:
    return [f["code"] for f in doc["findings"] if f["severity"] == "error"]


def test_independent_modules_side_by_side(tmp_path: Path, gover: Any) -> None:
    root = place(tmp_path / "example", INDEPENDENT)
    code, doc = check(gover, root)
    assert code == 0 and error_codes(doc) == [], [f for f in doc["findings"] if f["severity"] == "error"]
    drift = [f for f in doc["findings"] if f["code"] == "dep-drift"]
    assert drift and {f["severity"] for f in drift} == {"info"}  # versions differ, nothing builds together
    # gopls replaces tools by a directory: gopls builds with tools' requirements, so gopls
    # requiring less than tools would be an error; tools requiring less than gopls is not.
    verdicts.record("clean: independent modules (golang/*)", "check", None, error_codes(doc))


def test_a_workspace_in_sync(tmp_path: Path, gover: Any) -> None:
    root = place(tmp_path / "etcd", ETCD)
    for d in ("cache", "etcdctl", "etcdutl", "pkg", "tests", "tests/antithesis/pkg", "tools/rw-heatmaps",
              "tools/testgrid-analysis"):
        (root / d).mkdir(parents=True, exist_ok=True)
        (root / d / "go.mod").write_text(f"module go.etcd.io/etcd/{d.replace('/', '-')}/v3\n\ngo 1.26\n")
    code, doc = check(gover, root)
    assert code == 0 and error_codes(doc) == [], doc["findings"]
    verdicts.record("clean: a workspace (etcd)", "check", None, error_codes(doc))
    # Move one module's requirement down: now the workspace builds it with another version.
    server = (root / "server" / "go.mod").read_text()
    (root / "server" / "go.mod").write_text(server.replace("go.etcd.io/bbolt v1.5.0",
                                                           "go.etcd.io/bbolt v1.4.0"))
    code, doc = check(gover, root)
    assert code == 1 and set(error_codes(doc)) == {"dep-drift"}, doc["findings"]
    verdicts.record("dep-drift: a workspace member behind", "check", "dep-drift", error_codes(doc))


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_vendored_modules(tmp_path: Path, gover: Any, name: str) -> None:
    root = place(tmp_path / name, VENDORED[name])
    code, doc = check(gover, root)
    assert code == 0 and error_codes(doc) == [], doc["findings"]
    verdicts.record(f"clean: a vendored module ({name})", "check", None, error_codes(doc))
