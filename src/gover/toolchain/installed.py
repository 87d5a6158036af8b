"""What ``gover list`` shows: the installed versions with how each was verified.

Apart from listing.py (list-remote, which reaches the sources) so that the sh front
(shell/front.py) can bake this table without the install machinery."""

from __future__ import annotations

from gover.record import record
from gover.toolchain.store import Installed, Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


def verified_label(source: str, v: dict[str, Any]) -> str:
    """How an install was verified, in a word or two (``--json``: ``verified``)."""
    if v.get("independently_verified"):
        label = "index+sumdb"  # the download index and the checksum database agreed
    elif v.get("checksum_db"):
        label = "sumdb"
    elif v.get("record"):
        label = "wheel RECORD"
    elif v.get("checked_against") and "nothing" not in str(v["checked_against"]):
        label = "sha256"
    else:
        label = "none"
    return label + (" (bundle)" if source == "bundle" else "")


@record(frozen=True)
class Listed:
    """One installed version as ``gover list`` describes it."""

    inst: Installed

    @property
    def size(self) -> int:
        return self.inst.meta.installed_bytes if self.inst.meta else 0

    @property
    def verified(self) -> str:
        m = self.inst.meta
        return verified_label(m.source, m.verification) if m else "unknown"

    @property
    def third_party(self) -> bool:
        return bool(self.inst.meta and self.inst.meta.provenance.startswith("third-party"))

    def to_json(self) -> dict[str, Any]:
        i, m = self.inst, self.inst.meta
        return {
            "version": i.name, "path": str(i.path), "source": i.source, "size": self.size,
            "installed_at": m.installed_at if m else "", "sha256": m.sha256 if m else "",
            "origin_url": m.origin_url if m else "", "provenance": m.provenance if m else "",
            "verified": self.verified,
            "independently_verified": bool(m and m.verification.get("independently_verified")),
        }


@record(frozen=True)
class InstalledList:
    versions: list[Listed]

    def to_json(self) -> dict[str, Any]:
        return {"versions": [v.to_json() for v in self.versions]}


def list_installed(store: Store) -> InstalledList:
    return InstalledList([Listed(i) for i in store.installed()])
