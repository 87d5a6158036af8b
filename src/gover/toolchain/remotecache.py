"""The last release list a source gave, kept so shell completion can offer versions
without a network call (completing must never wait on the network)."""

from __future__ import annotations

from gover.errors import GoverError
from gover.fsutil import write_atomic
from gover.paths import Paths

FILE = "remote-versions"


def save(paths: Paths, names: list[str]) -> None:
    """Best effort: a read-only GOVER_HOME only means no remote versions to complete."""
    try:
        paths.home.mkdir(parents=True, exist_ok=True)
        write_atomic(paths.home / FILE, "".join(n + "\n" for n in names))
    except (OSError, GoverError):
        pass


def load(paths: Paths) -> list[str]:
    try:
        text = (paths.home / FILE).read_text(encoding="utf-8")
    except OSError:
        return []
    return [ln for ln in text.splitlines() if ln.startswith("go")]
