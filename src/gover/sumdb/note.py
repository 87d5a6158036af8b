"""Signed notes and verifier keys (golang.org/x/mod/sumdb/note).

A verifier key is ``<name>+<hash>+<base64(0x01 ‖ Ed25519 public key)>`` where
``<hash>`` is 8 hex digits: the first 4 bytes (big-endian) of
``SHA256(name + "\\n" + keybytes)``.  A note is UTF-8 text ending in a newline,
a blank line, then signature lines ``— <name> <base64(4-byte key hash ‖ sig)>``.
The signature covers the text including its final newline.

``cryptography`` (Ed25519) is imported only when a signature is checked.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

ALG_ED25519 = 1
_SIG_PREFIX = "— "  # U+2014 EM DASH and a space
MAX_SIGNATURES = 100


class NoteError(Exception):
    """A malformed key or note, or a signature that does not verify."""


class UnverifiedNoteError(NoteError):
    """The note parsed, but none of its signatures is by a known key."""

    def __init__(self, message: str, signers: list[str]) -> None:
        super().__init__(message)
        self.signers = signers  # "name+hash" of each unknown signer


def key_hash(name: str, key: bytes) -> int:
    digest = hashlib.sha256(name.encode() + b"\n" + key).digest()
    return int(struct.unpack(">I", digest[:4])[0])


def is_valid_name(name: str) -> bool:
    """Non-empty, no Unicode spaces, no ``+``."""
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def _chop(s: str, sep: str) -> tuple[str, str]:
    before, _, after = s.partition(sep)
    return before, after


@dataclass(frozen=True)
class Verifier:
    name: str
    key_hash: int
    public_key: bytes  # 32-byte Ed25519 key
    text: str  # the encoded key, as given

    @property
    def id(self) -> str:
        return f"{self.name}+{self.key_hash:08x}"

    def verify(self, msg: bytes, sig: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(sig, msg)
        except (InvalidSignature, ValueError):
            return False
        return True


def parse_verifier(vkey: str) -> Verifier:
    """``note.NewVerifier``; NoteError with Go's message when the key is not valid."""
    name, rest = _chop(vkey, "+")
    hash16, key64 = _chop(rest, "+")
    try:
        h = int(hash16, 16) if len(hash16) == 8 and all(
            c in "0123456789abcdefABCDEF" for c in hash16) else -1
        key = base64.b64decode(key64, validate=True)
    except ValueError:
        h, key = -1, b""
    if h < 0 or not is_valid_name(name) or not key:
        raise NoteError("malformed verifier id")
    if h != key_hash(name, key):
        raise NoteError("invalid verifier hash")
    if key[0] != ALG_ED25519:
        raise NoteError("unknown verifier algorithm")
    if len(key) != 33:
        raise NoteError("malformed verifier id")
    return Verifier(name, h, key[1:], vkey)


def verifier_key(name: str, public_key: bytes) -> str:
    """The encoded verifier key for an Ed25519 public key (``note.NewEd25519VerifierKey``)."""
    key = bytes([ALG_ED25519]) + public_key
    return f"{name}+{key_hash(name, key):08x}+{base64.b64encode(key).decode()}"


@dataclass(frozen=True)
class Signature:
    name: str
    key_hash: int
    b64: str


@dataclass
class Note:
    text: str
    sigs: list[Signature] = field(default_factory=list)  # verified
    unverified: list[Signature] = field(default_factory=list)


def open_note(msg: bytes, verifiers: Iterable[Verifier]) -> Note:
    """``note.Open``: parse ``msg`` and check its signatures by the known ``verifiers``.

    A signature by a known key that does not verify is an error; signatures by
    unknown keys are kept aside; a note with no verified signature is an error.
    """
    known = {(v.name, v.key_hash): v for v in verifiers}
    try:
        s = msg.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError("malformed note: not UTF-8") from None
    if any(ord(c) < 0x20 and c != "\n" for c in s):
        raise NoteError("malformed note: control characters")
    split = s.rfind("\n\n")
    if split < 0:
        raise NoteError("malformed note: no blank line before the signatures")
    text, sigs = s[:split + 1], s[split + 2:]
    if not sigs or not sigs.endswith("\n"):
        raise NoteError("malformed note: no signature lines")
    note = Note(text)
    seen: set[tuple[str, int]] = set()
    seen_unverified: set[str] = set()
    lines = sigs[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError("malformed note: too many signatures")
    for line in lines:
        if not line.startswith(_SIG_PREFIX):
            raise NoteError(f"malformed note: signature line {line[:40]!r} does not start with '— '")
        name, b64 = _chop(line[len(_SIG_PREFIX):], " ")
        try:
            raw = base64.b64decode(b64, validate=True)
        except ValueError:
            raw = b""
        if not is_valid_name(name) or not b64 or len(raw) < 5:
            raise NoteError(f"malformed note: bad signature line {line[:40]!r}")
        h = int(struct.unpack(">I", raw[:4])[0])
        sig = Signature(name, h, b64)
        v = known.get((name, h))
        if v is None:
            if line not in seen_unverified:
                seen_unverified.add(line)
                note.unverified.append(sig)
            continue
        if (name, h) in seen:
            continue
        seen.add((name, h))
        if not v.verify(text.encode(), raw[4:]):
            raise NoteError(f"invalid signature for key {v.id}")
        note.sigs.append(sig)
    if not note.sigs:
        raise UnverifiedNoteError("note has no verifiable signatures",
                                  [f"{u.name}+{u.key_hash:08x}" for u in note.unverified])
    return note
