"""Shell activation: the ``gover init`` snippets, rc-file setup, and shell code for
``gover shell`` / ``gover env``.

The snippets are real script files (``shell/hook.bash``, ``hook.zsh``,
``hook.fish`` and the shared ``common.sh`` + ``pick.sh`` + ``resolve.sh``); this module only fills
in the GOVER_HOME, the command that runs gover and, for fish, the sh program its
hook runs (fish has no POSIX syntax, so it runs the shared resolver with /bin/sh).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gover.errors import UsageError
from gover.fsutil import store_error, write_atomic
from gover.paths import Paths, user_home
from gover.shell.baked import minify, template
from gover.shell.envcode import env_lines, fish_quote, prepend_path, set_var
from gover.shell.shims import RESOLVER

SHELLS = ("bash", "zsh", "fish")
MARK_BEGIN = "# >>> gover shell integration >>>"
MARK_END = "# <<< gover shell integration <<<"
__all__ = ["env_lines", "fish_quote", "prepend_path", "set_var"]  # kept importable from here


def check_shell(shell: str) -> str:
    if shell not in SHELLS:
        raise UsageError(f'unsupported shell "{shell}": expected bash, zsh or fish')
    return shell


def gover_command(env: Mapping[str, str]) -> list[str]:
    """How the hooks call gover: ``gover`` from PATH if that is this gover, else this Python."""
    found = shutil.which("gover", path=env.get("PATH", ""))
    if found and os.path.dirname(os.path.abspath(found)) == os.path.dirname(sys.executable):
        return [found]
    return [sys.executable, "-m", "gover"]


def _cmd(words: Sequence[str], shell: str) -> str:
    q = fish_quote if shell == "fish" else shlex.quote
    return " ".join(q(w) for w in words)


# What fish's hook runs with /bin/sh: the shared resolver, answering on stdout.
_ANSWER = ("_gover_resolve\nprintf '%s\\0' \"$_gv_kind\" \"$_gv_name\" \"$_gv_msg\" \"$_gv_hint\" "
           "\"$_gv_note\" \"$_gv_pref\"\n")


def resolver_program(paths: Paths, darwin: bool) -> str:
    """A POSIX sh program that resolves the version for its working directory and
    prints kind, name, message, hint, note and preferred, each followed by a NUL."""
    # Literal CR/VT/FF/BOM, as in the shims: POSIX sh has no $'\r'.
    head = (f"_gv_home={shlex.quote(str(paths.home))}\n_gv_darwin={1 if darwin else 0}\n"
            "_gv_cr='\r' _gv_ws=' \t\r\v\f' _gv_bom='\ufeff'\n")
    return head + "\n".join(minify(template(n)) for n in ("common.sh", *RESOLVER)) + "\n" + _ANSWER


def init_text(shell: str, paths: Paths, cmd: Sequence[str], darwin: bool | None = None) -> str:
    check_shell(shell)
    darwin = sys.platform == "darwin" if darwin is None else darwin
    flag = "1" if darwin else "0"
    if shell == "fish":
        text = template("hook.fish")
        return text.replace("@HOME@", fish_quote(str(paths.home))) \
            .replace("@RESOLVER@", fish_quote(resolver_program(paths, darwin))) \
            .replace("@CMD@", _cmd(cmd, "fish"))
    hook = template("hook.sh").replace("@SHELL@", shell).replace("@CMD@", _cmd(cmd, shell))
    lib = "\n".join(minify(template(n)) for n in ("common.sh", *RESOLVER)) + "\n" + minify(hook)
    if shell == "bash":
        text = template("hook.bash").replace("@COMMON@\n@RESOLVE@\n@HOOK@", lib)
        return text.replace("@HOME@", shlex.quote(str(paths.home))).replace("@DARWIN@", flag)
    head = (f"_gv_home={shlex.quote(str(paths.home))}\n_gv_darwin={flag}\n"
            "_gv_cr=$'\\r' _gv_ws=$' \\t\\r\\v\\f' _gv_bom=$'\\xef\\xbb\\xbf'\n")
    return template("hook.zsh").replace("@BODY@", shlex.quote(head + lib))


# --- rc files -------------------------------------------------------------------------

def rc_file(shell: str, env: Mapping[str, str]) -> Path:
    home = user_home(env)
    if shell == "bash":
        return home / ".bashrc"
    if shell == "zsh":
        return Path(env.get("ZDOTDIR") or home) / ".zshrc"
    xdg = env.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg.startswith("/") else home / ".config"
    return base / "fish" / "config.fish"


def rc_block(shell: str, cmd: Sequence[str]) -> str:
    c = _cmd(cmd, shell)
    line = f"{c} init fish | source" if shell == "fish" else f'eval "$({c} init {shell})"'
    return f"{MARK_BEGIN}\n{line}\n{MARK_END}\n"


@dataclass(frozen=True)
class RcWrite:
    path: Path
    status: str  # "written" | "already-set-up" | "would-write"
    backup: Path | None
    block: str

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "status": self.status,
                "backup": str(self.backup) if self.backup else None, "block": self.block}


def write_rc(shell: str, rc: Path, cmd: Sequence[str], *, dry_run: bool = False) -> RcWrite:
    """Append the activation block to ``rc`` (after a backup), unless it is already there."""
    block = rc_block(shell, cmd)
    try:
        old = rc.read_text(encoding="utf-8") if rc.exists() else None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read {rc}: {getattr(e, 'strerror', None) or e}") from None
    if old is not None and MARK_BEGIN in old:
        return RcWrite(rc, "already-set-up", None, block)
    backup = rc.with_name(f"{rc.name}.gover-backup-{time.strftime('%Y%m%d%H%M%S')}") \
        if old is not None else None
    if dry_run:
        return RcWrite(rc, "would-write", backup, block)
    sep = "" if not old or old.endswith("\n") else "\n"
    try:
        mode = rc.stat().st_mode & 0o7777 if old is not None else 0o644
        if backup is not None:
            shutil.copy2(rc, backup)
    except OSError as e:
        raise store_error(e, rc) from e
    write_atomic(rc, (old or "") + sep + ("\n" if old else "") + block, mode=mode)
    return RcWrite(rc, "written", backup, block)
