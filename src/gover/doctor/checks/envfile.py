"""Settings left in the ``go env -w`` file, and process variables that silently override them."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding

IDS = ("goenv-file-overridden", "goenv-file-setting")
ORDER = 30
# Settings that change how every project builds; worth seeing when they were set
# long ago with `go env -w`.  GOROOT has its own check.
WATCHED = ("GOTOOLCHAIN", "GOPROXY", "GOFLAGS", "GO111MODULE", "GOSUMDB", "GOPRIVATE",
           "GONOPROXY", "GONOSUMDB", "GOPATH", "GOBIN", "GOCACHE", "GOMODCACHE", "GOINSECURE",
           "CGO_ENABLED")


def _owned_elsewhere(key: str, value: str, go_version: str = "") -> bool:
    """Values another check reports itself, naming this file in its evidence: one finding
    per problem (the proxy check: off; gotoolchain: a pinned or invalid value; goflags:
    a value go refuses)."""
    if key == "GOSUMDB":
        return value == "off"
    if key == "GOTOOLCHAIN":
        from gover.doctor.checks.gotoolchain import parse_gotoolchain

        _, mode, err = parse_gotoolchain(value)
        return bool(err) or mode == "pinned"
    if key == "GOFLAGS":
        from gover.doctor.checks.goflags import goflags_error, goflags_value_error

        return bool(goflags_error(value, go_version) or goflags_value_error(value)[0])
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
        elif key in WATCHED and not osval and not _owned_elsewhere(key, value, ctx.go.version):
            out.append(Finding(
                "goenv-file-setting", "info", f"{key}={value} is set for every project by go env -w",
                [where],
                f"go reads {key} from this file whenever the environment does not set it; "
                "a value set long ago silently applies to every project",
                f"go env -u {key}   (if it is a leftover)"))
    return out

