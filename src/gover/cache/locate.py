"""Where the caches are, resolved exactly as ``go`` resolves them.

GOCACHE (cmd/go/internal/cache/default.go ``DefaultDir``): ``cfg.Getenv("GOCACHE")``
(process env > go env file > GOROOT/go.env) if non-empty — it must be absolute or
``off``; else ``os.UserCacheDir()/go-build``.  GOMODCACHE (modfetch ``checkCacheDir``):
``$GOMODCACHE`` or ``GOPATH[0]/pkg/mod``, which must be absolute.  The error
texts are Go's own, so users can search for them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from gover.errors import ConfigError
from gover.golang.goenv import GoEnv, Setting, user_cache_dir

GOCACHE_OFF = "build cache is disabled by GOCACHE=off, but required as of Go 1.12"
NOT_LOCATED = "build cache is required, but could not be located: "


@dataclass(frozen=True)
class CacheDir:
    path: str
    setting: Setting  # where the value came from (for messages and scan output)

    @property
    def origin(self) -> str:
        return self.setting.describe()


def _hint(s: Setting) -> str | None:
    return f"set by {s.describe()}" if s.origin in ("env", "file", "goroot") else None


def gocache_dir(env: Mapping[str, str], goroot: str = "", goos: str = sys.platform) -> CacheDir:
    """The effective GOCACHE; ConfigError with Go's message when ``go`` could not use it."""
    genv = GoEnv(env, goroot=goroot or None, goos=goos)
    s = genv.lookup("GOCACHE")
    if s.value:
        if s.value == "off":
            raise ConfigError(GOCACHE_OFF, hint=_hint(s))
        if not os.path.isabs(s.value):
            raise ConfigError(NOT_LOCATED + "GOCACHE is not an absolute path", hint=_hint(s))
        return CacheDir(s.value, s)
    base, err = user_cache_dir(env, genv.goos)
    if not base:
        raise ConfigError(NOT_LOCATED + f"GOCACHE is not defined and {err}")
    path = os.path.join(base, "go-build")
    return CacheDir(path, Setting("GOCACHE", path, "default"))


def gomodcache_dir(env: Mapping[str, str], goroot: str = "", goos: str = sys.platform) -> CacheDir:
    """The effective GOMODCACHE; ConfigError with Go's message when it is unusable."""
    genv = GoEnv(env, goroot=goroot or None, goos=goos)
    s = genv.effective("GOMODCACHE")
    if not s.value:
        raise ConfigError("module cache not found: neither GOMODCACHE nor GOPATH is set")
    if not os.path.isabs(s.value):
        raise ConfigError(f"GOMODCACHE entry is relative; must be absolute path: \"{s.value}\".",
                          hint=_hint(s))
    return CacheDir(s.value, s)
