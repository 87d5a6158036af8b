"""Go's two caches: the build cache (GOCACHE) and the module cache (GOMODCACHE).

Each has scan (what is there), verify (what is damaged) and prune (make room)
functions that return data; the CLI renders it.  Deletions go through
:mod:`gover.cache.safedelete`, which never leaves the cache root and never
follows a symlink.
"""
