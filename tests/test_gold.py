"""The gold files: valid, complete, and about the corpus's own texts."""

from __future__ import annotations

import json

import pytest

from pipeline.validate import validate_file

from .conftest import CORPUS, ROOT

GOLD = sorted((ROOT / "gold").glob("*.json"))


def test_gold_has_the_seed_and_two_more_articles():
    assert {p.stem for p in GOLD} >= {"openai-2023-11"}
    assert len(GOLD) >= 3


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_is_valid_complete_and_matches_its_article(path):
    assert validate_file(path) == []
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["id"] == path.stem
    assert doc["text"] == (CORPUS / f"{path.stem}.txt").read_bytes().decode("utf-8")
    assert set(doc["layers"]) == {"entities", "clusters", "timexes", "timex_values", "events"}
    assert doc["publication_date"]
    assert doc["entities"] and doc["timexes"] and doc["events"]
    assert all(t["value"] for t in doc["timexes"])
    assert all(v["actors"] and v["when"] for v in doc["events"])
    labels = {e["label"] for e in doc["entities"]}
    assert labels <= {"PER", "ORG", "LOC", "MISC"}
