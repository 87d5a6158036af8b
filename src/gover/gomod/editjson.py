"""``go mod edit -json`` / ``go work edit -json``, reproduced byte for byte (the parsed
file as those commands leave it: see editclean)."""

from __future__ import annotations

from pathlib import Path

from gover.gomod.dialect import dialect_for
from gover.gomod.editclean import clean_mod, clean_work
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
        doc = work_json(clean_work(parse_work(name, data, go_version=go_version)), dialect)
    else:
        doc = mod_json(clean_mod(parse_mod(name, data, go_version=go_version)), dialect)
    return marshal_indent(doc, dialect.json_bf_short) + "\n"


MAX_FILE = 64 << 20  # far above any real go.mod, go.sum or modules.txt


def read_module_file(path: Path) -> bytes:
    from gover.fsutil import read_regular

    return read_regular(path, "a go.mod, go.work, go.sum or vendor/modules.txt file", MAX_FILE)
