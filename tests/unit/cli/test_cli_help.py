"""Every command documents itself with examples, and --help stays cheap."""

from __future__ import annotations

import argparse
import io

from gover.cli.main import build_parser, main
from gover.cli.progress import bar_factory


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append((f"{prefix}{name}", sub))
                out.extend(_commands(sub, f"{prefix}{name} "))
    return out


def test_every_command_has_examples() -> None:
    missing = [name for name, p in _commands(build_parser()) if "examples:" not in p.format_help()]
    assert missing == []


def test_version_and_help(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("gover ")
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "gover doctor" in out and "gover install 1.23" in out


def test_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys; from gover.cli.main import main; main(['--help']); "
            "heavy = [m for m in ('urllib.request', 'tarfile', 'zipfile', 'cryptography', 'ssl', "
            "'gover.net', 'gover.doctor.runner') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_progress_bar_renders_on_a_terminal_stream() -> None:
    stream = io.StringIO()
    update = bar_factory(stream)("go1.22.10.linux-amd64.tar.gz")
    update(50, 100)
    update(100, 100)
    text = stream.getvalue()
    assert "go1.22.10.linux-amd64.tar.gz" in text and "100%" in text and text.endswith("\n")
