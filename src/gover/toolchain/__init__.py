"""The toolchain store: installing, keeping and bundling Go releases from their sources."""
