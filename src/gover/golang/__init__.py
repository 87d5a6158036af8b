"""Ports of Go's own rules: version grammar, go env precedence, GOPROXY lists, strconv quoting."""
