"""``replace`` directives to directories: an error when the directory has no go.mod or
lies outside the repository (a release would not build), advice otherwise."""

from __future__ import annotations

from gover.project.checks.base import Checker

CODES = ("local-replace",)


def run(c: Checker) -> None:
    for m in c.good:
        assert m.mod is not None
        for r in m.mod.replace:
            if r.new.version:
                continue
            target = c.real(m.dir / r.new.path)
            line = r.line.start.line
            try:
                target.relative_to(c.repo.root)
                inside = True
            except ValueError:
                inside = False
            if not (target / "go.mod").is_file():
                c.add("local-replace", "error", m.dir / "go.mod", line,
                      f"replace {r.old.path} => {r.new.path}: {target} has no go.mod")
            elif not inside:
                c.add("local-replace", "error", m.dir / "go.mod", line,
                      f"replace {r.old.path} => {r.new.path} points outside the repository",
                      "drop it before release (go mod edit -dropreplace), or use a go.work")
            else:
                c.add("local-replace", "warning", m.dir / "go.mod", line,
                      f"replace {r.old.path} => {r.new.path} is local: ignored when others depend on "
                      "this module", related=(target / "go.mod",))
