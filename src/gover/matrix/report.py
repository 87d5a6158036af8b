"""The matrix results as the ``--json`` document and as JUnit XML."""

from __future__ import annotations

import re
import time
from typing import Any

from gover.matrix.runner import Result

# XML 1.0 cannot carry most control characters (ANSI colours, NULs from a crashed
# test); a report with one is not well-formed, so they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_json(results: list[Result]) -> dict[str, Any]:
    return {"results": [r.to_json() for r in results]}


def _xml_text(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


def junit(results: list[Result], command: str, *, suite: str = "gover matrix",
          stopped_by: str = "") -> bytes:
    """One testsuite, one testcase per version: failure for a non-zero exit, skipped for a
    version that was cancelled or never started, the command's output as system-out."""
    import xml.etree.ElementTree as ET  # only when a report is asked for

    total = sum(r.duration_s for r in results)
    failures = sum(r.status == "failed" for r in results)
    skipped = sum(r.status in ("cancelled", "skipped") for r in results)
    root = ET.Element("testsuites", name=suite, tests=str(len(results)), failures=str(failures),
                      errors="0", skipped=str(skipped), time=f"{total:.3f}")
    ts = ET.SubElement(root, "testsuite", name=_xml_text(command), tests=str(len(results)),
                       failures=str(failures), errors="0", skipped=str(skipped), time=f"{total:.3f}",
                       timestamp=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()))
    for r in results:
        tc = ET.SubElement(ts, "testcase", classname="gover.matrix", name=r.name,
                           time=f"{r.duration_s:.3f}")
        if r.log:
            ET.SubElement(ET.SubElement(tc, "properties"), "property", name="log", value=str(r.log))
        if r.status == "failed":
            f = ET.SubElement(tc, "failure", message=f"exit status {r.exit_code}", type="ExitStatus")
            f.text = _xml_text(_tail(r.output, 50))
        elif r.status == "cancelled":
            why = "--fail-fast" if stopped_by == "fail-fast" else "an interrupt"
            ET.SubElement(tc, "skipped", message=f"cancelled by {why}")
        elif r.status == "skipped":
            why = "--fail-fast" if stopped_by == "fail-fast" else "an interrupt"
            ET.SubElement(tc, "skipped", message=f"not started: stopped by {why}")
        if r.output:
            ET.SubElement(tc, "system-out").text = _xml_text(r.output)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.rstrip("\n").split("\n")[-lines:])


def failure_tail(r: Result, lines: int = 20) -> str:
    return _tail(r.output, lines)
