"""vendor/modules.txt against go.mod, with Go's own ``inconsistent vendoring`` details."""

from __future__ import annotations

from gover.project.checks.base import Checker

CODES = ("vendor",)


def run(c: Checker) -> None:
    for m in c.good:
        assert m.mod is not None
        path = m.dir / "vendor" / "modules.txt"
        if not path.is_file():
            continue
        from gover.gomod.vendor import check_consistency, parse_vendor  # only with a vendor/

        try:
            vl = parse_vendor(path.read_bytes())
        except OSError as e:
            c.add("vendor", "error", path, 0, f"cannot read {c.rel(path)}: {e.strerror or e}")
            continue
        for detail in check_consistency(m.mod, vl, m.dir):
            c.add("vendor", "error", path, 0, f"inconsistent vendoring: {detail}",
                  f"cd {c.rel_dir(m.dir)} && go mod vendor", related=(m.dir / "go.mod",))
