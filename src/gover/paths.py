"""Every path gover uses, derived from ``GOVER_HOME`` in one object.

Layout (``GOVER_HOME``, default ``~/.gover``)::

    versions/go1.22.10/     a full GOROOT (or a symlink to an adopted one)
    meta/go1.22.10.json     how it was installed (schema-versioned, written atomically)
    downloads/              verified archives, and ``*.partial`` files being resumed
    locks/go1.22.10.lock    one flock per version: installs of a version never overlap
    tmp/                    extraction dirs; swept when no process holds their lock
    shims/                  generated shims (see ``gover rehash``)
    sumdb/<name>/latest     the newest signed tree seen from each checksum database
    version                 the global default (``gover global``)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from gover.errors import ConfigError
from gover.record import record


@record(frozen=True)
class Paths:
    home: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Paths:
        from gover import settings

        home = settings.home(env)
        raw = env.get("GOVER_HOME", "")
        if home is None:
            home = user_home(env) / ".gover"
        _refuse_non_directory(home, f"GOVER_HOME={raw}" if raw else f"{home} (GOVER_HOME's default)")
        return cls(home)

    @property
    def versions(self) -> Path:
        return self.home / "versions"

    @property
    def meta(self) -> Path:
        return self.home / "meta"

    @property
    def downloads(self) -> Path:
        return self.home / "downloads"

    @property
    def locks(self) -> Path:
        return self.home / "locks"

    @property
    def tmp(self) -> Path:
        return self.home / "tmp"

    @property
    def sumdb(self) -> Path:
        """The newest signed tree seen from each checksum database (fork detection)."""
        return self.home / "sumdb"

    @property
    def shims(self) -> Path:
        return self.home / "shims"

    @property
    def global_version_file(self) -> Path:
        return self.home / "version"

    def version_dir(self, name: str) -> Path:
        return self.versions / name

    def meta_file(self, name: str) -> Path:
        return self.meta / f"{name}.json"

    def lock_file(self, name: str) -> Path:
        return self.locks / f"{name}.lock"


def _refuse_non_directory(home: Path, named: str) -> None:
    """A home that is a file (or lies under one) would read as "nothing installed" and
    make every command answer as if gover were new; say so once instead."""
    existing = home
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        where = "" if existing == home else f" ({existing} is a file)"
        raise ConfigError(f"{named} is not a directory{where}")


def user_home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME", "")
    return Path(home) if home else Path(os.path.expanduser("~"))
