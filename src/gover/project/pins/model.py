"""What a pin is: one place in a repository that names a Go version, what it means and
who reads it, with the exact span of the version text so a migration can rewrite only
those characters.

Readers work on the file decoded as UTF-8 with ``surrogateescape`` (every byte
round-trips), and offsets are indexes into that text.
"""

from __future__ import annotations

import re

from gover.record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# What a pin means: the granularity a migration keeps.
EXACT = "exact"  # one release: 1.23.9, go1.23.9, 1.23rc1
SERIES = "series"  # the newest release of a minor (or major): 1.23, 1.23.x, ~1.23
MINIMUM = "minimum"  # a lower bound: a go line, ^1.23, >=1.22.0
LANGUAGE = "language"  # a language version a tool targets (golangci-lint run.go)
ALIAS = "alias"  # stable, oldstable, latest, golang:alpine: follows upstream, not pinned
FILE = "file"  # go-version-file: go.mod: whatever that file says
VARIABLE = "variable"  # ${{ matrix.go }}, ${GO_VERSION}: a value set elsewhere

_VERSION_RE = re.compile(
    r"^(?P<op>\^|~|>=|>|=|v)?(?P<go>go)?"
    r"(?P<ver>[1-9][0-9]*(?:\.(?:0|[1-9][0-9]*)){0,2}(?:(?:alpha|beta|rc)[0-9]+)?)"
    r"(?P<sem>-(?:alpha|beta|rc)\.?[0-9]+)?(?P<x>\.x|\.\*)?$")
ALIASES = {"stable", "oldstable", "latest", "tip", "current", "lts", "system", "default"}
UNKNOWN = "unknown"  # a value no rule here understands: listed, never rewritten


@record(frozen=True)
class Form:
    """How a version is spelt, so a rewrite keeps the spelling: ``go1.23.9``, ``^1.23``."""

    op: str
    go: str
    ver: str
    x: str

    @property
    def parts(self) -> int:
        """3 for a release (a prerelease counts as one), else how many numbers are given."""
        if not self.ver.replace(".", "").isdigit():
            return 3
        return len(self.ver.split("."))

    def respell(self, version: str) -> str:
        """The same spelling for another version, cut to this spelling's granularity."""
        ver = version
        if self.parts < 3 and version.replace(".", "").isdigit():
            ver = ".".join(version.split(".")[: self.parts])
        return f"{self.op}{self.go}{ver}{self.x}"


def parse_form(text: str) -> Form | None:
    m = _VERSION_RE.match(text)
    if not m:
        return None
    ver = m["ver"]
    if m["sem"]:  # setup-go's semver prerelease spelling, 1.23.0-rc.1
        ver = ver.rsplit(".", 1)[0] + m["sem"][1:].replace(".", "") if ver.count(".") == 2 else ver
    return Form(m["op"] or "", m["go"] or "", ver, m["x"] or "")


def classify(text: str) -> tuple[str, str]:
    """(meaning, version) of a version text as most tools read it: three parts or a
    prerelease name a release, two (or one) a series, ``^``/``>=`` a minimum."""
    t = text.strip()
    if t.lower() in ALIASES:
        return ALIAS, t
    if "$" in t:
        return VARIABLE, t
    f = parse_form(t)
    if f is None:
        return UNKNOWN, t
    if f.op in ("^", ">=", ">"):
        return MINIMUM, f.ver
    if f.x or f.op == "~":
        return SERIES, f.ver
    if f.parts >= 3:
        return EXACT, f.ver
    return SERIES, f.ver


def yaml_number(text: str) -> str | None:
    """What YAML (and TOML) make of an unquoted ``1.20``: the float 1.2, so every tool
    then reads "1.2".  None when the text stays itself."""
    if not re.fullmatch(r"[0-9]+\.[0-9]+", text):
        return None
    shown = repr(float(text))
    return shown if shown != text else None


@record
class ListItem:
    """One entry of a CI matrix list, for inserting and removing entries in place."""

    group: str  # file + path of the list
    index: int
    flow: bool  # [a, b] on one line, else one "- a" line per entry
    item_start: int  # the entry as written, quotes included
    item_end: int
    line_start: int = 0  # block lists: the whole line of the entry
    line_end: int = 0
    structural: bool = True  # False for matrix include entries: values change, entries stay


@record
class Pin:
    kind: str  # the file kind (KINDS)
    path: Path  # the file, as found under the root
    rel: str  # relative to the repository root
    line: int
    column: int
    text: str  # what the file says, e.g. "golang:1.23-alpine", "'1.23.9'", "${{ matrix.go }}"
    value: str  # the version the tool reads ("1.2" for a YAML 1.20), or the file/variable named
    meaning: str
    tool: str  # who reads it
    where: str  # which field: "go-version", "FROM", "ARG GO_VERSION", "run.go"
    start: int = -1  # the version text's span in the file; -1 when it cannot be rewritten here
    end: int = -1
    plain_scalar: bool = False  # an unquoted YAML/TOML scalar: "1.20" must be written quoted
    item: ListItem | None = None
    digest: tuple[int, int] | None = None  # "@sha256:…" after the tag: reported, rewritten with --force
    notes: list[str] = field(default_factory=list)
    blocked: str = ""  # why this pin cannot be written ("symlink to outside the repository")

    def to_json(self) -> dict[str, object]:
        return {"file": self.rel, "line": self.line, "column": self.column, "kind": self.kind,
                "where": self.where, "text": self.text, "value": self.value, "meaning": self.meaning,
                "tool": self.tool, "group": self.item.group if self.item else None,
                "digest": self.digest is not None, "notes": self.notes, "blocked": self.blocked or None}


@record(frozen=True)
class Problem:
    """A file that could not be read: reported, left alone, the others go on."""

    rel: str
    line: int
    message: str

    def to_json(self) -> dict[str, object]:
        return {"file": self.rel, "line": self.line, "message": self.message}


class ReadError(ValueError):
    """A file a reader cannot parse; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@record
class Source:
    """One file handed to a reader: its text and how to turn offsets into line/column."""

    kind: str
    path: Path
    rel: str
    text: str

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), 1-based: counted in C for the few pins a file has, rather than
        a table of line starts built for every file read."""
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def pin(self, start: int, end: int, *, text: str | None = None, value: str | None = None,
            meaning: str | None = None, tool: str, where: str, rewritable: bool = True,
            **kw: object) -> Pin:
        """A pin whose version text is ``self.text[start:end]`` (classified unless given)."""
        vt = self.text[start:end]
        m, v = classify(vt)
        line, col = self.position(start)
        return Pin(self.kind, self.path, self.rel, line, col, vt if text is None else text,
                   v if value is None else value, m if meaning is None else meaning, tool, where,
                   start if rewritable else -1, end if rewritable else -1, **kw)  # type: ignore[arg-type]


def scalar_pin(src: Source, start: int, end: int, style: str, **kw: object) -> Pin:
    """A pin for a YAML/TOML scalar written at ``start:end``: the version text is inside the
    quotes; an unquoted number like ``1.20`` is read by YAML as 1.2, and said so."""
    quoted = style in ("single", "double", "quoted")
    pin = src.pin(start + 1 if quoted else start, end - 1 if quoted else end, **kw)  # type: ignore[arg-type]
    if not quoted:
        pin.plain_scalar = True
        num = yaml_number(pin.text)
        if num is not None:
            pin.value = num
            if "meaning" not in kw:
                pin.meaning = classify(num)[0]
            pin.notes.append(f"unquoted {pin.text} is the number {num}: the tool reads \"{num}\" "
                             f"(Go {num}); quote it: '{pin.text}'")
    return pin
