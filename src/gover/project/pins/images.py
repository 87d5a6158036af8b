"""Container image references that pin Go: the official ``golang`` image (under any of
the registries that mirror Docker Hub's library) and the Dev Containers ``go`` image.

``golang:1.23.9-alpine3.20`` pins 1.23.9, ``golang:1.23-bookworm`` the 1.23 series,
``golang:alpine`` or ``golang`` whatever is newest (an alias), ``golang:${GO_VERSION}``
a variable.  A digest (``@sha256:…``) fixes the image whatever the tag says.
"""

from __future__ import annotations

import re

from gover.project.pins.model import ALIAS, VARIABLE, Pin, Source, classify

_GOLANG_TAG = re.compile(r"(?P<v>[0-9]+(?:\.[0-9]+){0,2}(?:(?:rc|beta)[0-9]+)?)(?P<suffix>-.+)?$")
# mcr.microsoft.com/devcontainers/go:1-1.23-bookworm: image major, Go minor, Debian.
_DEVC_TAG = re.compile(r"(?:(?:[0-9]+|dev)-)?(?P<v>1\.[0-9]+(?:\.[0-9]+)?)(?P<suffix>-.+)?$")
_DEVC_NAMES = {"mcr.microsoft.com/devcontainers/go", "mcr.microsoft.com/vscode/devcontainers/go"}
_REF_RE = re.compile(r"(?:docker://)?(?P<name>[A-Za-z0-9][A-Za-z0-9._/:-]*?)"
                     r"(?::(?P<tag>[A-Za-z0-9_.${}:-]+?))?(?P<digest>@sha256:[0-9a-fA-F]*)?$")


def is_golang(name: str) -> bool:
    name = name.lower()
    return name in ("golang", "library/golang", "docker.io/golang") or name.endswith("/library/golang")


def image_pin(src: Source, start: int, end: int, *, tool: str, where: str) -> Pin | None:
    """The pin in the image reference ``src.text[start:end]``, or None if it is not a Go image."""
    ref = src.text[start:end]
    m = _REF_RE.match(ref)
    if not m:
        return None
    name, tag = m["name"], m["tag"]
    golang = is_golang(name)
    if not golang and name.lower() not in _DEVC_NAMES:
        return None
    digest = (start + m.start("digest"), start + m.end("digest")) if m["digest"] else None
    notes = ["digest-pinned: the digest decides the image, whatever the tag says"] if digest else []
    if not tag:
        line, col = src.position(start)
        return Pin(src.kind, src.path, src.rel, line, col, ref, "latest", ALIAS, tool, where,
                   digest=digest, notes=notes)
    tag_at = start + m.start("tag")
    tm = (_GOLANG_TAG if golang else _DEVC_TAG).match(tag)
    if "$" in tag:
        return src.pin(tag_at, tag_at + len(tag), text=ref, value=tag, meaning=VARIABLE, tool=tool,
                       where=where, rewritable=False, digest=digest, notes=notes)
    if not tm:
        return src.pin(tag_at, tag_at + len(tag), text=ref, value=tag, meaning=ALIAS, tool=tool,
                       where=where, rewritable=False, digest=digest, notes=notes)
    v0, v1 = tag_at + tm.start("v"), tag_at + tm.end("v")
    meaning, value = classify(src.text[v0:v1])
    return src.pin(v0, v1, text=ref, value=value, meaning=meaning, tool=tool, where=where,
                   digest=digest, notes=notes)


def find_refs(text: str) -> list[tuple[int, int]]:
    """Spans of Go image references in free text (a Makefile, a shell line)."""
    out = []
    for m in re.finditer(r"(?<![A-Za-z0-9_./-])(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?(?:library/)?golang"
                         r"(?::[A-Za-z0-9_.${}-]+)?(?:@sha256:[0-9a-fA-F]+)?", text):
        ref = m.group()
        if ":" in ref.split("golang", 1)[1] or "@" in ref:
            out.append((m.start(), m.end()))
    return out
