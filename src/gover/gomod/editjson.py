"""``go mod edit -json`` / ``go work edit -json``, reproduced byte for byte."""

from __future__ import annotations

from pathlib import Path

from gover.errors import ConfigError
from gover.gomod.dialect import dialect_for
from gover.gomod.gostr import marshal_indent
from gover.gomod.modfile import mod_json, parse_mod
from gover.gomod.workfile import parse_work, work_json


def is_work_file(path: str | Path) -> bool:
    """go.work-format files end in ``.work`` (go.work, go.work.example …)."""
    name = Path(path).name
    return name.endswith(".work") or name.startswith("go.work")


def edit_json(name: str, data: bytes, *, work: bool | None = None, go_version: str | None = None) -> str:
    """The exact text Go prints (with the final newline); raises ModFileError like Go."""
    dialect = dialect_for(go_version)
    if work if work is not None else is_work_file(name):
        doc = work_json(parse_work(name, data, go_version=go_version), dialect)
    else:
        doc = mod_json(parse_mod(name, data, go_version=go_version), dialect)
    return marshal_indent(doc, dialect.json_bf_short) + "\n"


def read_module_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a directory; give a go.mod or go.work file") from None
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
