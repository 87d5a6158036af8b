"""CI files: GitHub Actions workflows and composite actions, and GitLab CI.

GitHub: ``actions/setup-go`` steps (``go-version`` — a version, ``stable``/``oldstable``
or an expression — and ``go-version-file``); the matrix lists and ``include`` entries a
``${{ matrix.X }}`` expression reads (or that are called go/go-version/golang); the
``env`` values and ``workflow_dispatch``/``workflow_call`` input defaults that
``${{ env.X }}``/``${{ inputs.X }}`` read or that are called GO_VERSION; job
containers, service images and ``docker://`` steps on a Go image.

GitLab: ``image`` (and ``image: {name: …}``, ``services``) on a Go image; ``variables``
called GO_VERSION or used in such an image (``golang:${GO_VERSION}``); and
``parallel: matrix:`` values of those variables.
"""

from __future__ import annotations

import re
from collections import defaultdict

from gover.project.pins import yamlscan
from gover.project.pins.dockerfile import VERSION_VAR
from gover.project.pins.images import image_pin
from gover.project.pins.model import FILE, VARIABLE, ListItem, Pin, Source, scalar_pin
from gover.project.pins.yamlscan import Scalar

_EXPR = re.compile(r"^\$\{\{\s*(matrix|env|inputs)\.([A-Za-z0-9_-]+)\s*\}\}$")
_GO_KEY = re.compile(r"^(?:go|golang|go[-_]?versions?|goversion|go[-_]?ver)$", re.IGNORECASE)


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def _list_pin(src: Source, s: Scalar, group_path: tuple[str | int, ...], *, tool: str, where: str,
              structural: bool) -> Pin:
    pin = scalar_pin(src, s.start, s.end, s.style, tool=tool, where=where)
    index = s.path[len(group_path)]
    whole = s.flow or s.line_start >= 0
    pin.item = ListItem(f"{src.rel}:{_dotted(group_path)}", int(index), s.flow, s.start, s.end,
                        s.line_start, s.line_end, structural and whole)
    return pin


def _image(src: Source, s: Scalar, *, tool: str, where: str) -> Pin | None:
    q = 1 if s.style in ("single", "double") else 0
    return image_pin(src, s.start + q, s.end - q, tool=tool, where=where)


def _scalars(src: Source) -> list[Scalar]:
    return [s for s in yamlscan.scan(src.text) if s.style not in ("block", "alias")]


def read_workflow(src: Source) -> list[Pin]:
    scalars = _scalars(src)
    uses = {s.path[:-1]: s.value for s in scalars if s.path and s.path[-1] == "uses"}
    setup = {p for p, v in uses.items() if v.split("@", 1)[0] == "actions/setup-go"}
    refs: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # "matrix" → {(job, key)}, "env" → {(key,)}
    out: list[Pin] = []
    for s in scalars:
        p = s.path
        if len(p) >= 2 and p[-2] == "with" and p[:-2] in setup:
            where = str(p[-1])
            if where == "go-version":
                m = _EXPR.match(s.value.strip())
                if m:
                    job = str(p[1]) if p[0] == "jobs" else ""
                    refs[m.group(1)].add((job, m.group(2)) if m.group(1) == "matrix" else (m.group(2),))
                    out.append(src.pin(s.start, s.end, text=s.value, value=f"{m.group(1)}.{m.group(2)}",
                                       meaning=VARIABLE, tool="actions/setup-go", where=where,
                                       rewritable=False))
                else:
                    out.append(scalar_pin(src, s.start, s.end, s.style, tool="actions/setup-go", where=where))
            elif where == "go-version-file":
                out.append(src.pin(s.start, s.end, text=s.value, value=s.value, meaning=FILE,
                                   tool="actions/setup-go (toolchain line, else go line)", where=where,
                                   rewritable=False))
        elif p and (p[-1] in ("container", "image") or (p[-1] == "uses" and s.value.startswith("docker://"))):
            pin = _image(src, s, tool="GitHub Actions (container)", where=_dotted(p))
            if pin is not None:
                out.append(pin)
    for s in scalars:
        p = s.path
        if len(p) >= 6 and p[0] == "jobs" and p[2:4] == ("strategy", "matrix"):
            job, key = str(p[1]), p[4]
            group: tuple[str | int, ...]
            if key == "include" and len(p) == 7 and isinstance(p[5], int):
                key = p[6]
                group, structural = p[:5] + (key,), False
            elif isinstance(key, str) and len(p) == 6 and isinstance(p[5], int):
                group, structural = p[:5], True
            else:
                continue
            if (job, str(key)) in refs["matrix"]:
                tool = f"actions/setup-go (via ${{{{ matrix.{key} }}}})"
            elif _GO_KEY.match(str(key)):
                tool = "CI matrix (no setup-go step reads it here)"
            else:
                continue
            if structural:
                out.append(_list_pin(src, s, group, tool=tool, where=_dotted(p[2:5]), structural=True))
            else:
                pin = _list_pin(src, s, p[:5], tool=tool, where=_dotted(p[2:]), structural=False)
                if pin.item:
                    pin.item.group = f"{src.rel}:{_dotted(group)}"
                out.append(pin)
        elif len(p) >= 2 and p[-2] == "env" and isinstance(p[-1], str) and \
                ((p[-1],) in refs["env"] or VERSION_VAR.match(p[-1])):
            tool = f"actions/setup-go (via ${{{{ env.{p[-1]} }}}})" if (p[-1],) in refs["env"] else \
                "the workflow's own steps (env)"
            out.append(scalar_pin(src, s.start, s.end, s.style, tool=tool, where=_dotted(p)))
        elif len(p) == 5 and p[0] == "on" and p[2] == "inputs" and p[4] == "default" and \
                ((str(p[3]),) in refs["inputs"] or _GO_KEY.match(str(p[3]))):
            out.append(scalar_pin(src, s.start, s.end, s.style, where=_dotted(p),
                                  tool=f"actions/setup-go (via ${{{{ inputs.{p[3]} }}}}, unless a caller "
                                       "passes another)"))
    out.sort(key=lambda x: (x.line, x.column))
    return out


def read_gitlab(src: Source) -> list[Pin]:
    scalars = _scalars(src)
    image_vars: dict[str, str] = {}
    out: list[Pin] = []
    for s in scalars:
        p = s.path
        if p and (p[-1] == "image" or p[-2:] == ("image", "name") or "services" in p[:-1]
                  or p[-1] == "services"):
            pin = _image(src, s, tool="GitLab CI (image)", where=_dotted(p))
            if pin is not None:
                out.append(pin)
                m = re.match(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", pin.text.partition(":")[2])
                if m:  # only the variable in the version's place pins Go
                    image_vars.setdefault(m.group(1), pin.text)
    for s in scalars:
        p = s.path
        names = [x for x in p if isinstance(x, str)]
        var = names[-1] if names else ""
        if names and names[-1] == "value" and len(names) >= 2:
            var = names[-2]
        if not (var in image_vars or VERSION_VAR.match(var)):
            continue
        tool = f"GitLab CI (image {image_vars[var]})" if var in image_vars else "GitLab CI job scripts"
        if "variables" in p:
            out.append(scalar_pin(src, s.start, s.end, s.style, tool=tool, where=_dotted(p)))
        elif "parallel" in p and "matrix" in p:
            i = p.index("matrix")
            if isinstance(p[-1], int) and len(p) == i + 4:  # matrix[i].VAR[j]: a list
                out.append(_list_pin(src, s, p[:-1], tool=tool, where=_dotted(p[:-1]), structural=True))
            else:
                out.append(scalar_pin(src, s.start, s.end, s.style, tool=tool, where=_dotted(p)))
    out.sort(key=lambda x: (x.line, x.column))
    return out
