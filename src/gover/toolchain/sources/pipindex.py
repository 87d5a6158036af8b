"""The one index pip would ask for ``pip index versions``, when gover can tell for sure.

Starting pip costs a second or more; when an earlier source of the same command
found the index's host name unresolvable, pip would only fail the same way.
gover answers for pip only where its setting cannot be elsewhere: its own pip
(not GOVER_PIP), on Linux, with no extra index, find-links, --no-index, proxy or
isolated mode in the environment or in any pip configuration file pip reads
(site-wide, per user, the interpreter's).  Anything else: None, and pip runs.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from gover.netfail import proxy_setting

DEFAULT_INDEX = "https://pypi.org/simple"
# pip's option names (configuration files spell them with "-", the environment PIP_ + "_")
_ELSEWHERE = ("extra-index-url", "find-links", "no-index", "proxy", "isolated-mode", "config-file")


def config_files(env: Mapping[str, str]) -> list[Path]:
    """The files pip reads its configuration from on Linux, as pip's locations module names them."""
    dirs = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    files = [Path(d) / "pip" / "pip.conf" for d in dirs if d] + [Path("/etc/pip.conf")]
    home = env.get("HOME", "")
    user = env.get("XDG_CONFIG_HOME") or (os.path.join(home, ".config") if home else "")
    if user:
        files.append(Path(user) / "pip" / "pip.conf")
    if home:
        files.append(Path(home) / ".pip" / "pip.conf")
    files.append(Path(sys.prefix) / "pip.conf")
    return files


def _settings(path: Path) -> list[tuple[str, str, str]] | None:
    """(section, option, value) for every option of a pip configuration file, names as
    pip normalises them (None: the file exists but cannot be read or parsed)."""
    import configparser

    parser = configparser.RawConfigParser()
    try:
        if not parser.read(path, encoding="utf-8"):
            return []
    except (OSError, UnicodeError, configparser.Error):
        return None
    return [(section.lower(), k.lower().replace("_", "-"), v) for section in parser.sections()
            for k, v in parser.items(section)]


def sole_index(env: Mapping[str, str]) -> str | None:
    """The index URL pip would ask, if it is sure to be the only place it looks; else None."""
    if sys.platform != "linux" or env.get("GOVER_PIP", "").strip():
        return None
    if any(env.get("PIP_" + name.upper().replace("-", "_")) for name in _ELSEWHERE):
        return None
    index = ""
    for path in config_files(env):
        found = _settings(path)
        if found is None:
            return None
        here: dict[str, str] = {}
        for section, name, value in found:
            if name in _ELSEWHERE or (name == "index-url" and section not in ("global", "index")):
                return None  # looks elsewhere too, or a section gover would have to weigh
            if name == "index-url":
                here[section] = value.strip()
        # [index] (the command's own section) over [global]; later files over earlier ones
        index = here.get("index") or here.get("global") or index
    index = env.get("PIP_INDEX_URL") or index or DEFAULT_INDEX
    scheme = urllib.parse.urlsplit(index).scheme
    if " " in index.strip() or scheme not in ("http", "https") or proxy_setting(scheme, env):
        return None
    return index
