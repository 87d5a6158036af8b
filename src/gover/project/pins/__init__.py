"""Every Go version pin in a repository (``gover pins``), the ``pins`` check, and the
in-place rewrite ``gover migrate`` uses: one small reader per kind of file.

Import what you need from its module (``gover.project.pins.scan.scan``, ``.model.Pin``):
this package imports nothing, so ``gover check``'s other categories and doctor do not
load every reader.
"""
