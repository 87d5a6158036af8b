"""Which Go applies in a directory, where that choice came from, and why.

Precedence (the shims, the prompt hooks and ``gover current`` implement the same):

1. ``GOVER_VERSION`` (set by ``gover shell``).
2. Walking up from the working directory, in each directory: ``.go-version``, then
   ``.tool-versions`` (its ``golang``/``go`` line), then — at the first directory
   holding a ``go.work`` or ``go.mod`` — the file Go itself reads from the working
   directory (``GOWORK``, else the nearest ``go.work``, else the nearest ``go.mod``):
   its ``toolchain`` line pins exactly, its ``go`` line is a minimum.  When the walk
   finds nothing and ``GOWORK`` names a file, that file applies, as in Go.
3. The global default (``$GOVER_HOME/version``, ``gover global``).
4. ``system``: the first program on PATH outside gover.

:func:`resolve` is pure apart from reading the files it names: it takes the
directory, the environment mapping and the paths, and returns a
:class:`Resolution` carrying the full trace (what ``gover current --explain``
prints and what doctor shows).  :func:`which_go` turns that into the Go that really
runs in a directory (the system go when gover selects none); doctor, ``gover cache``
and ``gover proxy`` all ask it.
"""

from __future__ import annotations

from gover.resolve.core import Resolution, Step, logical_cwd, resolve, resolve_spec, system_program
from gover.resolve.which import SelectedGo, which_go

__all__ = ["Resolution", "SelectedGo", "Step", "logical_cwd", "resolve", "resolve_spec", "system_program",
           "which_go"]
