"""Which Go runs in a directory, where that choice came from, and why.

The rule is Go's own toolchain selection with gover's installed set standing in for
Go's download (the shims, the prompt hooks, ``gover current`` and every other
command implement the same; ``shell/pick.sh`` + ``resolve.sh`` are its POSIX port):

1. The *default*: ``GOVER_VERSION`` (``gover shell``), else the nearest
   ``.go-version`` or ``.tool-versions`` walking up, else ``gover global``, else
   ``system`` (the first go on PATH outside gover).
2. ``GOTOOLCHAIN`` (process env, else the ``go env -w`` file, else the default's
   ``GOROOT/go.env``; unset means ``auto``): ``go1.X.Y`` runs exactly that;
   ``local`` runs the default; ``auto``/``path`` (and ``go1.X.Y+auto``/``+path``,
   whose minimum replaces the default) read the go.work/go.mod Go reads.  With
   modules off (``GO111MODULE``) Go selects nothing: the default runs.
3. The ``go`` line is a minimum: the default stays when it satisfies it; else the
   newest installed patch of that minor satisfying it; else the newest patch of the
   next newer installed minor.  The ``toolchain`` line is a preference, used only
   when newer than the default and the go line; when it is not installed the newest
   installed patch of its minor serves it, else what the go line alone selects runs
   (``Resolution.note`` says so; ``GOVER_AUTO_INSTALL=1`` installs it).
4. Nothing installed satisfies the go line: an error in Go's words
   (``go.mod requires go >= 1.26 (running go 1.25.5)``) naming the install command.
   Nothing is ever downloaded behind the user's back: Go's own switches find
   installed releases through ``shims/go1.X.Y``.

:func:`resolve` is pure apart from reading the files it names: it takes the
directory, the environment mapping and the paths, and returns a
:class:`Resolution` carrying the full trace (what ``gover current --explain``
prints and what doctor shows).  :func:`which_go` turns that into the Go that really
runs in a directory (the system go when gover selects none); doctor, ``gover cache``
and ``gover proxy`` all ask it.
"""

from __future__ import annotations

from gover.resolve.core import logical_cwd, resolve, resolve_spec, system_program
from gover.resolve.model import Resolution, Step
from gover.resolve.which import SelectedGo, which_go

__all__ = ["Resolution", "SelectedGo", "Step", "logical_cwd", "resolve", "resolve_spec", "system_program",
           "which_go"]
