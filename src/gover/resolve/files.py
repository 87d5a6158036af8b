"""Reading version files: ``.go-version`` (and the global file) and ``.tool-versions``.

``.go-version`` holds one value: blank lines and ``#`` comment lines are skipped,
a UTF-8 BOM, CR line ends and surrounding spaces/tabs are ignored.
``.tool-versions`` is asdf's format: ``tool version [fallback ...]`` per line, ``#``
starts a comment; gover reads the first ``golang`` (or ``go``) line.

Only space, tab and CR count as blanks, so the shell implementations agree byte
for byte.
"""

from __future__ import annotations

from gover.errors import ConfigError
from gover.golang.gostrconv import quote
from gover.record import record
from gover.resolve.select import SPEC_FORMS

BLANKS = " \t\r"
BOM = b"\xef\xbb\xbf"


@record(frozen=True)
class Value:
    value: str
    line: int


def _read(path: str) -> list[str]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror or e}") from None
    data = data.removeprefix(BOM)
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline does not start another line
    return lines


def read_version_file(path: str) -> Value:
    """The one value in a ``.go-version`` (or the global ``version`` file)."""
    found: Value | None = None
    for n, raw in enumerate(_read(path), start=1):
        v = raw.strip(BLANKS)
        if not v or v.startswith("#"):
            continue
        if found is not None:
            raise ConfigError(f"{path}:{n}: unexpected second version {quote(v)} "
                              "(the file holds one version)")
        found = Value(v, n)
    if found is None:
        raise ConfigError(f"{path}: no version found: expected {SPEC_FORMS}")
    return found


@record(frozen=True)
class ToolLine:
    tool: str  # "golang" or "go"
    versions: list[str]
    line: int


def read_tool_versions(path: str) -> ToolLine | None:
    """The first ``golang``/``go`` line of a ``.tool-versions``, or None."""
    for n, raw in enumerate(_read(path), start=1):
        fields = raw.split("#", 1)[0].replace("\t", " ").replace("\r", " ").split(" ")
        words = [w for w in fields if w]
        if not words or words[0] not in ("golang", "go"):
            continue
        if len(words) == 1:
            raise ConfigError(f'{path}:{n}: no version after {quote(words[0])}')
        return ToolLine(words[0], words[1:], n)
    return None


# --- writing (gover local / gover global) ------------------------------------------------

def tool_versions_text(path: str, value: str | None) -> str | None:
    """``path``'s content with its golang/go line set to ``value`` (removed when None).

    Other lines and comments are kept; returns None when nothing would change.
    """
    try:
        with open(path, "rb") as f:
            old = f.read().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        old = ""
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror or e}") from None
    lines = old.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[str] = []
    done = False
    for raw in lines:
        words = raw.split("#", 1)[0].split()
        if not done and words and words[0] in ("golang", "go"):
            done = True
            if value is not None:
                out.append(f"{words[0]} {value}")
            continue
        out.append(raw)
    if not done and value is not None:
        out.append(f"golang {value}")
    new = "\n".join(out) + "\n" if out else ""
    return None if new == old else new
