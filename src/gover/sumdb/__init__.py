"""A client for Go's checksum database (sum.golang.org and compatible servers).

``config``: which database GOSUMDB names and how to reach it; ``note``: verifier
keys and Ed25519-signed notes; ``tlog``: the Merkle log, tiles and proofs;
``client``: lookups proven against the signed tree, with an offline transcript.

Typical use::

    db = parse_gosumdb(effective_gosumdb(env))          # None when GOSUMDB=off
    client = Client(db, fetch, latest=LatestStore(paths.sumdb))
    found = client.lookup("golang.org/toolchain", "v0.0.1-go1.22.10.linux-amd64")
    found.hash()  # "h1:…", proven to be in the signed log
"""

from gover.sumdb.client import Client, LatestStore, Lookup, RecordNotFound, verify_transcript
from gover.sumdb.config import (
    DEFAULT_GOSUMDB,
    SUM_GOLANG_ORG_KEY,
    Database,
    effective_gosumdb,
    parse_gosumdb,
    resolve_base,
)
from gover.sumdb.note import NoteError, Verifier, parse_verifier, verifier_key

__all__ = [
    "DEFAULT_GOSUMDB", "SUM_GOLANG_ORG_KEY", "Client", "Database", "LatestStore", "Lookup",
    "NoteError", "RecordNotFound", "Verifier", "effective_gosumdb", "parse_gosumdb",
    "parse_verifier", "resolve_base", "verifier_key", "verify_transcript",
]
