"""The selection rule (see the package docstring): the default, then GOTOOLCHAIN and
the go.work/go.mod lines exactly as Go applies them, with the installed set standing
in for Go's download."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from gover.errors import ConfigError, NotInstalledError
from gover.fsutil import logical_cwd
from gover.golang import gotoolchain, versions
from gover.golang.goenv import GoEnv, Setting, read_env_file
from gover.gomod import lookup
from gover.paths import Paths
from gover.record import record
from gover.resolve.defaults import Default, DefaultFinder, system_program
from gover.resolve.files import BLANKS
from gover.resolve.model import Failed, Resolution, Step, Tracer
from gover.resolve.select import BadValue, check_toolchain, pick_go_line, serve_toolchain, switch_name

__all__ = ["Resolution", "Step", "logical_cwd", "program_path", "resolve", "resolve_spec",
           "system_program"]

GOTOOLCHAIN_FORMS = "set GOTOOLCHAIN to auto, local, path, go1.X.Y, go1.X.Y+auto or go1.X.Y+path"


def program_path(res: Resolution, program: str, env: Mapping[str, str], paths: Paths) -> str | None:
    """Where ``program`` is for this resolution (None if the chosen Go lacks it)."""
    if res.version == "system":
        return system_program(program, env, paths)
    if res.goroot is None:
        return None
    p = res.goroot / "bin" / program
    return str(p) if p.is_file() and os.access(p, os.X_OK) else None


def modules_enabled(cwd: str, env: Mapping[str, str], go111: str) -> tuple[bool, str]:
    """``modload.WillBeEnabled``: with modules off Go selects no toolchain at all."""
    if go111 in ("", "on"):
        return True, ""
    if go111 != "auto":
        return False, f"GO111MODULE={go111}: modules are off, so Go does not select a toolchain"
    mod, why_not = lookup.find_go_mod(cwd, env)
    if mod:
        return True, ""
    return False, f"GO111MODULE=auto and {why_not}: modules are off, so Go does not select a toolchain"


@record(frozen=True)
class _Base:
    """What Go starts from before reading go.mod: the default, or GOTOOLCHAIN's minimum."""

    name: str  # the installed release that runs when nothing asks for more ("" if none serves)
    version: str  # its version for comparisons ("" when unknown)
    index: int  # its step in the trace


class _Walk(Tracer):
    def __init__(self, cwd: str, env: Mapping[str, str], paths: Paths,
                 reads: dict[object, object] | None = None) -> None:
        super().__init__(cwd, env, paths, reads)
        self.goenv = GoEnv(env)
        self.default: Default | None = None
        self.gotoolchain = ""
        self.note_text = self.preferred = ""

    @property
    def default_name(self) -> str:
        return self.default.name if self.default else ""

    def result(self, name: str, origin: Step) -> Resolution:
        root = None if name == "system" else self.paths.version_dir(name)
        return Resolution(name, origin, root, tuple(self.trace), default=self.default_name,
                          gotoolchain=self.gotoolchain, note=self.note_text, preferred=self.preferred)

    def done(self, step: Step, name: str, why: str) -> Resolution:
        return self.result(name, self.applied(step, why))

    def keep(self, base: _Base, why: str) -> Resolution:
        s = self.trace[base.index]
        s = Step(s.source, s.path, s.line, s.value, True, f"{s.reason}; {why}" if s.reason else why)
        self.trace[base.index] = s
        return self.result(base.name, s)

    def substituted(self, asks: str, name: str, preferred: str, because: str) -> None:
        self.note_text = f"{asks}, which is not installed; {name} runs instead ({because})"
        self.preferred = preferred

    # --- GOTOOLCHAIN -------------------------------------------------------------------------

    def user_setting(self) -> Setting | None:
        """GOTOOLCHAIN from the process env or the go env file (None: neither sets it)."""
        s = self.goenv.lookup("GOTOOLCHAIN")
        return s if s.origin in ("env", "file") else None

    @staticmethod
    def root_setting(root: str) -> Setting | None:
        """GOTOOLCHAIN from the default's GOROOT/go.env, Go's own last layer."""
        if not root:
            return None
        path = os.path.join(root, "go.env")
        entry = read_env_file(Path(path)).get("GOTOOLCHAIN")
        return Setting("GOTOOLCHAIN", entry[0], "goroot", path, entry[1]) if entry else None

    @staticmethod
    def tc_step(s: Setting | None, reason: str = "") -> Step:
        if s is None:
            return Step("GOTOOLCHAIN", value="auto", reason=reason)
        return Step("GOTOOLCHAIN", s.path if s.origin != "env" else "", s.line, s.value, reason=reason)

    def parse(self, s: Setting) -> gotoolchain.GoToolchain:
        try:
            return gotoolchain.parse(s.value)
        except gotoolchain.InvalidGoToolchain as e:
            where = "" if s.origin == "env" else f" (set by {s.path}:{s.line})"
            raise self.fail(self.tc_step(s), ConfigError(f"{e}{where}", hint=GOTOOLCHAIN_FORMS)) from None

    def exact(self, tc: gotoolchain.GoToolchain, step: Step) -> Resolution:
        name = serve_toolchain(tc.version, self.installed)
        if not name:
            raise self.fail(step, NotInstalledError(f"{tc.minimum} is not installed (set by {step.where})",
                                                    hint=f"run: gover install {tc.version}"), tc.version)
        why = "go runs exactly this toolchain; go.mod and go.work are not read"
        if versions.compare(name[2:], tc.version) != 0:
            self.substituted(f"GOTOOLCHAIN={tc.value} asks for {tc.minimum}", name, tc.version,
                             "the newest installed patch of its minor")
        return self.done(step, name, why)

    # --- the rule --------------------------------------------------------------------------------

    def run(self) -> Resolution:
        go111 = self.goenv.lookup("GO111MODULE").value
        on, why_off = modules_enabled(self.cwd, self.env, go111)
        user = self.user_setting()
        if not on:
            self.note(Step("GO111MODULE", value=go111, reason=why_off))
            self.default = DefaultFinder(self).find()
            d = self.default
            return self.keep(_Base(d.name, d.version, d.index), "the default (modules are off)")
        if user is not None and user.value:
            first_tc = self.parse(user)
            if first_tc.exact:
                self.gotoolchain = first_tc.value
                return self.exact(first_tc, self.tc_step(user))
        first = len(self.trace)
        self.default = d = DefaultFinder(self).find()
        lines = self.module_lines()
        # The default's go.env matters only when a go.work/go.mod may switch it.
        setting = user if user is not None or lines is None else self.root_setting(d.root)
        self.gotoolchain = setting.value if setting is not None else "auto"
        tc = self.parse(setting) if setting is not None and setting.value else None
        if tc is not None and tc.exact:  # a go.env naming a toolchain: rare, but Go obeys it
            return self.exact(tc, self.tc_step(setting))
        local = (setting is not None and not setting.value) or (tc is not None and tc.local)
        if setting is None:
            reason = "not set (process environment, go env file, the default's go.env): auto"
        elif local:
            reason = ("local: " if setting.value else "empty: ") + \
                "the default runs; go.work/go.mod never switch it"
        elif tc is not None and tc.minimum != "local":
            reason = f"{tc.minimum} is the minimum; go.work/go.mod may ask for newer"
        else:
            reason = "the default runs unless go.work/go.mod asks for a newer Go"
        self.trace.insert(first, self.tc_step(setting, reason))
        base = _Base(d.name, d.version, d.index + 1)
        if tc is not None and tc.minimum != "local":
            name = serve_toolchain(tc.version, self.installed)
            base = _Base(name, tc.version, first)
        if lines is None:
            return self.keep_base(base, tc, "nothing asks for a newer Go")
        if local:
            return self.local(base, lines)
        return self.module_rule(base, tc, lines)

    def keep_base(self, base: _Base, tc: gotoolchain.GoToolchain | None, why: str) -> Resolution:
        if not base.name:  # GOTOOLCHAIN=go1.X.Y+auto naming a release that is not installed
            assert tc is not None
            step = self.trace[base.index]
            raise self.fail(step, NotInstalledError(f"{tc.minimum} is not installed (set by {step.where})",
                                                    hint=f"run: gover install {tc.version}"), tc.version)
        if tc is not None and tc.minimum != "local" and versions.compare(base.name[2:], tc.version) != 0:
            self.substituted(f"GOTOOLCHAIN={tc.value} asks for {tc.minimum}", base.name, tc.version,
                             "the newest installed patch of its minor")
        return self.keep(base, why)

    def module_lines(self) -> tuple[str, lookup.ModLines, str] | None:
        go111 = self.goenv.lookup("GO111MODULE").value
        gowork = self.goenv.lookup("GOWORK").value
        try:
            choice = lookup.module_file(self.cwd, self.env, gowork, go111)
        except ConfigError as e:
            raise self.fail(Step("GOWORK", value=gowork), e) from None
        if not choice.path:
            self.note(Step("go.mod", self.cwd, reason=choice.why))
            return None
        source = "go.mod" if os.path.basename(choice.path) == "go.mod" else "go.work"
        try:
            return source, self.read(("lines", choice.path), lookup.read_lines), choice.why
        except ConfigError as e:
            raise self.fail(Step(source, choice.path), e) from None

    def go_line(self, source: str, ml: lookup.ModLines) -> str:
        go = ml.go
        if go and not versions.is_valid(go.value):
            self.note(Step(source, ml.path, go.line, go.value,
                           reason=f'invalid go version "{go.value}": Go ignores it when choosing '
                           "a toolchain (and reports it when it loads the module)"))
            return ""
        return go.value if go else ""

    def toolchain_line(self, source: str, ml: lookup.ModLines) -> str:
        tc = ml.toolchain
        if not tc or tc.value in ("", "default"):
            if tc:
                self.note(Step(source, ml.path, tc.line, tc.value,
                               reason="toolchain default: only the go line counts" if tc.value
                               else "empty toolchain line: Go ignores it"))
            return ""
        try:
            return check_toolchain(tc.value)
        except BadValue as e:
            raise self.bad(Step(source, ml.path, tc.line, tc.value), str(e)) from None

    def refusal(self, ml: lookup.ModLines, go: str, base_version: str) -> str:
        """Go's TooNewError text for the running default."""
        explain = "" if self.gotoolchain == "auto" else f"; GOTOOLCHAIN={self.gotoolchain}"
        running = f"running go {base_version}" if base_version else "the default go's version is unknown"
        return f"{ml.path} requires go >= {go} ({running}{explain})"

    def local(self, base: _Base, lines: tuple[str, lookup.ModLines, str]) -> Resolution:
        source, ml, found = lines
        go = self.go_line(source, ml)
        if go and self.default is not None and not self.default.exists:
            # No default at all (no pin, no gover global, no go on PATH): there is no local
            # toolchain to keep, so the go line chooses among the installed ones.
            pick = pick_go_line(go, self.installed)
            if pick.name:
                return self.done(Step(source, ml.path, ml.go.line, ml.go.value), pick.name,
                                 f"go line ({found}): GOTOOLCHAIN=local, but there is no default go; "
                                 f"{pick.why}")
        if go and versions.compare(go, base.version) > 0:
            self.note_text = f"go commands that load the module fail: {self.refusal(ml, go, base.version)}"
        return self.keep(base, "GOTOOLCHAIN=local: go.work/go.mod never switch it")

    def module_rule(self, base: _Base, tc: gotoolchain.GoToolchain | None,
                    lines: tuple[str, lookup.ModLines, str]) -> Resolution:
        source, ml, found = lines
        go, tcv = self.go_line(source, ml), self.toolchain_line(source, ml)
        bv = base.version
        go_step = Step(source, ml.path, ml.go.line, ml.go.value)
        tc_step = Step(source, ml.path, ml.toolchain.line, ml.toolchain.value)
        # Go's order: a toolchain line counts only when newer than the minimum; then the go
        # line counts when newer than that.
        wants_tc = bool(tcv) and versions.compare(tcv, bv) > 0
        want = tcv if wants_tc else bv
        wants_go = bool(go) and versions.compare(go, want) > 0
        if tcv and not wants_tc:
            self.note(Step(tc_step.source, tc_step.path, tc_step.line, tc_step.value,
                           reason=f"not newer than go{bv}: Go keeps the default"))
        if wants_go:
            if wants_tc:
                self.note(Step(tc_step.source, tc_step.path, tc_step.line, tc_step.value,
                               reason=f"older than go {go}: Go uses the go line"))
            pick = pick_go_line(go, self.installed)
            if not pick.name:
                raise self.fail(go_step, NotInstalledError(self.refusal(ml, go, bv),
                                hint=f"run: gover install {pick.install}"), pick.install)
            return self.done(go_step, pick.name, f"go line ({found}), Go asks for {switch_name(go)}: "
                             f"{pick.why}")
        if not wants_tc:
            if go:
                self.note(Step(go_step.source, go_step.path, go_step.line, go_step.value,
                               reason=f"satisfied by go{bv}" if bv else "satisfied"))
            return self.keep_base(base, tc, f"{found} asks for nothing newer")
        served = serve_toolchain(tcv, self.installed)
        if served:
            why = f"toolchain line ({found})"
            if versions.compare(served[2:], tcv) != 0:
                self.substituted(f"{tc_step.where} asks for toolchain go{tcv}", served, tcv,
                                 "the newest installed patch of its minor")
                why += f"; go{tcv} is not installed: the newest installed go{versions.lang(tcv)}.x serves it"
            return self.done(tc_step, served, why)
        # The preferred toolchain is not installed: run what the go line alone would.
        if not go or versions.compare(bv, go) >= 0:
            fallback = base.name
            because = f"it satisfies go {go}" if go else "there is no go line"
        else:
            pick = pick_go_line(go, self.installed)
            if not pick.name:
                raise self.fail(go_step, NotInstalledError(self.refusal(ml, go, bv),
                                hint=f"run: gover install {tcv}"), tcv)
            fallback, because = pick.name, f"it satisfies go {go}"
        if not fallback:
            return self.keep_base(base, tc, "")  # raises: GOTOOLCHAIN's minimum is not installed
        shown = fallback if fallback != "system" else f"the system go (go{bv})" if bv else "the system go"
        self.substituted(f"{tc_step.where} asks for toolchain go{tcv}", shown, tcv, because)
        self.note(Step(tc_step.source, tc_step.path, tc_step.line, tc_step.value,
                       reason=f"go{tcv} is not installed: {shown} runs instead ({because})"))
        if fallback == base.name:
            return self.keep(base, f"go{tcv} (the toolchain line) is not installed")
        return self.done(go_step, fallback, f"go line ({found}); go{tcv} (the toolchain line) is not "
                         "installed")


def resolve(cwd: str | Path, env: Mapping[str, str], paths: Paths,
            reads: dict[object, object] | None = None) -> Resolution:
    """The Go version for ``cwd`` (a logical path, see :func:`logical_cwd`).  ``reads``: see
    Tracer (one dict for the many directories of a run that changes nothing)."""
    w = _Walk(str(cwd), env, paths, reads)
    try:
        return w.run()
    except Failed as f:
        return Resolution("", f.step, None, tuple(w.trace), f.error, f.install, default=w.default_name,
                          gotoolchain=w.gotoolchain)


def resolve_spec(spec: str, env: Mapping[str, str], paths: Paths) -> Resolution:
    """An explicit request (``gover exec 1.23``), with the same matching rules."""
    w = _Walk("/", env, paths)
    value = spec.strip(BLANKS)
    step = Step("command line", value=value)
    try:
        pick = w.spec(step, value)
    except Failed as f:
        return Resolution("", f.step, None, tuple(w.trace), f.error, f.install)
    return w.done(step, pick.name, pick.why)
