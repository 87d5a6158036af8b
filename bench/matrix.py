"""`go test ./...` of a small module under go1.21.13, go1.22.10 and go1.23.9:
`gover matrix --jobs 2` vs the same three `go test` runs one after another.

Two scenarios, runs alternating so background load hits both alike:
  cold  every run starts from an empty GOCACHE (the std packages compile too)
  warm  the build cache is full; -count=1 makes every test binary run again

The baseline runs go directly (no gover), so the ratio includes gover's own cost
(Python start-up, version selection, logs).  A ratio below 1 is the speed-up.

    .venv/bin/python bench/matrix.py [cold runs] [warm runs]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, provision, report, timed

VERSIONS = ["1.21.13", "1.22.10", "1.23.9"]

FILES = {
    "go.mod": "module example.com/bench\n\ngo 1.21\n",
    "a/a.go": 'package a\n\nimport "encoding/json"\n\ntype T struct {\n\tName string `json:"name"`\n'
              '\tTags []string `json:"tags"`\n}\n\nfunc Round(t T) (T, error) {\n\tvar out T\n'
              '\tb, err := json.Marshal(t)\n\tif err != nil {\n\t\treturn out, err\n\t}\n'
              '\treturn out, json.Unmarshal(b, &out)\n}\n',
    "a/a_test.go": 'package a\n\nimport (\n\t"reflect"\n\t"testing"\n)\n\nfunc TestRound(t *testing.T) {\n'
                   '\tin := T{"x", []string{"a", "b"}}\n\tout, err := Round(in)\n'
                   '\tif err != nil || !reflect.DeepEqual(in, out) {\n\t\tt.Fatal(out, err)\n\t}\n}\n',
    "b/b.go": 'package b\n\nimport (\n\t"sort"\n\t"strings"\n)\n\nfunc Words(s string) []string {\n'
              '\tw := strings.Fields(strings.ToLower(s))\n\tsort.Strings(w)\n\treturn w\n}\n',
    "b/b_test.go": 'package b\n\nimport "testing"\n\nfunc TestWords(t *testing.T) {\n'
                   '\tif w := Words("b A c"); len(w) != 3 || w[0] != "a" {\n\t\tt.Fatal(w)\n\t}\n}\n',
    "c/c.go": 'package c\n\nimport (\n\t"net/url"\n\t"strings"\n\t"text/template"\n)\n\n'
              'func Link(host, path string) (string, error) {\n\tu := url.URL{Scheme: "https", Host: host, '
              'Path: path}\n\tvar b strings.Builder\n'
              '\tt := template.Must(template.New("").Parse(`<{{.}}>`))\n'
              '\terr := t.Execute(&b, u.String())\n\treturn b.String(), err\n}\n',
    "c/c_test.go": 'package c\n\nimport "testing"\n\nfunc TestLink(t *testing.T) {\n'
                   '\tif s, err := Link("h", "/p"); err != nil || s != "<https://h/p>" {\n'
                   '\t\tt.Fatal(s, err)\n\t}\n}\n',
}


def main(cold_runs: int, warm_runs: int) -> None:
    provision()
    work = Path(tempfile.mkdtemp(prefix="gover-bench-matrix-"))
    try:
        mod = work / "mod"
        for name, text in FILES.items():
            (mod / name).parent.mkdir(parents=True, exist_ok=True)
            (mod / name).write_text(text)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "GOVER_"))}
        base.update(GOVER_HOME=str(work / "gh"), GOFLAGS="", GOPROXY="off", GOTOOLCHAIN="local",
                    GOPATH=str(work / "gopath"), GOVER_DL_URL="http://127.0.0.1:9/dl/")
        for v in VERSIONS:
            root = CACHE / "toolchains" / f"go{v}"
            subprocess.run([sys.executable, "-m", "gover", "-q", "adopt", str(root)], env=base, check=True,
                           stdout=subprocess.DEVNULL)

        def matrix(cache: Path, jobs: int, *args: str) -> None:
            cmd = [sys.executable, "-m", "gover", "-q", "matrix", "--versions", ",".join(VERSIONS),
                   "--jobs", str(jobs), "--log-dir", str(work / "logs"), "--", "go", "test", *args, "./..."]
            subprocess.run(cmd, cwd=mod, env={**base, "GOCACHE": str(cache)}, check=True,
                           stdout=subprocess.DEVNULL)

        def serial(cache: Path, *args: str) -> None:
            for v in VERSIONS:
                root = CACHE / "toolchains" / f"go{v}"
                env = {**base, "GOCACHE": str(cache), "GOROOT": str(root),
                       "PATH": f"{root / 'bin'}{os.pathsep}{base['PATH']}"}
                subprocess.run([str(root / "bin" / "go"), "test", *args, "./..."], cwd=mod, env=env,
                               check=True, stdout=subprocess.DEVNULL)

        def fresh() -> Path:
            cache = work / "cold"
            shutil.rmtree(cache, ignore_errors=True)
            return cache

        cand, base_t, one = [], [], []
        for _ in range(cold_runs):
            cand.append(timed(lambda: matrix(fresh(), 2)))
            base_t.append(timed(lambda: serial(fresh())))
        if cold_runs:
            report("go test ./... x3 versions, empty GOCACHE", "gover matrix --jobs 2",
                   "go test, one version after another", cand, base_t)

        warm = work / "warm"
        serial(warm)
        cand, base_t, one = [], [], []
        for _ in range(warm_runs):
            cand.append(timed(lambda: matrix(warm, 2, "-count=1")))
            base_t.append(timed(lambda: serial(warm, "-count=1")))
            one.append(timed(lambda: matrix(warm, 1, "-count=1")))
        if warm_runs:
            report("go test -count=1 ./... x3 versions, warm GOCACHE", "gover matrix --jobs 2",
                   "go test, one version after another", cand, base_t)
            report("  (gover's own cost) same, warm", "gover matrix --jobs 1",
                   "go test, one version after another", one, base_t)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
