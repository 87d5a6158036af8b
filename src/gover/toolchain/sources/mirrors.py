"""Mirror presets: one name for a download site list, a GOPROXY and a GOSUMDB that go together.

A preset only changes where bytes come from.  Trust does not move: archives are
still checked against the SHA-256 in the download index (fetched from the first
site in the list that answers), toolchain modules against the checksum database
and its fixed key (``sum.golang.google.cn`` is ``sum.golang.org``'s own key served
from inside mainland China).

``--mirror NAME`` overrides GOVER_DL_URL, GOPROXY and GOSUMDB; ``GOVER_MIRROR=NAME``
fills in only those the user has not set (in the environment or ``go env -w``).
"""

from __future__ import annotations

from collections.abc import Mapping

from gover.errors import UsageError
from gover.record import record


@record(frozen=True)
class Mirror:
    name: str
    about: str
    dl: str  # GOVER_DL_URL: official-style download sites, tried in order
    goproxy: str
    gosumdb: str

    def settings(self) -> dict[str, str]:
        return {"GOVER_DL_URL": self.dl, "GOPROXY": self.goproxy, "GOSUMDB": self.gosumdb}


PRESETS = {m.name: m for m in [
    Mirror("default", "the official sites: go.dev, proxy.golang.org, sum.golang.org",
           "https://go.dev/dl/", "https://proxy.golang.org,direct", "sum.golang.org"),
    Mirror("google-cn", "Google's mainland-China hosts only: golang.google.cn, sum.golang.google.cn",
           "https://golang.google.cn/dl/", "direct", "sum.golang.google.cn"),
    Mirror("china", "golang.google.cn's index, archives also from the Aliyun and USTC mirrors; "
           "modules from goproxy.cn, then Aliyun",
           "https://golang.google.cn/dl/,https://mirrors.aliyun.com/golang/,"
           "https://mirrors.ustc.edu.cn/golang/",
           "https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct", "sum.golang.google.cn"),
]}


def get(name: str) -> Mirror:
    try:
        return PRESETS[name]
    except KeyError:
        raise UsageError(f"unknown mirror {name!r}: expected one of " + ", ".join(PRESETS)) from None


def apply(env: Mapping[str, str], flag: str | None) -> dict[str, str]:
    """``env`` with a preset applied: ``--mirror`` (``flag``) wins over everything, while
    GOVER_MIRROR only fills in what is not set already."""
    from gover.golang.goenv import GoEnv

    out = dict(env)
    if flag:
        out.update(get(flag).settings())
        return out
    from gover import settings

    name = settings.choice(env, "GOVER_MIRROR", PRESETS, "mirror preset")
    if name:
        goenv = GoEnv(env)
        for key, value in get(name).settings().items():
            if not (env.get(key) or (key != "GOVER_DL_URL" and goenv.lookup(key).value)):
                out[key] = value
    return out


def describe() -> str:
    """The presets, for help texts."""
    return "\n".join(f"  {m.name:<10} {m.about}" for m in PRESETS.values())
