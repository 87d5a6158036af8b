"""This machine's GOOS/GOARCH, and the names each download source uses for them."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from gover.errors import ConfigError
from gover.record import record

_OS = {"linux": "linux", "darwin": "darwin", "freebsd": "freebsd", "win32": "windows"}
_ARCH = {
    "x86_64": "amd64", "amd64": "amd64",
    "aarch64": "arm64", "arm64": "arm64",
    "i386": "386", "i686": "386", "x86": "386",
    "armv6l": "arm", "armv7l": "arm", "armv8l": "arm",
    "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64", "loongarch64": "loong64",
}


@record(frozen=True)
class Platform:
    goos: str
    goarch: str

    @property
    def dl_arch(self) -> str:
        """The official download site says ``armv6l`` where Go says ``arm``."""
        return "armv6l" if self.goarch == "arm" else self.goarch

    def __str__(self) -> str:
        return f"{self.goos}/{self.goarch}"


def _machine() -> str:
    """platform.machine() (os.uname's on POSIX) without importing platform (~3 ms)."""
    if hasattr(os, "uname"):
        return os.uname().machine
    import platform

    return platform.machine()


def host_platform(env: Mapping[str, str]) -> Platform:
    """The platform to install for: ``GOVER_OS``/``GOVER_ARCH`` override the host."""
    from gover import settings

    goos = settings.platform_word(env, "GOVER_OS") or _OS.get(sys.platform, "")
    machine = _machine().lower()
    goarch = settings.platform_word(env, "GOVER_ARCH") or _ARCH.get(machine, "")
    if not goos or not goarch:
        raise ConfigError(
            f"cannot tell the Go platform of this machine ({sys.platform}/{machine})",
            hint="set GOVER_OS and GOVER_ARCH, e.g. GOVER_OS=linux GOVER_ARCH=amd64",
        )
    if goarch == "armv6l":
        goarch = "arm"
    return Platform(goos, goarch)
