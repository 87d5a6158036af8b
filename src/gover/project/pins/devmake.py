"""Dev Containers (``.devcontainer.json``, ``.devcontainer/[*/]devcontainer.json``: the
``image``, the ``go`` feature's ``version``, ``build.args`` such as GO_VERSION or VARIANT)
and Makefiles (``GO_VERSION ?= 1.23`` with ``=``, ``:=``, ``::=``, ``?=``, optionally
``export``/``override``; Go image references anywhere in the text)."""

from __future__ import annotations

import re

from gover.project.pins import jsonc
from gover.project.pins.dockerfile import VERSION_VAR
from gover.project.pins.images import find_refs, image_pin
from gover.project.pins.model import Pin, Source

_FEATURE = re.compile(r"^ghcr\.io/devcontainers/features/go(?::[0-9.]+)?$|^go$")


def read_devcontainer(src: Source) -> list[Pin]:
    out: list[Pin] = []
    for v in jsonc.scan(src.text):
        p = v.path
        if not v.is_string:
            continue
        s, e = v.start + 1, v.end - 1
        if p == ("image",):
            pin = image_pin(src, s, e, tool="Dev Containers (image)", where="image")
            if pin is not None:
                out.append(pin)
        elif len(p) == 3 and p[0] == "features" and _FEATURE.match(str(p[1])) and p[2] == "version":
            out.append(src.pin(s, e, tool="Dev Containers (go feature)", where=f"features.{p[1]}.version"))
        elif len(p) == 3 and p[:2] == ("build", "args") and (VERSION_VAR.match(str(p[2])) or
                                                          (p[2] == "VARIANT" and v.value[:2] == "1.")):
            m = re.match(r"[0-9.]+", v.value)
            e2 = s + (m.end() if m else len(v.value))
            out.append(src.pin(s, e2, tool="Dev Containers (build argument for the Dockerfile)",
                               where=f"build.args.{p[2]}"))
    return out


_ASSIGN = re.compile(r"^(?:(?:export|override)\s+)*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
                     r"(?P<op>\?=|:::=|::=|:=|\+=|!=|=)[ \t]*(?P<value>[^#\n]*)")


def read_makefile(src: Source) -> list[Pin]:
    out: list[Pin] = []
    off = 0
    for raw in src.text.splitlines(keepends=True):
        if not raw.startswith("\t"):  # recipe lines are shell, read only for image references
            m = _ASSIGN.match(raw)
            if m and VERSION_VAR.match(m["name"]) and m["op"] not in ("+=", "!="):
                value = m["value"].rstrip()
                if value:
                    s = off + m.start("value")
                    out.append(src.pin(s, s + len(value), tool="make (whatever the Makefile runs with it)",
                                       where=f"{m['name']} {m['op']}"))
        for s, e in find_refs(raw):
            pin = image_pin(src, off + s, off + e, tool="make (docker)", where="image")
            if pin is not None:
                out.append(pin)
        off += len(raw)
    return out
