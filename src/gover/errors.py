"""The errors gover's domain code raises; ``cli.main`` maps them to exit codes.

Each carries a one-line ``message`` naming the culprit (file, value, URL) and an
optional ``hint`` with the command that fixes it.
"""

from __future__ import annotations


class GoverError(Exception):
    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict[str, object]:
        """What a command given ``--json`` prints instead of its document (docs/json.md)."""
        return {"error": {"message": self.message, "hint": self.hint, "exit_code": self.exit_code}}


def shown(value: object, limit: int = 160) -> str:
    """``value`` for an error message: a 20,000-character path is cut in the middle."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit // 2]}…{text[-limit // 4:]} ({len(text)} characters)"


class UsageError(GoverError):
    """Bad arguments or a malformed value the user gave."""

    exit_code = 2


class ConfigError(GoverError):
    """A malformed file or variable (``.go-version``, ``GOVER_VERSION``, an index …)."""


class NotInstalledError(GoverError):
    """A version that was asked for is not installed."""


class NotFoundError(GoverError):
    """A version, file or URL that does not exist at the source."""


class NetworkError(GoverError):
    """A source could not be reached (connection, timeout, 5xx after retries)."""


class VerificationError(GoverError):
    """A checksum or signature did not match: never fall back to another source."""


class ArchiveError(GoverError):
    """An archive is truncated, malformed or unsafe (traversal, devices, escaping links)."""


class StoreError(GoverError):
    """GOVER_HOME cannot be used: unwritable, disk full, a broken install."""


class CommandNotFound(GoverError):
    """A shim or ``gover exec`` asked for a program the chosen Go does not have."""

    exit_code = 127
