"""Settings left in the ``go env -w`` file, and process variables that silently override them."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding, Fix

IDS = ("goenv-file-overridden", "goenv-file-setting")
ORDER = 30
# Settings that change how every project builds; worth seeing when they were set
# long ago with `go env -w`.  GOROOT has its own check.
WATCHED = ("GOTOOLCHAIN", "GOPROXY", "GOFLAGS", "GO111MODULE", "GOSUMDB", "GOPRIVATE",
           "GONOPROXY", "GONOSUMDB", "GOPATH", "GOBIN", "GOCACHE", "GOMODCACHE", "GOINSECURE",
           "CGO_ENABLED")


def _owned_elsewhere(key: str, value: str) -> bool:
    """Values the proxy check reports itself, naming this file in its evidence: one
    finding per problem."""
    if key == "GOSUMDB":
        return value == "off"
    return key == "GOPROXY" and value.split(",")[0].split("|")[0].strip() == "off"


def run(ctx: DoctorContext) -> list[Finding]:
    path, why_not = ctx.goenv.env_file
    if not path:
        return []
    out = []
    for key, (value, line) in ctx.goenv.file_entries.items():
        where = f"{path}:{line}: {key}={value}"
        osval = ctx.env.get(key, "")
        if osval and osval != value:
            out.append(Finding(
                "goenv-file-overridden", "warning",
                f"{key} from go env -w is silently overridden by the environment",
                [where, f"process environment: {key}={osval}"],
                f"a non-empty environment variable always wins over the go env file, so go uses "
                f"{key}={osval}; go only warns when the file is written: \"warning: go env -w "
                f"{key}=... does not override conflicting OS environment variable\"",
                f"unset {key} in your shell, or remove it from the file: go env -u {key}"))
        elif key in WATCHED and not osval and not _owned_elsewhere(key, value):
            pinned = key == "GOTOOLCHAIN" and value.startswith("go")
            fixes = [Fix("go-env-unset", {"key": key, "file": path},
                         f"remove {key} from {path} (go env -u {key})")] if pinned else []
            out.append(Finding(
                "goenv-file-setting", "warning" if pinned else "info",
                f"{key}={value} is set for every project by go env -w",
                [where],
                _explain(key, value), f"go env -u {key}   (if it is a leftover)", fixes))
    return out


def _explain(key: str, value: str) -> str:
    if key == "GOTOOLCHAIN" and value.startswith("go"):
        return (f"every go command runs {value} no matter what go.mod, go.work or gover select; "
                "if it is not installed as a go1.X.Y command on PATH, go downloads it")
    return (f"go reads {key} from this file whenever the environment does not set it; "
            "a value set long ago silently applies to every project")
