"""The categories of ``gover check``: one module per category, registered in
``gover.project.modcheck.CATEGORIES`` (adding a category is one file and one line there:
its module name and codes; the module is imported only when the category runs).

Each module defines ``CODES`` (the finding codes it can produce) and ``run(c)``, which
adds findings to the :class:`~gover.project.checks.base.Checker` it is given.
"""
