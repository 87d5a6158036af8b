"""Shell integration: generated shims, activation hooks and the sh/fish templates they use."""
