"""The checksum database client: keys, signed notes, the tiled log, proofs, GOSUMDB.

Known answers come from Go's own documentation (x/mod sumdb/note, sumdb/tlog);
proofs are checked against tests/support/sumdb.py, a database written
independently from the RFC 6962 definitions (and accepted by a real ``go`` in
tests/integration/test_proxy_source.py).
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gover.errors import ConfigError, NotFoundError, VerificationError
from gover.golang.proxylist import parse_goproxy
from gover.sumdb import (
    SUM_GOLANG_ORG_KEY,
    Client,
    LatestStore,
    RecordNotFound,
    parse_gosumdb,
    parse_verifier,
    resolve_base,
    tlog,
    verify_transcript,
)
from gover.sumdb.note import NoteError, UnverifiedNoteError, open_note
from tests.support.sumdb import ChecksumDB, Key, gomod_line_hash, random_h1

# From the x/mod/sumdb/note package documentation.
PN_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PN_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PN_TEXT = (b"If you think cryptography is the answer to your problem,\n"
           b"then you don't know what your problem is.\n")
PN_SIG = ("— PeterNeumann "
          "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
ENOCH_SIG = ("— EnochRoot "
             "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n")
TOOLCHAIN = "golang.org/toolchain"
MODVER = "v0.0.1-go1.22.10.linux-amd64"


# --- keys and notes -----------------------------------------------------------------

def test_known_keys() -> None:
    v = parse_verifier(SUM_GOLANG_ORG_KEY)
    assert (v.name, v.id) == ("sum.golang.org", "sum.golang.org+033de0ae")
    assert parse_verifier(PN_VKEY).id == "PeterNeumann+c74f20a3"


def test_go_documented_note_verifies() -> None:
    note = open_note(PN_TEXT + b"\n" + PN_SIG.encode(), [parse_verifier(PN_VKEY)])
    assert note.text.encode() == PN_TEXT and note.sigs[0].name == "PeterNeumann"
    # A second signature by a key we do not know is kept aside, not an error.
    note = open_note(PN_TEXT + b"\n" + (PN_SIG + ENOCH_SIG).encode(), [parse_verifier(PN_VKEY)])
    assert [s.name for s in note.unverified] == ["EnochRoot"]


def test_test_signer_reproduces_gos_signature() -> None:
    # Ed25519 is deterministic: the test database signs exactly as Go's note.Sign does.
    assert Key.from_skey(PN_SKEY).sign(PN_TEXT) == PN_TEXT + b"\n" + PN_SIG.encode()
    assert Key.from_skey(PN_SKEY).vkey == PN_VKEY


@pytest.mark.parametrize("vkey,msg", [
    ("PeterNeumann+c74f20a3", "malformed verifier id"),
    ("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "malformed verifier id"),
    ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "malformed verifier id"),
    ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "invalid verifier hash"),
    ("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9", "invalid verifier hash"),
])
def test_bad_verifier_keys(vkey: str, msg: str) -> None:
    with pytest.raises(NoteError, match=msg):
        parse_verifier(vkey)


def test_wrong_algorithm() -> None:
    key = b"\x02" + bytes(32)
    from gover.sumdb.note import key_hash

    with pytest.raises(NoteError, match="unknown verifier algorithm"):
        parse_verifier(f"x+{key_hash('x', key):08x}+{base64.b64encode(key).decode()}")


@pytest.mark.parametrize("msg,err", [
    (PN_TEXT + PN_SIG.encode(), "no blank line"),
    (PN_TEXT + b"\n", "no signature lines"),
    (PN_TEXT + b"\n" + PN_SIG.encode().rstrip(b"\n"), "no signature lines"),
    (PN_TEXT + b"\n- PeterNeumann abc\n", "does not start with"),
    (PN_TEXT + b"\n\xe2\x80\x94 PeterNeumann !!!\n", "bad signature line"),
    (b"tab\there\n\n" + PN_SIG.encode(), "control characters"),
    (b"\xff\n\n" + PN_SIG.encode(), "not UTF-8"),
    (PN_TEXT + b"\n" + ENOCH_SIG.encode() * 101, "too many signatures"),
])
def test_malformed_notes(msg: bytes, err: str) -> None:
    with pytest.raises(NoteError, match=err):
        open_note(msg, [parse_verifier(PN_VKEY)])


def test_tampered_and_foreign_notes() -> None:
    v = parse_verifier(PN_VKEY)
    with pytest.raises(NoteError, match="invalid signature for key PeterNeumann"):
        open_note(PN_TEXT.replace(b"answer", b"Answer") + b"\n" + PN_SIG.encode(), [v])
    with pytest.raises(UnverifiedNoteError) as e:
        open_note(PN_TEXT + b"\n" + ENOCH_SIG.encode(), [v])
    assert e.value.signers[0].startswith("EnochRoot+")


# --- GOSUMDB ------------------------------------------------------------------------------

def test_gosumdb_values() -> None:
    assert parse_gosumdb("off") is None
    db = parse_gosumdb("sum.golang.org")
    assert db is not None and db.url is None and db.direct_url == "https://sum.golang.org"
    cn = parse_gosumdb("sum.golang.google.cn")
    assert cn is not None and cn.name == "sum.golang.org" and cn.url == "https://sum.golang.google.cn"
    own = parse_gosumdb(PN_VKEY + " http://127.0.0.1:1/db/")
    assert own is not None and own.url == "http://127.0.0.1:1/db" and own.name == "PeterNeumann"


@pytest.mark.parametrize("value,msg", [
    ("", "missing GOSUMDB"),
    ("sum.example.com", "invalid GOSUMDB 'sum.example.com': malformed verifier id"),
    ("sum.golang.org https://a https://b", "too many fields"),
    ("sum.golang.org ftp://x", "invalid GOSUMDB URL 'ftp://x'"),
    ("sum.golang.org notaurl", "invalid GOSUMDB URL"),
])
def test_gosumdb_errors(value: str, msg: str) -> None:
    with pytest.raises(ConfigError, match=msg):
        parse_gosumdb(value)


def test_gosumdb_name_must_be_a_host() -> None:
    k = Key.generate("evil.example/../x")
    with pytest.raises(ConfigError, match="must be host"):
        parse_gosumdb(k.vkey)


def test_database_reached_through_a_proxy_that_supports_it() -> None:
    db = parse_gosumdb("sum.golang.org")
    assert db is not None
    asked = []

    def probe(url: str) -> bytes:
        asked.append(url)
        if "first" in url:
            raise NotFoundError("404")
        return b""

    proxies = parse_goproxy("https://first.example,https://second.example,direct")
    assert resolve_base(db, proxies, probe) == "https://second.example/sumdb/sum.golang.org"
    assert asked == ["https://first.example/sumdb/sum.golang.org/supported",
                     "https://second.example/sumdb/sum.golang.org/supported"]
    assert resolve_base(db, parse_goproxy("off"), probe) == "https://sum.golang.org"


# --- the tiled log ----------------------------------------------------------------------------

@given(st.integers(0, 8), st.integers(0, 1 << 20))
def test_stored_hash_index_round_trip(level: int, n: int) -> None:
    assert tlog.split_stored_hash_index(tlog.stored_hash_index(level, n)) == (level, n)


def test_tile_paths() -> None:
    # The examples in the tlog documentation.
    assert tlog.Tile(3, 4, 1234067, 1).path() == "tile/3/4/x001/x234/067.p/1"
    assert tlog.Tile(3, 4, 1234067, 8).path() == "tile/3/4/x001/x234/067"
    assert tlog.Tile(8, -1, 5, 256).path() == "tile/8/data/005"


@pytest.mark.parametrize("text", [
    b"go.sum database tree\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    b"go.sum database tree\n1\nAAAA\n",
    b"go.sum database tree v2\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    b"go.sum database tree\n1\n",
])
def test_malformed_trees(text: bytes) -> None:
    with pytest.raises(tlog.TlogError, match="malformed tree note"):
        tlog.parse_tree(text)


def test_tree_lines_after_the_third_are_ignored() -> None:
    tree = tlog.parse_tree(b"go.sum database tree\n7\n" + base64.b64encode(bytes(32)) + b"\nextra\n")
    assert tree.n == 7


def fetcher(db: ChecksumDB):  # type: ignore[no-untyped-def]
    def fetch(path: str) -> bytes:
        route = db.answer(path.lstrip("/"))
        if route is None or route.statuses:
            raise NotFoundError(f"{path}: 404")
        return route.data()

    return fetch


@pytest.fixture
def db() -> ChecksumDB:
    d = ChecksumDB.create(filler=700)
    d.add(TOOLCHAIN, MODVER, "h1:ttD1CsXyYufuNSYb6KtxfrbGcMokn8nxkNJU7VscZYw=",
          gomod_line_hash(b"module golang.org/toolchain\n"), at=300)
    return d


def client(db: ChecksumDB, tmp_path=None) -> Client:  # type: ignore[no-untyped-def]
    cfg = parse_gosumdb(db.key.vkey)
    assert cfg is not None
    return Client(cfg, fetcher(db), latest=LatestStore(tmp_path) if tmp_path else None)


def test_tree_hash_matches_the_recursive_definition(db: ChecksumDB) -> None:
    for n in (1, 2, 3, 7, 255, 256, 257, 600, 701):
        db.size = n
        c = client(db)
        tree = tlog.Tree(n, db._hash(0, n))
        reader = tlog.TileHashReader(tree, 8, c._read_tiles)
        assert tlog.tree_hash(n, reader) == tree.hash


def test_lookup_proves_the_record(db: ChecksumDB) -> None:
    found = client(db).lookup(TOOLCHAIN, MODVER)
    assert found.record_id == 300 and found.tree.n == 701
    assert found.hash() == "h1:ttD1CsXyYufuNSYb6KtxfrbGcMokn8nxkNJU7VscZYw="
    assert found.hash(MODVER + "/go.mod", ).startswith("h1:")
    assert set(found.transcript) == {f"/lookup/{TOOLCHAIN}@{MODVER}", "/tile/8/0/001",
                                     "/tile/8/0/002.p/189", "/tile/8/1/000.p/2"}


def test_every_record_in_many_tree_sizes_is_proven() -> None:
    d = ChecksumDB.create(filler=0)
    for i in range(520):
        d.add(f"m.example/{i}", "v1.0.0", random_h1(), random_h1())
    for n in (1, 2, 5, 255, 256, 257, 511, 512, 513, 520):
        d.size = n
        for rid in {0, n // 3, n - 1}:
            found = client(d).lookup(f"m.example/{rid}", "v1.0.0")
            assert found.record_id == rid


def test_a_completed_tile_stands_in_for_a_partial_one(db: ChecksumDB) -> None:
    for i in range(100):
        db.add(f"more.example/{i}", "v1.0.0", random_h1(), random_h1())
    db.size, db.tiles_for = 600, 801  # signed at 600 records; tile 002 has been completed since
    db.missing_tiles.add("tile/8/0/002.p/88")
    found = client(db).lookup(TOOLCHAIN, MODVER)
    assert "/tile/8/0/002" in found.transcript and found.record_id == 300


def test_lying_databases_are_caught(db: ChecksumDB) -> None:
    db.served_text[f"{TOOLCHAIN}@{MODVER}"] = (f"{TOOLCHAIN} {MODVER} {random_h1()}\n"
                                               f"{TOOLCHAIN} {MODVER}/go.mod {random_h1()}\n").encode()
    with pytest.raises(VerificationError, match="cannot authenticate record data"):
        client(db).lookup(TOOLCHAIN, MODVER)
    db.served_text.clear()

    db.signer = Key.generate(db.key.name)
    with pytest.raises(VerificationError, match=r"signed by sum.gover.test\+[0-9a-f]{8}, not by the key"):
        client(db).lookup(TOOLCHAIN, MODVER)
    db.signer = None

    db.note_filter = lambda note: note.replace(b"\n\n", b"\n")
    with pytest.raises(VerificationError, match="bad signed tree note: malformed note"):
        client(db).lookup(TOOLCHAIN, MODVER)
    db.note_filter = lambda note: note.replace(b"tree\n701", b"tree\n702")
    with pytest.raises(VerificationError, match="invalid signature for key sum.gover.test"):
        client(db).lookup(TOOLCHAIN, MODVER)
    db.note_filter = None

    db.missing_tiles.add("tile/8/0/001")
    with pytest.raises(VerificationError, match="cannot prove its answer: tile/8/0/001 was not found"):
        client(db).lookup(TOOLCHAIN, MODVER)


def test_unknown_record_and_unreachable() -> None:
    with pytest.raises(RecordNotFound, match="no such record"):
        client(ChecksumDB.create(filler=3)).lookup(TOOLCHAIN, MODVER)


def test_history_rewrite_is_a_security_error(db: ChecksumDB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db.size = 650
    client(db, tmp_path).lookup(TOOLCHAIN, MODVER)
    assert (tmp_path / "sum.gover.test" / "latest").read_bytes().startswith(b"go.sum database tree\n650\n")
    db.size = None  # the log grows: consistent, and the newer tree is remembered
    client(db, tmp_path).lookup(TOOLCHAIN, MODVER)
    assert (tmp_path / "sum.gover.test" / "latest").read_bytes().startswith(b"go.sum database tree\n701\n")
    db.size, db.tiles_for = 500, 701  # an older tree is fine too, if it is a prefix
    client(db, tmp_path).lookup(TOOLCHAIN, MODVER)
    db.size = db.tiles_for = None
    db.rewrite(10, b"example.com/forged v1.0.0 h1:x\n")
    with pytest.raises(VerificationError, match="SECURITY ERROR.*misbehavior detected.*size 701"):
        client(db, tmp_path).lookup(TOOLCHAIN, MODVER)
    db.add("later.example", "v1.0.0", random_h1(), random_h1())  # a forked log that grew
    with pytest.raises(VerificationError, match="SECURITY ERROR.*tree of size 702 is inconsistent"):
        client(db, tmp_path).lookup(TOOLCHAIN, MODVER)


def test_transcript_replays_offline_and_detects_edits(db: ChecksumDB) -> None:
    found = client(db).lookup(TOOLCHAIN, MODVER)
    cfg = found.db
    again = verify_transcript(cfg, TOOLCHAIN, MODVER, found.transcript)
    assert again.hash() == found.hash()
    edited = dict(found.transcript)
    edited["/tile/8/0/001"] = bytes(32) + edited["/tile/8/0/001"][32:]
    with pytest.raises(VerificationError, match="inconsistent tile"):
        verify_transcript(cfg, TOOLCHAIN, MODVER, edited)
    lookup = f"/lookup/{TOOLCHAIN}@{MODVER}"
    edited = dict(found.transcript)
    edited[lookup] = edited[lookup].replace(b"h1:ttD1", b"h1:ttD2")
    with pytest.raises(VerificationError, match="cannot authenticate"):
        verify_transcript(cfg, TOOLCHAIN, MODVER, edited)
    missing = {k: v for k, v in found.transcript.items() if k != "/tile/8/0/001"}
    with pytest.raises(VerificationError, match="tile/8/0/001 was not found"):
        verify_transcript(cfg, TOOLCHAIN, MODVER, missing)
