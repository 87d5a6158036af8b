"""A line-oriented YAML reader for CI files: every scalar with its path and its exact span.

Enough YAML for workflows, GitLab CI and linter configs: block mappings and sequences
(including a sequence at its key's indentation), flow collections (``[a, 'b']``,
``{go-version: "1.23"}``, across lines), single- and double-quoted scalars, block
scalars (skipped), comments, anchors and tags.  It never re-dumps anything: callers
edit the spans it reports.  What it cannot read it refuses (:class:`ReadError` with the
line), as a YAML parser would — tabs in indentation, an unterminated quote or bracket,
``key: a: b``, a mapping key under a scalar, indentation that matches no open block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gover.project.pins.model import ReadError

Path_ = tuple[str | int, ...]


@dataclass
class Scalar:
    path: Path_
    value: str  # decoded
    start: int  # span of the scalar as written (quotes included)
    end: int
    style: str  # "plain", "single", "double", "alias", "block" (a | or > scalar: value not read)
    flow: bool = False  # inside [..] or {..}
    line_start: int = -1  # block sequence entries alone on their line: the line's span
    line_end: int = -1
    tag: str = ""


@dataclass
class _Frame:
    indent: int
    kind: str  # "map" or "seq"
    path: Path_
    key: str | int | None = None  # the current key (map) or index (seq)
    awaiting: bool = False  # the current key/entry has no value yet: a block may follow

    def child(self) -> Path_:
        return self.path if self.key is None else self.path + (self.key,)


_BLOCK_RE = re.compile(r"[|>][0-9+-]*[ \t]*(#.*)?$")


@dataclass
class _Scanner:
    text: str
    out: list[Scalar] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    scalar_at: int = -1  # a key with an inline plain value at this column: deeper keys are an error

    # --- helpers ------------------------------------------------------------------------

    def line_of(self, off: int) -> int:
        return self.text.count("\n", 0, off) + 1

    def fail(self, off: int, msg: str) -> ReadError:
        return ReadError(self.line_of(off), msg)

    def eol(self, off: int) -> int:
        n = self.text.find("\n", off)
        return len(self.text) if n < 0 else n

    def rest_is_blank(self, off: int) -> bool:
        tail = self.text[off:self.eol(off)].strip()
        return not tail or tail.startswith("#")

    # --- lines --------------------------------------------------------------------------

    def run(self) -> list[Scalar]:
        pos, n = 0, len(self.text)
        block_min: int | None = None
        while pos < n:
            end = self.eol(pos)
            line = self.text[pos:end]
            body = line.rstrip("\r")
            stripped = body.lstrip(" ")
            col = len(body) - len(stripped)
            if block_min is not None:
                if not stripped.strip() or col > block_min:
                    pos = end + 1
                    continue
                block_min = None
            if not stripped.strip() or stripped.startswith("#") or stripped.startswith("%"):
                pos = end + 1
                continue
            if stripped.startswith("\t") or (col == 0 and body.startswith("\t")):
                raise self.fail(pos, "found a tab character where indentation must be spaces")
            if body in ("---", "...") or body.startswith(("--- ", "... ")):
                self.stack, self.scalar_at = [], -1
                pos = end + 1
                continue
            resume, block_min = self.content(col, pos + col, pos, line_start=True)
            pos = self.eol(resume) + 1
        return self.out

    def pop_to(self, col: int, *, keep_seq_at: bool) -> None:
        while self.stack and (self.stack[-1].indent > col or
                              (not keep_seq_at and self.stack[-1].indent == col
                               and self.stack[-1].kind == "seq")):
            self.stack.pop()

    def open_container(self, col: int, kind: str, off: int) -> _Frame:
        """The frame a key or entry at ``col`` belongs to, pushing a new one if it starts here."""
        top = self.stack[-1] if self.stack else None
        if top is not None and top.indent == col and top.kind == kind:
            return top
        if top is None:
            frame = _Frame(col, kind, ())
        else:
            same_indent_seq = kind == "seq" and top.kind == "map" and top.indent == col
            if not top.awaiting or (top.indent >= col and not same_indent_seq):
                raise self.fail(off, "bad indentation: this line belongs to no open mapping or list")
            frame = _Frame(col, kind, top.child())
            top.awaiting = False
        self.stack.append(frame)
        return frame

    def content(self, col: int, off: int, line_off: int, *, line_start: bool) -> tuple[int, int | None]:
        """Read what starts at ``off`` (column ``col``); returns (where to resume, block scalar indent)."""
        t = self.text
        if t.startswith("-", off) and (off + 1 >= len(t) or t[off + 1] in " \r\n"):
            if self.scalar_at >= 0 and col > self.scalar_at:
                raise self.fail(off, "a list entry cannot follow a scalar value")
            self.scalar_at = -1
            self.pop_to(col, keep_seq_at=True)
            seq = self.open_container(col, "seq", off)
            seq.key = 0 if seq.key is None else int(seq.key) + 1
            seq.awaiting = True
            nxt = off + 1
            while nxt < len(t) and t[nxt] == " ":
                nxt += 1
            if self.rest_is_blank(nxt):
                return nxt, None
            return self.inline(seq, col + (nxt - off), nxt, line_off if line_start else -1)
        key = self.key_at(off)
        if key is None:
            if self.scalar_at >= 0 and col > self.scalar_at:
                return self.eol(off), None  # a plain scalar continued on this line
            top = self.stack[-1] if self.stack else None
            if top is not None and top.awaiting and top.indent < col:
                return self.value(top, off, col, -1)
            if not self.stack and not self.out:
                return self.value(_Frame(col, "map", (), awaiting=True), off, col, -1)
            raise self.fail(off, "expected a 'key: value' or '- entry' line")
        name, after = key
        if self.scalar_at >= 0 and col > self.scalar_at:
            raise self.fail(off, "mapping values are not allowed here")
        self.scalar_at = -1
        self.pop_to(col, keep_seq_at=False)
        m = self.open_container(col, "map", off)
        m.key, m.awaiting = name, True
        v = after
        while v < len(t) and t[v] in " \t":
            v += 1
        if self.rest_is_blank(v):
            return v, None
        return self.value(m, v, col, -1)

    def inline(self, seq: _Frame, col: int, off: int, line_off: int) -> tuple[int, int | None]:
        """The rest of a ``- `` line: a nested entry, a mapping, or a value."""
        t = self.text
        if t.startswith("-", off) and (off + 1 >= len(t) or t[off + 1] in " \r\n"):
            return self.content(col, off, line_off, line_start=False)
        if self.key_at(off) is not None:
            return self.content(col, off, line_off, line_start=False)
        return self.value(seq, off, col, line_off)

    def key_at(self, off: int) -> tuple[str, int] | None:
        """A mapping key at ``off``: (name, offset after the colon), else None."""
        t, end = self.text, self.eol(off)
        if off < end and t[off] in "\"'":
            name, q_end = self.quoted(off)
            c = q_end
            while c < end and t[c] == " ":
                c += 1
            if c < end and t[c] == ":" and (c + 1 >= end or t[c + 1] in " \r"):
                return name, c + 1
            return None
        if off < end and t[off] in "[{&*!|>#":
            return None
        i = off
        while i < end:
            ch = t[i]
            if ch == "#" and i > off and t[i - 1] in " \t":
                return None
            if ch == ":" and (i + 1 >= end or t[i + 1] in " \t\r"):
                return t[off:i].rstrip(), i + 1
            i += 1
        return None

    # --- values ------------------------------------------------------------------------

    def value(self, frame: _Frame, off: int, col: int, line_off: int) -> tuple[int, int | None]:
        t, end = self.text, self.eol(off)
        tag = ""
        while off < end and t[off] in "&!":
            sp = t.find(" ", off, end)
            if t[off] == "!":
                tag = t[off:sp if sp >= 0 else end]
            if sp < 0:
                frame.awaiting = True
                return end, None
            off = sp
            while off < end and t[off] == " ":
                off += 1
        if self.rest_is_blank(off):
            frame.awaiting = True
            return off, None
        path = frame.child()
        frame.awaiting = False
        ch = t[off]
        if ch in "|>" and _BLOCK_RE.match(t[off:end].rstrip("\r")):
            self.out.append(Scalar(path, "", off, off + 1, "block"))  # content not read: never a pin
            return end, frame.indent
        if ch in "[{":
            stop = self.flow(off, path)
            self.after_value(stop)
            return stop, None
        if ch in "\"'":
            value, stop = self.quoted(off)
            self.after_value(stop)
            style = "double" if ch == '"' else "single"
            self.emit(path, value, off, stop, style, line_off, tag)
            return stop, None
        if ch == "*":
            stop = off
            while stop < end and t[stop] not in " \r#":
                stop += 1
            self.emit(path, t[off:stop], off, stop, "alias", -1, tag)
            return stop, None
        stop = end
        c = t.find(" #", off, end)
        if c >= 0:
            stop = c
        raw = t[off:stop].rstrip(" \t\r")
        if re.search(r":( |$)", raw):
            raise self.fail(off, "mapping values are not allowed here")
        self.emit(path, raw, off, off + len(raw), "plain", line_off, tag)
        self.scalar_at = frame.indent if frame.kind == "map" else col
        return off + len(raw), None

    def after_value(self, stop: int) -> None:
        if not self.rest_is_blank(stop):
            raise self.fail(stop, "unexpected text after a quoted value or bracket")

    def emit(self, path: Path_, value: str, start: int, end: int, style: str, line_off: int,
             tag: str, *, flow: bool = False) -> None:
        s = Scalar(path, value, start, end, style, flow, tag=tag)
        if line_off >= 0 and self.rest_is_blank(end) and isinstance(path[-1], int):
            s.line_start, s.line_end = line_off, min(self.eol(end) + 1, len(self.text))
        self.out.append(s)

    def quoted(self, off: int) -> tuple[str, int]:
        t, q = self.text, self.text[off]
        i, buf = off + 1, []
        while i < len(t):
            ch = t[i]
            if q == "'" and ch == "'":
                if t.startswith("''", i):
                    buf.append("'")
                    i += 2
                    continue
                return "".join(buf), i + 1
            if q == '"' and ch == "\\" and i + 1 < len(t):
                buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(t[i + 1], t[i + 1]))
                i += 2
                continue
            if q == '"' and ch == '"':
                return "".join(buf), i + 1
            buf.append(ch)
            i += 1
        raise self.fail(off, "unterminated quoted scalar")

    def flow(self, off: int, path: Path_) -> int:
        t = self.text
        closer = "]" if t[off] == "[" else "}"
        is_map, i, idx = closer == "}", off + 1, 0
        while True:
            i = self.skip_flow_space(i, off)
            if t[i] == closer:
                return i + 1
            if is_map:
                key, i = self.flow_scalar(i, off, key=True)
                i = self.skip_flow_space(i, off)
                if t[i] != ":":
                    raise self.fail(i, "expected ':' in a flow mapping")
                i = self.skip_flow_space(i + 1, off)
                sub: Path_ = path + (key,)
            else:
                sub = path + (idx,)
            if t[i] in "[{":
                i = self.flow(i, sub)
            elif t[i] in ",]}":
                pass  # an empty value
            else:
                start = i
                value, i = self.flow_scalar(i, off)
                style = {"'": "single", '"': "double"}.get(t[start], "plain")
                self.emit(sub, value, start, i, style, -1, "", flow=True)
            i = self.skip_flow_space(i, off)
            if t[i] == ",":
                i, idx = i + 1, idx + 1
            elif t[i] != closer:
                raise self.fail(off, f"expected ',' or '{closer}' in the flow collection opened here")

    def skip_flow_space(self, i: int, opened: int) -> int:
        t = self.text
        while i < len(t):
            if t[i] in " \t\r\n":
                i += 1
            elif t[i] == "#" and t[i - 1] in " \t\r\n":
                i = self.eol(i)
            else:
                return i
        raise self.fail(opened, "unclosed flow collection ('[' or '{' without its closing bracket)")

    def flow_scalar(self, i: int, opened: int, *, key: bool = False) -> tuple[str, int]:
        t = self.text
        if t[i] in "\"'":
            return self.quoted(i)
        start = i
        while i < len(t) and t[i] not in ",[]{}\n":
            if t[i] == ":" and (i + 1 >= len(t) or t[i + 1] in " ,]}\r\n"):
                break
            if t[i] == "#" and t[i - 1] in " \t":
                break
            i += 1
        if i >= len(t):
            raise self.fail(opened, "unclosed flow collection ('[' or '{' without its closing bracket)")
        raw = t[start:i].rstrip(" \t\r")
        return raw, start + len(raw)


def scan(text: str) -> list[Scalar]:
    """Every scalar of a YAML document stream, in order; raises ReadError."""
    return _Scanner(text).run()


def by_path(scalars: list[Scalar]) -> dict[Path_, Scalar]:
    return {s.path: s for s in scalars}
