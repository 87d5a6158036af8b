"""A go.mod no Go can parse: every go command in the module stops with go's parse error.

(A go.mod only older Go rejects is old_toolchain's finding.)
"""

from __future__ import annotations

from gover.doctor.context import DoctorContext, short_path
from gover.doctor.model import Finding
from gover.errors import ConfigError
from gover.gomod.modfile import ModFileError, parse_mod

IDS = ("go-mod-unparsable",)
ORDER = 4


def run(ctx: DoctorContext) -> list[Finding]:
    _, gomod = ctx.module_files
    if gomod is None:
        return []
    try:
        parse_mod(str(gomod), gomod.read_bytes())
        return []
    except ModFileError as e:
        errors = [str(err) for err in e.errors]
    except (ConfigError, OSError):
        return []
    # go runs from the module directory and names the file by its short path, per line too.
    full, short = str(gomod), short_path(gomod, ctx.directory)
    lines = [short + ln[len(full):] if ln.startswith(full) else ln for ln in errors]
    message = f"go: errors parsing {short}:\n" + "\n".join(lines)
    return [Finding(
        "go-mod-unparsable", "error", f"go cannot parse {gomod}", lines,
        f"every go command in this module fails with: {message}",
        f"correct the lines above in {gomod} (gover mod parse {gomod} shows the same errors)")]
