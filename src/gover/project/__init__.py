"""Features that act on a Go repository: module checks, migration, git hooks, why-version."""
