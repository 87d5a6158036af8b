"""The Source protocol: where toolchains come from, and what a verified artifact is.

Adding a source touches one file: implement ``list_remote`` and ``fetch`` and add
it to ``sources.REGISTRY``.  ``install`` tries sources in ``GOVER_SOURCES`` order and
moves to the next one only on NetworkError (cannot reach, unusable answer) or
NotFoundError (does not have the version) — never after a VerificationError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # listing releases needs neither HTTP nor archives loaded
    from typing import Any, Protocol

    from gover.net import Client, Progress
    from gover.paths import Paths
    from gover.toolchain.archive import Extracted, Mapper
    from gover.toolchain.platforms import Platform
else:
    Protocol = object  # the protocol is for type checkers; at run time a plain base


@record(frozen=True)
class SourceContext:
    paths: Paths
    env: Mapping[str, str]
    platform: Platform
    client: Client
    progress: Callable[[str], Progress | None] = lambda label: None  # label → byte callback
    report: Callable[[str], None] = lambda line: None  # status lines for the user
    # a source skipped on the way to the next one: not an error unless all fail
    note: Callable[[str], None] | None = None

    def noted(self, line: str) -> None:
        (self.note or self.report)(line)


@record(frozen=True)
class Release:
    version: str  # toolchain name, "go1.22.10"
    stable: bool
    source: str
    data: Any = None  # source-specific: the index's file entry, the wheel version …


@record
class Artifact:
    """A downloaded, verified file and how to turn it into a GOROOT."""

    path: Path
    mapper: Mapper
    sha256: str
    size: int
    origin_url: str
    verification: dict[str, Any] = field(default_factory=dict)
    provenance: str = ""
    want_hashes: bool = False
    # A cached download is re-hashed during extraction (one read, not two).
    recheck_sha256: str | None = None
    force_exec: Callable[[str], bool] | None = None
    # Verifies the file before anything is extracted from it (a module zip's h1:).
    pre_extract: Callable[[], None] | None = None
    # Runs on the extracted tree before it is checked and committed (e.g. RECORD checks).
    post_extract: Callable[[Path, Extracted], None] | None = None
    # Verifies the downloaded file on its own, without extracting (bundles pack
    # artifacts this has approved); None when the download was already verified.
    check_file: Callable[[], None] | None = None
    # Evidence a bundle keeps to verify again offline (a checksum database Lookup).
    proof: Any = None


class Source(Protocol):
    name: str

    def list_remote(self) -> list[Release]:
        """Every release this source has for the platform, newest first."""
        ...

    def describe(self) -> str:
        """Where the list came from, for a header: "the official download index (URL)"."""
        ...

    def fetch(self, release: Release) -> Artifact:
        """Download (or reuse from the cache) and verify ``release``'s artifact."""
        ...
