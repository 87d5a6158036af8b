"""gover: a Go toolchain manager and Go-environment doctor."""

__version__ = "0.1.0"
