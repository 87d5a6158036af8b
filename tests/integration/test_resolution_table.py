"""One table of layouts, resolved by every implementation of gover's precedence.

The Python resolver (``gover current``), the shims under dash and bash, the sh
resolver alone, the shims' baked fast path, and the bash, zsh and fish prompt
hooks must all choose the same version — or fail with the same message and hint.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.support.layouts import (
    Case,
    Link,
    build,
    expected,
    run_fast,
    run_hook,
    run_python,
    run_sh_resolver,
    run_shim,
)

pytestmark = pytest.mark.integration

GV = "w/.go-version"
NOT_INSTALLED = "error: go1.24.1 is not installed (set by {root}/w/.go-version:1)"
FORMS = 'expected 1.22.10, go1.22.10, 1.22, latest or system'

MOD = "w/go.mod"
GLOBAL = "HOME/version"
BBOLT = "module go.etcd.io/bbolt\n\ngo 1.25.0\n\ntoolchain go1.25.11\n"
ENVFILE = {"XDG_CONFIG_HOME": "{root}/cfg"}
REAL = ("go1.21.13", "go1.22.10", "go1.23.9", "go1.25.5")  # the test toolchains (real ones in the oracle)

# The default and the go line (issue 14): the default stays when it satisfies it.
SELECTION_CASES = [
    Case("default-satisfies-go-line", {MOD: "module cobra\n\ngo 1.15\n", GLOBAL: "1.25.5\n"},
         want="go1.25.5"),
    Case("default-kept-after-adopting-old-go", {MOD: "module cobra\n\ngo 1.15\n", GLOBAL: "1.25\n"},
         installed=("go1.19.8", "go1.21.13", "go1.25.5"), want="go1.25.5"),
    Case("default-too-old-newest-patch", {MOD: "module m\n\ngo 1.23.0\n", GLOBAL: "1.21\n"},
         want="go1.23.9"),
    Case("default-too-old-next-minor", {MOD: "module m\n\ngo 1.24\n", GLOBAL: "1.21\n"}, want="go1.25.5"),
    Case("pin-newer-than-go-line", {GV: "1.25\n", MOD: "module m\ngo 1.21\n"}, want="go1.25.5"),
    Case("pin-older-than-go-line", {".go-version": "1.21\n", MOD: "module m\ngo 1.23.0\n"}, want="go1.23.9"),
    Case("pin-above-the-module", {".go-version": "1.23\n", MOD: "module m\ngo 1.22.5\n"}, want="go1.23.9"),
    Case("gover-version-is-the-default", {MOD: "module m\ngo 1.23.0\n"}, env={"GOVER_VERSION": "1.21"},
         want="go1.23.9"),
    Case("gover-version-satisfies", {MOD: "module m\ngo 1.21\n"}, env={"GOVER_VERSION": "1.22"},
         want="go1.22.10"),
    Case("bbolt-toolchain-not-installed", {MOD: BBOLT, GLOBAL: "1.25\n"}, want="go1.25.5",
         note="{root}/w/go.mod:5 asks for toolchain go1.25.11, which is not installed; go1.25.5 runs "
         "instead (it satisfies go 1.25.0)"),
    Case("bbolt-default-older", {MOD: BBOLT, GLOBAL: "1.23\n"}, want="go1.25.5",
         note="{root}/w/go.mod:5 asks for toolchain go1.25.11, which is not installed; go1.25.5 runs "
         "instead (it satisfies go 1.25.0)"),
    Case("bbolt-local", {MOD: BBOLT, GLOBAL: "1.23\n"}, env={"GOTOOLCHAIN": "local"}, want="go1.23.9",
         note="go commands that load the module fail: {root}/w/go.mod requires go >= 1.25.0 "
         "(running go 1.23.9; GOTOOLCHAIN=local)"),
    Case("bbolt-exact", {MOD: BBOLT, GLOBAL: "1.23\n"}, env={"GOTOOLCHAIN": "go1.25.5"}, want="go1.25.5"),
    Case("toolchain-served-by-newer-patch", {MOD: "module cli\n\ngo 1.22.5\n\ntoolchain go1.22.6\n",
                                             GLOBAL: "1.21\n"}, want="go1.22.10",
         note="{root}/w/go.mod:5 asks for toolchain go1.22.6, which is not installed; go1.22.10 runs "
         "instead (the newest installed patch of its minor)"),
    Case("toolchain-older-than-default", {MOD: "module m\ngo 1.21\ntoolchain go1.23.9\n", GLOBAL: "1.25\n"},
         want="go1.25.5"),
    Case("toolchain-installed-newer-than-default", {MOD: "module m\ngo 1.21\ntoolchain go1.23.9\n",
                                                    GLOBAL: "1.22\n"}, want="go1.23.9"),
    Case("toolchain-exact-patch-installed", {MOD: "module m\ngo 1.22.0\ntoolchain go1.22.3\n",
                                             GLOBAL: "1.21\n"}, want="go1.22.3"),
    Case("toolchain-missing-nothing-satisfies", {MOD: "module m\ngo 1.26\ntoolchain go1.26.6\n",
                                                 GLOBAL: "1.25\n"},
         want="error: {root}/w/go.mod requires go >= 1.26 (running go 1.25.5)"),
    Case("toolchain-no-go-line-not-installed", {MOD: "module m\ntoolchain go1.24.2\n", GLOBAL: "1.22\n"},
         want="go1.22.10", note="{root}/w/go.mod:2 asks for toolchain go1.24.2, which is not installed; "
         "go1.22.10 runs instead (there is no go line)"),
    Case("system-default-satisfies", {MOD: "module m\ngo 1.22.0\n"}, system_version="1.22.3", want="system"),
    Case("system-default-too-old", {MOD: "module m\ngo 1.23.0\n"}, system_version="1.22.3", want="go1.23.9"),
    Case("system-default-toolchain-missing", {MOD: BBOLT}, system_version="1.25.1", want="system",
         note="{root}/w/go.mod:5 asks for toolchain go1.25.11, which is not installed; the system go "
         "(go1.25.1) runs instead (it satisfies go 1.25.0)"),
    Case("system-default-unknown-toolchain-missing", {MOD: "module m\ntoolchain go1.24.2\n"}, want="system",
         note="{root}/w/go.mod:2 asks for toolchain go1.24.2, which is not installed; the system go runs "
         "instead (there is no go line)"),
    Case("system-default-go-env-local", {MOD: "module m\ngo 1.23.0\n", "sysgo/go.env": "GOTOOLCHAIN=local\n"},
         system_version="1.22.3", want="system",
         note="go commands that load the module fail: {root}/w/go.mod requires go >= 1.23.0 "
         "(running go 1.22.3; GOTOOLCHAIN=local)"),
    Case("no-system-go-at-all", {MOD: "module m\ngo 1.21\n"}, system_go=False, want="go1.21.13"),
    Case("workspace-go-line", {"go.work": "go 1.23.0\ntoolchain go1.23.4\n\nuse ./w\n",
                               MOD: "module m\ngo 1.21\n", GLOBAL: "1.22\n"}, want="go1.23.9",
         note="{root}/go.work:2 asks for toolchain go1.23.4, which is not installed; go1.23.9 runs instead"),
]

GOTOOLCHAIN_CASES = [
    Case("gotoolchain-exact-ignores-gomod", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.22\n"},
         env={"GOTOOLCHAIN": "go1.21.13"}, want="go1.21.13"),
    Case("gotoolchain-exact-beats-pins", {GV: "1.22\n"}, env={"GOTOOLCHAIN": "go1.21.13",
                                                             "GOVER_VERSION": "1.23"}, want="go1.21.13"),
    Case("gotoolchain-exact-served", {}, env={"GOTOOLCHAIN": "go1.22.4"}, want="go1.22.10",
         note="GOTOOLCHAIN=go1.22.4 asks for go1.22.4, which is not installed; go1.22.10 runs instead"),
    Case("gotoolchain-exact-missing", {GV: "1.22\n"}, env={"GOTOOLCHAIN": "go1.24.0"},
         want="error: go1.24.0 is not installed (set by GOTOOLCHAIN)"),
    Case("gotoolchain-exact-suffix", {}, env={"GOTOOLCHAIN": "go1.22.10-custom"}, want="go1.22.10"),
    Case("gotoolchain-local", {MOD: "module m\ngo 1.21\n", GLOBAL: "1.22\n"}, env={"GOTOOLCHAIN": "local"},
         want="go1.22.10"),
    Case("gotoolchain-local-pin-too-old", {GV: "1.21\n", MOD: "module m\ngo 1.22.0\n"},
         env={"GOTOOLCHAIN": "local"}, want="go1.21.13",
         note="go commands that load the module fail: {root}/w/go.mod requires go >= 1.22.0 "
         "(running go 1.21.13; GOTOOLCHAIN=local)"),
    Case("gotoolchain-local-without-any-default", {MOD: "module m\ngo 1.22.5\ntoolchain go1.23.9\n"},
         env={"GOTOOLCHAIN": "local"}, system_go=False, want="go1.22.10"),
    Case("gotoolchain-local-system-default", {MOD: "module m\ngo 1.22.5\n"}, env={"GOTOOLCHAIN": "local"},
         want="system", note="go commands that load the module fail"),
    Case("gotoolchain-path", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21\n"}, env={"GOTOOLCHAIN": "path"},
         want="go1.23.9"),
    Case("gotoolchain-path-refuses", {MOD: "module m\ngo 1.26\n", GLOBAL: "1.21\n"},
         env={"GOTOOLCHAIN": "path"},
         want="error: {root}/w/go.mod requires go >= 1.26 (running go 1.21.13; GOTOOLCHAIN=path)"),
    Case("gotoolchain-minimum-kept", {MOD: "module m\ngo 1.21\n", GLOBAL: "1.21\n"},
         env={"GOTOOLCHAIN": "go1.22.10+auto"}, want="go1.22.10"),
    Case("gotoolchain-minimum-upgraded", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.25\n"},
         env={"GOTOOLCHAIN": "go1.22.10+auto"}, want="go1.23.9"),
    Case("gotoolchain-minimum-served", {}, env={"GOTOOLCHAIN": "go1.22.4+path"}, want="go1.22.10",
         note="GOTOOLCHAIN=go1.22.4+path asks for go1.22.4, which is not installed; go1.22.10 runs instead"),
    Case("gotoolchain-minimum-missing", {MOD: "module m\ngo 1.21\n"}, env={"GOTOOLCHAIN": "go1.24.0+auto"},
         want="error: go1.24.0 is not installed (set by GOTOOLCHAIN)"),
    Case("gotoolchain-invalid", {}, env={"GOTOOLCHAIN": "bash"}, want='error: invalid GOTOOLCHAIN "bash"'),
    Case("gotoolchain-bad-suffix", {}, env={"GOTOOLCHAIN": "go1.22+foo"},
         want='error: invalid GOTOOLCHAIN "go1.22+foo": only version suffixes are +auto and +path'),
    Case("gotoolchain-bad-minimum", {}, env={"GOTOOLCHAIN": "1.22+auto"},
         want='error: invalid GOTOOLCHAIN "1.22+auto": invalid minimum toolchain "1.22"'),
    Case("gotoolchain-from-go-env-file", {MOD: "module m\ngo 1.23.0\n",
                                          "cfg/go/env": "GOTOOLCHAIN=go1.21.13\n"},
         env=ENVFILE, want="go1.21.13"),
    Case("gotoolchain-env-beats-file", {"cfg/go/env": "GOTOOLCHAIN=go1.21.13\n"},
         env={**ENVFILE, "GOTOOLCHAIN": "go1.23.9"}, want="go1.23.9"),
    Case("gotoolchain-file-invalid", {"cfg/go/env": "GOPROXY=off\nGOTOOLCHAIN=nope\n"}, env=ENVFILE,
         want='error: invalid GOTOOLCHAIN "nope" (set by {root}/cfg/go/env:2)'),
    Case("gotoolchain-file-empty", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21\n",
                                    "cfg/go/env": "GOTOOLCHAIN=\n"}, env=ENVFILE, want="go1.21.13",
         note="go commands that load the module fail: {root}/w/go.mod requires go >= 1.23.0 "
         "(running go 1.21.13; GOTOOLCHAIN=)"),
    Case("gotoolchain-from-default-go-env", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21\n",
                                             "HOME/versions/go1.21.13/go.env": "GOTOOLCHAIN=local\n"},
         want="go1.21.13", note="go commands that load the module fail"),
    Case("gotoolchain-ignored-without-modules", {GLOBAL: "1.22\n"},
         env={"GOTOOLCHAIN": "go1.21.13", "GO111MODULE": "off"}, want="go1.22.10"),
    Case("gotoolchain-ignored-outside-module-auto", {GLOBAL: "1.22\n"},
         env={"GOTOOLCHAIN": "bash", "GO111MODULE": "auto"}, want="go1.22.10"),
]

# Rows Go itself decides: the real toolchains run them in test_selection_oracle.py, and the
# answer `go env GOVERSION` gives must be gover's (installed: the four test toolchains).
ORACLE_CASES = [
    Case("oracle-default-kept", {MOD: "module m\ngo 1.21\n", GLOBAL: "1.25.5\n"}, installed=REAL,
         want="go1.25.5", go_decides=True),
    Case("oracle-go-line-switches", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21.13\n"}, installed=REAL,
         want="go1.23.9", go_decides=True),
    Case("oracle-go-line-lang", {MOD: "module m\ngo 1.22\n", GLOBAL: "1.21.13\n"}, installed=REAL,
         want="go1.22.10", go_decides=True),
    Case("oracle-go-line-patch", {MOD: "module m\ngo 1.23.4\n", GLOBAL: "1.22.10\n"}, installed=REAL,
         want="go1.23.9", go_decides=True),
    Case("oracle-toolchain-installed", {MOD: "module m\ngo 1.21\ntoolchain go1.23.9\n", GLOBAL: "1.22.10\n"},
         installed=REAL, want="go1.23.9", go_decides=True),
    Case("oracle-toolchain-older", {MOD: "module m\ngo 1.21\ntoolchain go1.22.10\n", GLOBAL: "1.25.5\n"},
         installed=REAL, want="go1.25.5", go_decides=True),
    Case("oracle-toolchain-below-go-line", {MOD: "module m\ngo 1.23.0\ntoolchain go1.22.10\n",
                                            GLOBAL: "1.21.13\n"}, installed=REAL, want="go1.23.9",
         go_decides=True),
    Case("oracle-toolchain-served", {MOD: "module cli\n\ngo 1.22.5\n\ntoolchain go1.22.6\n",
                                     GLOBAL: "1.21.13\n"}, installed=REAL, want="go1.22.10", go_decides=True,
         note="{root}/w/go.mod:5 asks for toolchain go1.22.6, which is not installed; go1.22.10 runs"),
    Case("oracle-pin-switches", {GV: "1.21.13\n", MOD: "module m\ngo 1.22.0\n"}, installed=REAL,
         want="go1.22.10", go_decides=True),
    Case("oracle-workspace", {"go.work": "go 1.23.0\n\nuse ./w\n", MOD: "module m\ngo 1.21\n",
                              GLOBAL: "1.22.10\n"}, installed=REAL, want="go1.23.9", go_decides=True),
    Case("oracle-gowork-off", {"go.work": "go 1.25.0\n\nuse ./w\n", MOD: "module m\ngo 1.22.0\n",
                               GLOBAL: "1.21.13\n"}, env={"GOWORK": "off"}, installed=REAL,
         want="go1.22.10", go_decides=True),
    Case("oracle-local", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21.13\n"}, env={"GOTOOLCHAIN": "local"},
         installed=REAL, want="go1.21.13", go_decides=True, note="go commands that load the module fail"),
    Case("oracle-exact", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.25.5\n"},
         env={"GOTOOLCHAIN": "go1.22.10"}, installed=REAL, want="go1.22.10", go_decides=True),
    Case("oracle-exact-served", {GLOBAL: "1.25.5\n"}, env={"GOTOOLCHAIN": "go1.23.0"}, installed=REAL,
         want="go1.23.9", go_decides=True, note="GOTOOLCHAIN=go1.23.0 asks for go1.23.0"),
    Case("oracle-path", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21.13\n"}, env={"GOTOOLCHAIN": "path"},
         installed=REAL, want="go1.23.9", go_decides=True),
    Case("oracle-minimum", {MOD: "module m\ngo 1.21\n", GLOBAL: "1.21.13\n"},
         env={"GOTOOLCHAIN": "go1.22.10+auto"}, installed=REAL, want="go1.22.10", go_decides=True),
    Case("oracle-minimum-upgraded", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21.13\n"},
         env={"GOTOOLCHAIN": "go1.22.10+path"}, installed=REAL, want="go1.23.9", go_decides=True),
    Case("oracle-env-file", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.25.5\n",
                             "cfg/go/env": "GOTOOLCHAIN=go1.21.13\n"}, env=ENVFILE, installed=REAL,
         want="go1.21.13", go_decides=True),
    Case("oracle-modules-off", {MOD: "module m\ngo 1.23.0\n", GLOBAL: "1.21.13\n"},
         env={"GO111MODULE": "off", "GOTOOLCHAIN": "go1.22.10"}, installed=REAL, want="go1.21.13",
         go_decides=True),
    Case("oracle-refuse", {MOD: "module m\ngo 1.26\n", GLOBAL: "1.25.5\n"}, installed=REAL,
         want="error: {root}/w/go.mod requires go >= 1.26 (running go 1.25.5)", go_decides=True),
    # gover stands in for a download: Go would fetch go1.25.11 (and fail offline).
    Case("oracle-bbolt", {MOD: BBOLT, GLOBAL: "1.23.9\n"}, installed=REAL, want="go1.25.5",
         note="{root}/w/go.mod:5 asks for toolchain go1.25.11"),
]

CASES = [
    Case("nothing-pins", want="system"),
    Case("nothing-pins-no-system-go", want="system", system_go=False),
    Case("global-series", {"HOME/version": "1.22\n"}, want="go1.22.10"),
    Case("global-system", {"HOME/version": "system\n"}, want="system"),
    Case("global-garbage", {"HOME/version": "1.2.3.4\n"},
         want=f'error: {{home}}/version:1: invalid version "1.2.3.4": {FORMS}'),
    Case("exact-deep", {GV: "1.22.10\n"}, cwd="w/1/2/3/4/5/6/7/8/9/10", want="go1.22.10"),
    Case("exact-go-prefix", {GV: "go1.22.3"}, want="go1.22.3"),
    Case("series", {GV: "1.22\n"}, want="go1.22.10"),
    Case("series-x", {GV: "1.22.x\n"}, want="go1.22.10"),
    Case("series-major", {GV: "1\n"}, want="go1.25.5"),
    Case("latest", {GV: "latest\n"}, want="go1.25.5"),
    Case("latest-caps", {GV: "Stable\n"}, want="go1.25.5"),
    Case("prerelease-exact", {GV: "1.23rc1\n"}, want="go1.23rc1"),
    Case("old-patchless-equal", {GV: "1.20.0\n"}, want="go1.20"),
    Case("bom-crlf-comments", {GV: b"\xef\xbb\xbf# pinned for CI\r\n\r\n  1.21 \t\r\n# end\r\n"},
         want="go1.21.13"),
    Case("system-pin", {GV: "system\n"}, want="system"),
    Case("not-installed", {GV: "1.24.1\n"}, want=NOT_INSTALLED),
    Case("series-not-installed", {GV: "1.24\n"},
         want="error: no go1.24.x is installed (set by {root}/w/.go-version:1)"),
    Case("garbage", {GV: "\n# c\nbanana\n"},
         want=f'error: {{root}}/w/.go-version:3: invalid version "banana": {FORMS}'),
    Case("inner-space", {GV: "1.22 1.21\n"},
         want=f'error: {{root}}/w/.go-version:1: invalid version "1.22 1.21": {FORMS}'),
    Case("two-values", {GV: "1.22\n1.21\n"},
         want='error: {root}/w/.go-version:2: unexpected second version "1.21" (the file holds one version)'),
    Case("empty-file", {GV: "# nothing\n\n"},
         want=f"error: {{root}}/w/.go-version: no version found: {FORMS}"),
    Case("huge-number", {GV: "1.99999999999999999999.1\n"},
         want="error: go1.99999999999999999999.1 is not installed (set by {root}/w/.go-version:1)"),
    Case("dir-named-go-version", {GV: None, ".go-version": "1.21\n"}, want="go1.21.13"),
    Case("tool-versions", {"w/.tool-versions": "nodejs 20.1.0\ngolang 1.21.13\n"}, want="go1.21.13"),
    Case("tool-versions-go-comment", {"w/.tool-versions": "go 1.23.9 # for the API\r\n"}, want="go1.23.9"),
    Case("tool-versions-fallback", {"w/.tool-versions": "golang 1.24.0 1.22.3 system\n"}, want="go1.22.3"),
    Case("tool-versions-none-installed", {"w/.tool-versions": "golang 1.24.0 1.24.1\n"},
         want="error: go1.24.0 is not installed (set by {root}/w/.tool-versions:1)"),
    Case("tool-versions-no-golang", {"w/.tool-versions": "python 3.12.1\n", ".go-version": "1.20\n"},
         want="go1.20"),
    Case("tool-versions-bare", {"w/.tool-versions": "ruby 3\ngolang\n"},
         want='error: {root}/w/.tool-versions:2: no version after "golang"'),
    Case("tool-versions-ref", {"w/.tool-versions": "golang ref:abc123\n"},
         want=f'error: {{root}}/w/.tool-versions:1: invalid version "ref:abc123": {FORMS}'),
    Case("go-version-beats-tool-versions", {GV: "1.21\n", "w/.tool-versions": "golang 1.23.9\n"},
         want="go1.21.13"),
    Case("nearer-tool-versions-wins", {".go-version": "1.21\n", "w/.tool-versions": "golang 1.23.9\n"},
         want="go1.23.9"),
    Case("gomod-patch-min", {"w/go.mod": "module m\n\ngo 1.22.5\n"}, want="go1.22.10"),
    Case("gomod-lang-min", {"w/go.mod": "module m\n\ngo 1.22\n"}, want="go1.22.10"),
    Case("gomod-next-minor", {"w/go.mod": "module m\ngo 1.24\n"}, want="go1.25.5"),
    Case("gomod-old-minor", {"w/go.mod": "module m\ngo 1.18\n"}, want="go1.20"),
    Case("gomod-above-newest-patch", {"w/go.mod": "module m\ngo 1.22.11\n"}, want="go1.23.9"),
    Case("gomod-minor-with-rc", {"w/go.mod": "module m\ngo 1.23\n"}, want="go1.23.9"),
    Case("gomod-rc-line", {"w/go.mod": "module m\ngo 1.21rc1\n"}, want="go1.21.13"),
    Case("gomod-too-new", {"w/go.mod": "module m\n\ngo 1.26\n", "HOME/version": "1.25\n"},
         want="error: {root}/w/go.mod requires go >= 1.26 (running go 1.25.5)"),
    Case("gomod-too-new-unknown-system", {"w/go.mod": "module m\n\ngo 1.26\n"},
         want="error: {root}/w/go.mod requires go >= 1.26 (the default go's version is unknown)"),
    Case("gomod-toolchain", {"w/go.mod": "module m\n\ngo 1.22.3\n\ntoolchain go1.23.9\n"}, want="go1.23.9"),
    Case("gomod-toolchain-old-spelling", {"w/go.mod": "module m\ntoolchain go1.20.0\n"}, want="go1.20"),
    Case("gomod-toolchain-missing", {"w/go.mod": "module m\ngo 1.22\ntoolchain go1.24.2\n"},
         want="go1.22.10", note="{root}/w/go.mod:3 asks for toolchain go1.24.2, which is not installed; "
         "go1.22.10 runs instead (it satisfies go 1.22)"),
    Case("gomod-toolchain-default", {"w/go.mod": "module m\ngo 1.21\ntoolchain default\n"},
         want="go1.21.13"),
    Case("gomod-toolchain-older-than-go", {"w/go.mod": "module m\ngo 1.23.0\ntoolchain go1.22.10\n"},
         want="go1.23.9"),
    Case("gomod-toolchain-garbage", {"w/go.mod": "module m\ngo 1.21\ntoolchain banana\n"},
         want='error: {root}/w/go.mod:3: invalid toolchain "banana": must match format go1.23.0 or default'),
    Case("gomod-toolchain-lang", {"w/go.mod": "module m\ntoolchain go1.22\n"},
         want='error: {root}/w/go.mod:2: invalid toolchain "go1.22": go1.22 is a language version, '
              "not a toolchain version (go1.22.x)"),
    Case("gomod-toolchain-suffix", {"w/go.mod": "module m\ngo 1.21\ntoolchain go1.22.10-custom\n"},
         want="go1.22.10"),
    Case("gomod-bad-go-line-ignored", {"w/go.mod": "module m\ngo 1.22.x\n", "HOME/version": "1.21\n"},
         want="go1.21.13"),
    Case("gomod-comments-and-indent", {"w/go.mod": "module m // go 1.25\n\t go 1.21.2 // min\r\n"
                                                   "go 1.25.0\n"}, want="go1.21.13"),
    Case("gomod-go-word-not-directive", {"w/go.mod": "module m\ngopher 1.25\ngo\t1.22.4\n"},
         want="go1.22.10"),
    Case("gomod-syntax-error-elsewhere", {"w/go.mod": "module m\n\ngo 1.22.4\n\nrequire (\n\tbroken\n"},
         want="go1.22.10"),
    Case("gomod-no-go-line", {"w/go.mod": "module m\n", "HOME/version": "1.23\n"}, want="go1.23.9"),
    Case("gomod-is-a-directory", {"w/go.mod": None, ".go-version": "1.21\n"}, want="go1.21.13"),
    Case("gowork-wins", {"go.work": "go 1.23.0\n\nuse ./w\n", "w/go.mod": "module m\ngo 1.21\n"},
         want="go1.23.9"),
    Case("gowork-off", {"go.work": "go 1.23.0\n", "w/go.mod": "module m\ngo 1.21\n"},
         env={"GOWORK": "off"}, want="go1.21.13"),
    Case("gowork-path", {"other/x.work": "go 1.20\n", "w/go.mod": "module m\ngo 1.21\n"},
         env={"GOWORK": "{root}/other/x.work"}, want="go1.20"),
    Case("gowork-path-no-module", {"other/x.work": "go 1.22.1\n"},
         env={"GOWORK": "{root}/other/x.work"}, want="go1.22.10"),
    Case("gowork-missing-file", {"w/go.mod": "module m\ngo 1.21\n"},
         env={"GOWORK": "{root}/nope.work"}, want="go1.21.13"),
    Case("gowork-relative", {"w/go.mod": "module m\ngo 1.21\n"}, env={"GOWORK": "x.work"},
         want="error: GOWORK=x.work: invalid GOWORK: not an absolute path"),
    Case("goenv-file-gowork-off", {"go.work": "go 1.23.0\n", "w/go.mod": "module m\ngo 1.21\n",
                                   "cfg/go/env": "GOPRIVATE=x\nGOWORK=off\n"},
         env={"XDG_CONFIG_HOME": "{root}/cfg"}, want="go1.21.13"),
    Case("go111module-off", {"w/go.mod": "module m\ngo 1.21\n", "HOME/version": "1.23\n"},
         env={"GO111MODULE": "off"}, want="go1.23.9"),
    Case("go111module-auto", {"w/go.mod": "module m\ngo 1.21\n"}, env={"GO111MODULE": "auto"},
         want="go1.21.13"),
    Case("gomod-in-tmpdir-ignored", {"w/go.mod": "module m\ngo 1.21\n", "HOME/version": "1.23\n"},
         env={"TMPDIR": "{root}/w"}, want="go1.23.9"),
    Case("nested-module-without-go-line", {"w/go.mod": "module m\ngo 1.21\n", "w/sub/go.mod": "module s\n",
                                           "HOME/version": "1.23\n"}, cwd="w/sub", want="go1.23.9"),
    Case("nearer-gomod-beats-far-go-version", {".go-version": "1.21\n", "w/go.mod": "module m\ngo 1.22\n"},
         want="go1.22.10"),
    Case("go-version-is-the-default-for-gomod", {GV: "1.21\n", "w/go.mod": "module m\ngo 1.22\n"},
         want="go1.22.10"),
    Case("gover-version", {GV: "1.22\n"}, env={"GOVER_VERSION": "1.21"}, want="go1.21.13"),
    Case("gover-version-junk", {GV: "1.22\n"}, env={"GOVER_VERSION": "v1.22"},
         want=f'error: GOVER_VERSION: invalid version "v1.22": {FORMS}'),
    Case("gover-version-odd-but-valid", {GV: "1.22\n"}, env={"GOVER_VERSION": "1.2x"},
         want="error: go1.2x is not installed (set by GOVER_VERSION)"),
    Case("gover-version-blank", {GV: "1.22\n"}, env={"GOVER_VERSION": "  "}, want="go1.22.10"),
    Case("symlinked-dir-logical-walk", {"a/.go-version": "1.21\n", "b/.go-version": "1.23\n",
                                        "b/c": None, "a/lnk": Link("b/c")}, cwd="a/lnk", want="go1.21.13"),
    Case("empty-store", {GV: "1.22\n"}, installed=(),
         want="error: no go1.22.x is installed (set by {root}/w/.go-version:1)"),
    Case("empty-store-latest", {GV: "latest\n"}, installed=(),
         want="error: no Go is installed (set by {root}/w/.go-version:1)"),
    Case("debian-style-old-set", {"w/go.mod": "module m\ngo 1.19\n"}, installed=("go1.19.8", "go1.21.13"),
         want="go1.19.8"),
] + SELECTION_CASES + GOTOOLCHAIN_CASES + ORACLE_CASES


@pytest.fixture(scope="module")
def shells() -> list[str]:
    missing = [s for s in ("dash", "bash", "zsh", "fish") if not shutil.which(s)]
    if missing:
        pytest.skip(f"shells not installed: {missing} (scripts/test installs them)")
    return ["bash", "zsh", "fish"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_implementation_agrees(case: Case, tmp_path: Path, shells: list[str]) -> None:
    b = build(case, tmp_path, os.environ)
    want = expected(case, tmp_path)
    py = run_python(b)
    results = {
        "python": py,
        "shim-dash": run_shim(b, "dash"),
        "shim-bash": run_shim(b, "bash"),
        "resolve.sh": run_sh_resolver(b),
        **{f"hook-{s}": run_hook(b, s) for s in shells},
    }
    assert py.short() == want or (want.startswith("error: ") and py.short().startswith(want)), py
    differ = {k: v for k, v in results.items() if v != py}
    assert not differ, f"python says {py}; these differ: {differ}"
    note = case.note.replace("{root}", str(tmp_path))
    assert py.note.startswith(note) and bool(py.note) == bool(note), py.note
    said = {k: results[k].note for k in ("resolve.sh", *(f"hook-{s}" for s in shells))}
    assert all(n == py.note for n in said.values()), f"python notes {py.note!r}; {said}"
    fast = run_fast(b, sorted(case.installed))
    assert fast.kind == "unsure" or fast == py, f"fast path {fast} != {py}"


# gover check reads pins through the same reader (resolve/files.py) and the same spec
# grammar: what gover current and the shims accept, check accepts; what they refuse, check
# refuses with the same words.
PIN_CASES = [
    ("bom", b"\xef\xbb\xbf1.22.10\n", "go1.22.10"),
    ("bom-go-prefix-crlf", b"\xef\xbb\xbfgo1.23.9\r\n", "go1.23.9"),
    ("bom-tool-versions", b"\xef\xbb\xbfgolang 1.21.13\n", "go1.21.13"),
    ("series-x", b"1.22.x\n", "go1.22.10"),
    ("latest", b"latest\n", "go1.25.5"),
    ("two-boms", b"\xef\xbb\xbf\xef\xbb\xbf1.22\n", "error"),
    ("bom-garbage", b"\xef\xbb\xbfbanana\n", "error"),
]


@pytest.mark.parametrize(("name", "content", "want"), PIN_CASES, ids=[c[0] for c in PIN_CASES])
def test_gover_check_reads_a_pin_as_current_and_the_shims_do(name: str, content: bytes, want: str,
                                                             tmp_path: Path, gover: object) -> None:
    pin = "w/.tool-versions" if "tool-versions" in name else GV
    b = build(Case(name, {pin: content, MOD: "module m\n\ngo 1.21\n"}), tmp_path, os.environ)
    py = run_python(b)
    assert py.short() == want or (want == "error" and py.kind == "error"), py
    for got in (run_shim(b, "dash"), run_shim(b, "bash"), run_sh_resolver(b, "dash"),
                run_sh_resolver(b, "bash")):
        # a stray second BOM: all refuse; the sh resolver prints its bytes where Python quotes
        # them as Go's strconv.Quote does ("\ufeff1.22")
        assert got == py or (name == "two-boms" and got.kind == py.kind == "error"), got
    r = gover("check", str(b.cwd), "--no-go", "--format", "json", env=b.env)  # type: ignore[operator]
    assert r.code in (0, 1) and "Traceback" not in r.err, r
    pins = [f for f in json.loads(r.out)["findings"] if f["code"] == "pin"]
    if want == "error":
        (f,) = pins
        assert f["message"].startswith(f["file"] + ":"), f  # check names the file relative to DIR
        assert py.message == str(b.cwd / f["file"]) + f["message"][len(f["file"]):]
    else:
        assert pins == [] and r.code == 0, pins
