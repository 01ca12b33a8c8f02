"""The measuring scripts run on a small set (their figures are in docs/, from the full sets)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_rule_families_reports_each_family_on_each_part(tmp_path):
    import rule_families

    from pipeline.entities import FAMILIES

    for name in ("ceuta-2025-05.json", "weser-2024-11.json"):
        shutil.copy(ROOT / "gold" / name, tmp_path / name)
    report = rule_families.run([str(tmp_path)])
    table = [line for line in report.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| family | tune PER/LOC/ORG")
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in table[2:]}
    assert set(rows) == {"every rule", *FAMILIES}
    everything = rows["every rule"].split(" | ")[1:]
    assert all(cell.strip(" |") == "—" or 0 <= float(cell.strip(" |")) <= 1 for cell in everything)
