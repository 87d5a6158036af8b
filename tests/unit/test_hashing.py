from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from gover.errors import VerificationError
from gover.hashing import sha256_file, sha256_mismatch, sha256_path, sha256_stream


def _sha256sum(path: Path) -> str:
    return subprocess.run(["sha256sum", str(path)], check=True, capture_output=True,
                          text=True).stdout.split()[0]


@pytest.mark.parametrize("size", [0, 1, (1 << 18) - 1, 1 << 18, 3 * (1 << 18) + 7])
def test_file_and_stream_agree_with_sha256sum(tmp_path: Path, size: int) -> None:
    f = tmp_path / "f"
    f.write_bytes(os.urandom(size))
    want = _sha256sum(f)
    assert sha256_file(f) == want
    assert sha256_path(str(f), bytearray(4096)) == (want, size)
    with open(f, "rb") as s:
        assert sha256_stream(s).hexdigest() == want


def test_stream_continues_a_running_hash(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"tail")
    h = hashlib.sha256(b"head")
    with open(f, "rb") as s:
        assert sha256_stream(s, h).hexdigest() == hashlib.sha256(b"headtail").hexdigest()


def test_a_final_symlink_is_followed_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"data")
    (tmp_path / "link").symlink_to("f")
    assert sha256_path(tmp_path / "link")[0] == _sha256sum(tmp_path / "f")
    with pytest.raises(OSError):
        sha256_path(tmp_path / "link", follow_symlinks=False)


def test_mismatch_message_names_both_hashes() -> None:
    e = sha256_mismatch("go.tgz", "AB" * 32, "cd" * 32, "from http://x/")
    assert isinstance(e, VerificationError)
    assert e.message == (f"checksum mismatch for go.tgz: expected sha256 {'ab' * 32}, "
                         f"got {'cd' * 32} (from http://x/)")
