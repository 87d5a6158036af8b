"""Move pins to another Go version by editing their spans in place.

Each pin keeps its granularity: an exact release becomes the release chosen
(``1.23.9`` → ``1.22.10``, ``golang:1.23.9-alpine`` → ``golang:1.22.10-alpine``), a series
the target's minor (``1.23`` → ``1.22``, ``1.23.x`` → ``1.22.x``), a minimum or a
language version the go line cut to the same number of parts (``^1.23`` → ``^1.22``).
Prefixes, quotes and everything around the span stay; an unquoted YAML/TOML number
that would change meaning (``1.20`` is 1.2) is written quoted.

A CI matrix list tracks the go line: entries the new go line cannot use (below it) are
removed — the newest of them becomes the target when no entry names the target's minor —
and when every entry is above the target, the target is added before the lowest one.
Down and back up again gives the original list.  ``include`` entries are not added or
removed, only changed.  Aliases (``stable``), file references and variables are left
alone: they follow what they name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gover.golang import versions
from gover.project.pins.model import (
    ALIAS,
    EXACT,
    LANGUAGE,
    MINIMUM,
    SERIES,
    Pin,
    parse_form,
    yaml_number,
)
from gover.project.pins.scan import Scan

MOVABLE = (EXACT, SERIES, MINIMUM, LANGUAGE)


@dataclass(frozen=True)
class Target:
    go: str  # the new go line, e.g. "1.22.0"
    release: str  # the release exact pins name, e.g. "1.22.10" (installed or installable)

    @property
    def lang(self) -> str:
        return versions.lang(self.release)


@dataclass
class FileEdit:
    rel: str
    pins: list[Pin]
    old: str
    new: str
    what: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    edits: dict[str, FileEdit] = field(default_factory=dict)  # rel → the new text
    skipped: list[tuple[Pin, str]] = field(default_factory=list)  # pins left as they are, and why
    refused: list[tuple[Pin, str]] = field(default_factory=list)  # pins that must change but cannot


@dataclass
class _Edit:
    start: int
    end: int
    text: str


def _spelled(pin: Pin, text: str, t: Target) -> str | None:
    """The new version text for ``pin`` (whose version text is ``text``), or None."""
    form = parse_form(text)
    if form is None:
        return None
    if pin.meaning == EXACT:
        new = form.respell(t.release)
    elif pin.meaning == SERIES:
        new = form.respell(t.lang if form.parts < 3 else t.release)
    else:
        new = form.respell(t.go if form.parts >= 3 else t.lang)
    if pin.plain_scalar and yaml_number(new) is not None:
        new = f"'{new}'"
    return new


def _satisfies(pin: Pin, go: str) -> bool:
    """Can this pin's Go build a module whose go line is ``go``?"""
    if pin.meaning not in MOVABLE or not versions.is_valid(pin.value):
        return pin.meaning == ALIAS
    if pin.meaning == EXACT:
        return versions.compare(pin.value, go) >= 0
    return versions.minor_of(pin.value) >= versions.minor_of(go)


def plan(scan: Scan, t: Target, *, kinds: set[str], force: bool = False) -> Outcome:
    out = Outcome()
    edits: dict[str, list[_Edit]] = defaultdict(list)
    touched: dict[str, list[Pin]] = defaultdict(list)
    whats: dict[str, list[str]] = defaultdict(list)
    groups: dict[str, list[Pin]] = defaultdict(list)
    for pin in scan.pins:
        if pin.kind == "gomod" or pin.kind not in kinds:
            continue
        if pin.item is not None:
            groups[pin.item.group].append(pin)
            continue
        new = _new_text(out, pin, scan, t, force)
        if new is not None:
            _add(edits, touched, whats, pin, new, scan)
    for members in groups.values():
        _plan_group(out, members, scan, t, edits, touched, whats, force)
    for rel, es in edits.items():
        old = scan.sources[rel].text
        new = old
        for e in sorted(es, key=lambda e: (e.start, e.end), reverse=True):
            new = new[:e.start] + e.text + new[e.end:]
        if new != old:
            out.edits[rel] = FileEdit(rel, touched[rel], old, new, whats[rel])
    return out


def _new_text(out: Outcome, pin: Pin, scan: Scan, t: Target, force: bool) -> str | None:
    if pin.meaning not in MOVABLE or pin.start < 0:
        return None
    text = scan.sources[pin.rel].text[pin.start:pin.end]
    new = _spelled(pin, text, t)
    if new is None or new == text:
        return None
    if pin.blocked:
        (out.refused if pin.blocked == "not writable" else out.skipped).append((pin, pin.blocked))
        return None
    if pin.digest is not None and not force:
        out.skipped.append((pin, "digest-pinned image: not rewritten (--force rewrites the tag "
                                 "and drops the digest)"))
        return None
    return new


def _add(edits: dict[str, list[_Edit]], touched: dict[str, list[Pin]], whats: dict[str, list[str]],
         pin: Pin, new: str, scan: Scan) -> None:
    old = scan.sources[pin.rel].text[pin.start:pin.end]
    edits[pin.rel].append(_Edit(pin.start, pin.end, new))
    if pin.digest is not None:
        edits[pin.rel].append(_Edit(pin.digest[0], pin.digest[1], ""))
    touched[pin.rel].append(pin)
    whats[pin.rel].append(f"{pin.where} {old} → {new.strip(chr(39))}"
                          + (" (digest dropped)" if pin.digest is not None else ""))


def _plan_group(out: Outcome, members: list[Pin], scan: Scan, t: Target, edits: dict[str, list[_Edit]],
                touched: dict[str, list[Pin]], whats: dict[str, list[str]], force: bool) -> None:
    members.sort(key=lambda p: p.item.index)  # type: ignore[union-attr]
    rel = members[0].rel
    text = scan.sources[rel].text
    versioned = [p for p in members if p.meaning in MOVABLE and versions.is_valid(p.value)]
    if not versioned:
        return
    if any(p.blocked for p in members):
        blocked = members[0].blocked
        (out.refused if blocked == "not writable" else out.skipped).append((members[0], blocked))
        return
    below = [p for p in versioned if not _satisfies(p, t.go)]
    has_target = any(versions.minor_of(p.value) == versions.minor_of(t.go) and _satisfies(p, t.go)
                     for p in versioned)
    structural = all(p.item and p.item.structural for p in members)
    key = members[0].where
    if below:
        keep = None if has_target else max(below, key=lambda p: versions.sort_key(p.value))
        for p in below:
            if p is keep or not structural:
                new = _new_text(out, p, scan, t, force)
                if new is not None:
                    _add(edits, touched, whats, p, new, scan)
        if structural:
            gone = [p for p in below if p is not keep]
            for e in _removals(members, gone, text):
                edits[rel].append(e)
            if gone:
                touched[rel].extend(gone)
                whats[rel].append(f"{key}: removed {', '.join(p.text for p in gone)} (below go {t.go})")
        return
    if has_target:
        return
    lowest = min(versioned, key=lambda p: versions.sort_key(p.value))
    new = _new_text(out, lowest, scan, t, force)
    if new is None:
        return
    if not structural:
        _add(edits, touched, whats, lowest, new, scan)
        return
    it = lowest.item
    assert it is not None
    entry = text[it.item_start:lowest.start] + new + text[lowest.end:it.item_end]
    if it.flow:
        edits[rel].append(_Edit(it.item_start, it.item_start, entry + ", "))
    else:
        line = text[it.line_start:it.line_end]
        a, b = it.item_start - it.line_start, it.item_end - it.line_start
        added = line[:a] + entry + line[b:]
        added += "" if added.endswith("\n") else "\n"
        edits[rel].append(_Edit(it.line_start, it.line_start, added))
    touched[rel].append(lowest)
    whats[rel].append(f"{key}: added {new.strip(chr(39))} (the new go line's minor)")


def _removals(members: list[Pin], gone: list[Pin], text: str) -> list[_Edit]:
    """Edits deleting ``gone`` from the list ``members`` (in order), separators included."""
    if not gone:
        return []
    if not members[0].item or not members[0].item.flow:
        return [_Edit(p.item.line_start, p.item.line_end, "") for p in gone]  # type: ignore[union-attr]
    out: list[_Edit] = []
    ids = {id(p) for p in gone}
    i = 0
    while i < len(members):
        if id(members[i]) not in ids:
            i += 1
            continue
        j = i
        while j + 1 < len(members) and id(members[j + 1]) in ids:
            j += 1
        first, last = members[i].item, members[j].item
        assert first is not None and last is not None
        if j + 1 < len(members):
            nxt = members[j + 1].item
            assert nxt is not None
            out.append(_Edit(first.item_start, nxt.item_start, ""))
        elif i > 0:
            prev = members[i - 1].item
            assert prev is not None
            out.append(_Edit(prev.item_end, last.item_end, ""))
        i = j + 1
    return out
