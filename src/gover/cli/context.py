"""What every command handler gets: the environment, output streams and renderers.

Only the CLI reads ``os.environ``; it passes this object's ``env`` down to the
domain modules, which never print.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from gover.paths import Paths
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, TextIO

    from gover.cli.colour import Style
    from gover.net import Client
    from gover.toolchain.sources.base import SourceContext


@record
class Ctx:
    env: Mapping[str, str]
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    color: str = "auto"  # --color auto|always|never (cli/colour.py decides)

    @cached_property
    def paths(self) -> Paths:
        return Paths.from_env(self.env)

    @cached_property
    def cwd(self) -> Path:
        """Where the command runs, named as Go's ``os.Getwd`` and the resolver name it
        ($PWD when it is this directory, else the physical path).  Every command uses
        this one answer, so doctor, cache and matrix agree with ``gover current``."""
        from gover.fsutil import logical_cwd

        return Path(logical_cwd(self.env))

    def directory(self, arg: Path | None) -> Path:
        """A DIR argument (None: the working directory), relative to :attr:`cwd` and
        normalised as a shell's ``cd`` would, without resolving symlinks."""
        return self.cwd if arg is None else Path(os.path.normpath(self.cwd / arg))

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def info(self, text: str) -> None:
        """A status line for humans (stderr, so stdout stays clean for scripts)."""
        if not self.quiet:
            print(text, file=self.stderr, flush=True)

    def note(self, text: str) -> None:
        """A by-the-way status line (a source skipped on the way to one that works):
        one dim line on a terminal, plain elsewhere."""
        if not self.quiet:
            print(self.err_style("dim", text), file=self.stderr, flush=True)

    @cached_property
    def out_style(self) -> Style:
        """Styles for stdout; off when piped, and never used for --json."""
        from gover.cli.colour import Style, enabled

        return Style(enabled(self.color, self.env, self.stdout))

    @cached_property
    def err_style(self) -> Style:
        from gover.cli.colour import Style, enabled

        return Style(enabled(self.color, self.env, self.stderr))

    def json(self, data: Any) -> None:
        from gover.jsonio import dumps  # only --json pays for it

        text = dumps(data)
        if "\\ud" in text:  # a lone surrogate: bytes of a user file that are not UTF-8
            text = dumps(_valid_utf8(data))
        self.stdout.write(text + "\n")

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.stderr.isatty() and self.env.get("TERM") != "dumb"

    @cached_property
    def client(self) -> Client:
        """The command's one HTTP client: a host found unreachable is not tried again."""
        from gover.net import Client

        return Client.from_env(self.env)

    def source_context(self, *, report: bool = True) -> SourceContext:
        from gover.cli.progress import bar_factory
        from gover.toolchain.platforms import host_platform
        from gover.toolchain.sources.base import SourceContext

        return SourceContext(
            paths=self.paths, env=self.env, platform=host_platform(self.env),
            client=self.client,
            progress=bar_factory(self.stderr) if self.interactive else (lambda label: None),
            report=self.info if report else (lambda line: None),
            note=self.note if report else (lambda line: None),
        )



def _valid_utf8(data: Any) -> Any:
    """``data`` with undecodable bytes as U+FFFD, as Go's encoding/json writes them."""
    if isinstance(data, str):
        return data.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(data, dict):
        return {_valid_utf8(k): _valid_utf8(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_valid_utf8(v) for v in data]
    return data
