"""The internal-error guard: every subcommand fed long and odd paths (a 20,000-character
name, /dev/null, /proc/self/mem, /dev/zero, a directory, a FIFO, ``~`` forms) and bad
GOVER_* settings must answer with a one-line error (exit 1 or 2, a hint line allowed) —
never exit 3, a traceback, a hang or a runaway read.

The calls run in-process (``main([...])``) in one worker process, which caps its memory
(a read of /dev/zero fails fast instead of filling the machine) and interrupts any call
that blocks (a FIFO opened for reading waits for a writer for ever).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

_WORKER = r'''
import io, json, os, resource, signal, sys, time
sys.path[:0] = [sys.argv[1]]
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from gover.cli import main as cli, parser as cli_parser
parser = cli_parser.build_parser()
cli_parser.build_parser = lambda only=None: parser  # built once, in full: argparse keeps no state
main = cli.main

class Blocked(BaseException):
    pass

def alarm(*_):
    raise Blocked()

signal.signal(signal.SIGALRM, alarm)
for case in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    signal.alarm(5)
    try:
        code = main(case["argv"], env=case["env"], stdout=out, stderr=err)
    except Blocked:
        code = "blocked"
    except BaseException as e:
        code = f"raised {type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
    print(json.dumps({"argv": case["argv"], "extra": case["extra"], "code": code,
                      "err": err.getvalue(), "out": out.getvalue()[-2000:],
                      "took": time.monotonic() - t0}), flush=True)
'''

# P marks where the odd path goes.
PATH_COMMANDS = [
    ["install", "--bundle", "P", "1.22"], ["install", "--archive", "P"],
    ["install", "--archive", "P", "--sha256", "0" * 64],
    ["adopt", "P"], ["mod", "parse", "P"], ["mod", "parse", "P", "--json"], ["mod", "check", "P"],
    ["mod", "why-version", "example.com/x", "P"], ["check", "P"], ["check", "--files", "P"],
    ["migrate", "P", "--go", "1.22", "--dry-run"], ["hook", "install", "P"],
    ["hook", "install", "P", "--dry-run"],
    ["proxy", "route", "example.com/x", "--goroot", "P"], ["doctor", "--dir", "P"],
    ["modcache", "verify", "--against", "P"], ["buildinfo", "P"], ["buildinfo", "P", "--json"],
    ["bundle", "list", "P"], ["bundle", "verify", "P"], ["bundle", "create", "1.22", "-o", "P"],
    ["local", "1.22", "--dry-run"], ["init", "bash", "--rc", "P", "--dry-run"],
    ["matrix", "--versions", "1.22", "--log-dir", "P", "--dry-run", "--", "true"],
    ["matrix", "--versions", "1.22", "--junit", "P", "--dry-run", "--", "true"],
    ["ci", "matrix", "P"], ["release", "check", "P"], ["release", "check", "P", "--policy", "P"],
]

BAD_SETTINGS = [
    {"GOVER_HTTP_TIMEOUT": "-1"}, {"GOVER_HTTP_RETRIES": "-3"}, {"GOVER_HTTP_RETRIES": "-1"},
    {"GOVER_HTTP_BACKOFF": "nan"}, {"GOVER_HTTP_DEADLINE": "-5"},
    {"GOVER_PIP": "'x", "GOVER_SOURCES": "pypi"}, {"GOVER_DL_URL": "/dl/"}, {"GOVER_HOME": "FILE"},
    {"GOVER_HOME": "~nosuchuser/x"}, {"GOVER_HOME": "rel"}, {"GOVER_OS": "../x"},
    {"GOVER_CROSS_VERIFY": "yes"}, {"GOVER_SOURCES": "bogus"}, {"GOVER_MIRROR": "bogus"},
]
SETTING_COMMANDS = [["list"], ["list-remote"], ["install", "1.22"], ["uninstall", "1.22"], ["rehash"],
                    ["current"], ["bundle", "create", "1.22", "-o", "OUT"], ["adopt", "DIR"],
                    ["install", "--archive", "FILE"], ["buildinfo", "FILE", "--outdated"]]


def odd_paths(tmp: Path) -> dict[str, str]:
    (tmp / "a-dir").mkdir()
    os.mkfifo(tmp / "a-fifo")
    (tmp / "a-file").write_text("not an archive\n")
    return {"long": "/tmp/" + "a" * 20000, "long-part": "/tmp/" + "b" * 300, "dev-null": "/dev/null",
            "proc-mem": "/proc/self/mem", "dev-zero": "/dev/zero", "dir": str(tmp / "a-dir"),
            "fifo": str(tmp / "a-fifo"), "tilde": "~", "tilde-user": "~1.22", "file": str(tmp / "a-file")}


def cases(tmp: Path) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items()}
    odd = odd_paths(tmp)
    out: list[dict[str, object]] = []
    for argv in PATH_COMMANDS:
        for name, path in odd.items():
            out.append({"argv": [path if a == "P" else a for a in argv], "extra": name, "env": env})
    fill = {"FILE": odd["file"], "DIR": odd["dir"], "OUT": str(tmp / "out.bundle")}
    for bad in BAD_SETTINGS:
        bad_env = {k: fill.get(v, v) for k, v in bad.items()}
        for argv in SETTING_COMMANDS:
            out.append({"argv": [fill.get(a, a) for a in argv], "extra": json.dumps(bad_env),
                        "env": {**env, **bad_env}})
    return out


def test_no_subcommand_fails_with_an_internal_error(tmp_path: Path) -> None:
    todo = cases(tmp_path)
    p = subprocess.run([sys.executable, "-c", _WORKER, str(ROOT / "src")], input=json.dumps(todo),
                       capture_output=True, text=True, timeout=300, cwd=tmp_path)
    results = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(results) == len(todo), p.stderr[-2000:]
    bad = []
    for r in results:
        if tuple(r["argv"][:2]) == ("mod", "parse") or r["argv"][0] == "buildinfo":
            # these print Go's own text (errors parsing …, file:line lines): only no crash counts
            if r["code"] not in (0, 1, 2) or "Traceback" in r["err"] or "internal error" in r["err"]:
                bad.append(r)
            continue
        code, err = r["code"], r["err"]
        said = [x for x in err.splitlines() if not x.startswith("  ")]  # hints are indented
        if code not in (0, 1, 2, 127) or "Traceback" in err or "internal error" in err:
            bad.append(r)
        elif code == 1 and not err and " failed (" in r["out"]:
            continue  # a report of failures on stdout (release check), one per file
        elif code and not (said and said[-1].startswith("gover: ")):
            bad.append(r)  # a failure ends with gover's one-line reason
        elif code and (len(said) > 2 or sum(x.startswith("gover: ") for x in said) > 1):
            bad.append(r)  # one line (after one status line at most), plus an indented hint
    shown = "\n".join(f"{' '.join(a[:60] for a in r['argv'])} [{r['extra']}] -> {r['code']}: "
                      f"{r['err'][:300]!r}" for r in bad[:10])
    assert not bad, f"{len(bad)} of {len(results)} calls failed badly:\n{shown}"


def test_long_values_are_shortened_in_messages(tmp_path: Path, gover) -> None:  # type: ignore[no-untyped-def]
    r = gover("mod", "parse", "/tmp/" + "a" * 20000)
    assert r.code == 1 and len(r.err) < 300 and "(20005 characters)" in r.err, r


@pytest.mark.parametrize("argv", [["doctor"], ["install", "--help"], ["mod", "parse", "go.mod"]])
def test_an_ascii_terminal_gets_no_encoding_crash(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "go.mod").write_bytes(b"module example.com/\xc3\xa9\n\ngo 1.2\xff\n")
    (tmp_path / ".go-version").write_text("1.22\n")  # the doctor's selection evidence has an em dash
    p = subprocess.run([sys.executable, "-m", "gover", *argv], cwd=tmp_path, capture_output=True,
                       env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert p.returncode in (0, 1), p
    assert b"Traceback" not in p.stderr and b"UnicodeEncodeError" not in p.stderr, p.stderr[-500:]
