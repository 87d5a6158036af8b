"""``gover release check``: read every binary, gather what the switches need, judge each.

The release index is asked only when some binary's switches want
``supported_go``, the vulnerability database only when some want ``vulns``.
An unreachable database is an error unless every binary that wants it says
``optional``; then it is a warning and the vulnerability check is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gover.buildinfo import outdated
from gover.release.facts import Facts, inspect
from gover.release.policy import Policy, Rule, Switches
from gover.release.verdict import Releases, Verdict, judge

if TYPE_CHECKING:
    from gover.release.vulndb import VulnDB
    from gover.release.vulnmatch import Report
    from gover.toolchain.releaseindex import ReleaseIndex


@dataclass
class CheckResult:
    verdicts: list[Verdict]
    policy: Policy
    index: ReleaseIndex | None = None
    releases: Releases | None = None
    vulndb: dict[str, Any] | None = None  # {"urls", "error", "note"} when the check was asked for
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "policy": self.policy.to_json() if self.policy.path else None,
                "release_index": ({**self.index.to_json(), "supported": ["go" + m for m in
                                   (self.releases.supported if self.releases else [])]}
                                  if self.index else None),
                "vulndb": self.vulndb, "warnings": self.warnings,
                "binaries": [v.to_json() for v in self.verdicts]}


def run(files: list[str], policy: Policy, flags: Mapping[str, Rule], *,
        load_index: Callable[[], ReleaseIndex], open_vulndb: Callable[[], VulnDB]) -> CheckResult:
    facts = [inspect(f) for f in files]
    switches = [policy.for_target(f.target(), flags) for f in facts]
    result = CheckResult([], policy)
    if any(s["supported_go"] for s in switches):
        result.index = load_index()
        if result.index.stale_reason:
            from gover.toolchain.releaseindex import describe_age

            result.warnings.append(f"release index unreachable ({result.index.stale_reason}); using the "
                                   f"cached list, {describe_age(result.index.age)} old")
        own = [f.info.go_version for f in facts if f.info]
        known = outdated.known_releases(result.index.releases, [], own)
        result.releases = Releases(known, outdated.supported_minors(known), result.index.describe())
    reports = _vulns(facts, switches, open_vulndb, result)
    result.verdicts = [judge(f, s, result.releases, r)
                       for f, s, r in zip(facts, switches, reports, strict=True)]
    return result


def _vulns(facts: list[Facts], switches: list[Switches], open_vulndb: Callable[[], VulnDB],
           result: CheckResult) -> list[Report | None]:
    wanted = [s["vulns"] != "off" and f.info is not None for f, s in zip(facts, switches, strict=True)]
    if not any(wanted):
        return [None] * len(facts)
    from gover.release.vulndb import VulnDBInvalid, VulnDBUnreachable
    from gover.release.vulnmatch import NOTE, match

    db = open_vulndb()
    result.vulndb = {"urls": db.urls, "error": None, "note": NOTE}
    try:
        db.modules()
    except (VulnDBUnreachable, VulnDBInvalid) as e:
        if any(s["vulns"] == "required" for s, w in zip(switches, wanted, strict=True) if w):
            raise
        result.vulndb["error"] = e.message
        result.warnings.append(f"vulnerabilities not checked: {e.message}")
        return [None] * len(facts)
    return [match(f.info, db) if w and f.info else None for f, w in zip(facts, wanted, strict=True)]
