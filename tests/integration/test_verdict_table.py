"""README.md's precision/recall table is what this run's scenario tests produce.

tests/conftest.py orders this test last; it compares only when the run held every test of
every scenario file and all passed (tests/support/verdict_table.py says why otherwise,
and the test skips).  To update the README: scripts/verdict-table --write.
"""

from __future__ import annotations

import pytest

from tests.support import verdicts
from tests.support.verdict_table import README, RUN, readme_table

pytestmark = pytest.mark.integration


def test_the_readme_verdict_table_is_this_runs(request: pytest.FixtureRequest) -> None:
    why = RUN.incomplete(list(request.session.items))
    if why:
        pytest.skip(f"partial run, table not compared: {why}")
    assert verdicts.RECORDED, "every scenario file ran and passed, yet no scenario was recorded"
    new = verdicts.table(verdicts.RECORDED)
    old = readme_table(README.read_text(encoding="utf-8"))
    assert old == new, (
        "README.md's verdict table (between <!-- verdicts:begin --> and <!-- verdicts:end -->) "
        "is not what this run's scenarios give; run scripts/verdict-table --write, or paste:\n\n" + new)
