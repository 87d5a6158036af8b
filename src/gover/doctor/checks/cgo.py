"""CGO_ENABLED=1 with no C compiler, and cgo silently off because none was found."""

from __future__ import annotations

import shutil

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions

IDS = ("cgo-no-compiler", "cgo-off-no-compiler")
ORDER = 90


def run(ctx: DoctorContext) -> list[Finding]:
    cc_setting = ctx.goenv.effective("CC")
    cc_words = cc_setting.value.split()
    cc = cc_words[0] if cc_words else "gcc"
    if shutil.which(cc, path=ctx.env.get("PATH", "")):
        return []
    cgo = ctx.goenv.effective("CGO_ENABLED")
    where = cc_setting.describe() if cc_setting.value else f"CC is not set: the default C compiler is {cc}"
    evidence = [where, f"{cc} is not found on PATH"]
    if cgo.value == "1":
        return [Finding(
            "cgo-no-compiler", "error", f"CGO_ENABLED=1 but the C compiler {cc!r} is not on PATH",
            [cgo.describe(), *evidence],
            f"every build that needs cgo (runtime/cgo, any package with import \"C\") fails: "
            f"cgo: C compiler \"{cc}\" not found: exec: \"{cc}\": executable file not found in $PATH",
            "install a C compiler (e.g. apt install gcc), set CC to one, or set CGO_ENABLED=0")]
    new_default = not ctx.go.version or versions.compare(ctx.go.version, "1.20") >= 0
    if cgo.value == "" and new_default:
        return [Finding(
            "cgo-off-no-compiler", "info", "cgo is off because no C compiler was found", evidence,
            "since Go 1.20, when CGO_ENABLED is unset and the C compiler is missing, go defaults "
            "to CGO_ENABLED=0: pure-Go net and os/user are used, and packages with import \"C\" "
            "are excluded (\"build constraints exclude all Go files\")",
            "install a C compiler if you need cgo; otherwise nothing to do")]
    return []
