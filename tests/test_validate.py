from __future__ import annotations

import copy
import json

import pytest

from pipeline.validate import check_document, validate_file

GOOD = {
    "id": "d1",
    "text": "Le 17 novembre, Ilya Sutskever part.",
    "publication_date": "2023-11-21",
    "repairs": [],
    "sentences": [{"start": 0, "end": 36}],
    "headings": [],
    "entities": [
        {
            "id": "e1",
            "label": "PER",
            "name": "Ilya Sutskever",
            "mentions": [{"start": 16, "end": 30, "text": "Ilya Sutskever"}],
        }
    ],
    "timexes": [
        {
            "id": "t1",
            "start": 0,
            "end": 14,
            "text": "Le 17 novembre",
            "type": "DATE",
            "value": "2023-11-17",
        }
    ],
    "events": [
        {
            "id": "v1",
            "type": "departure",
            "trigger": {"start": 31, "end": 35, "text": "part"},
            "time": "t1",
            "when": "2023-11-17",
            "actors": ["e1"],
        }
    ],
}


def broken(change):
    doc = copy.deepcopy(GOOD)
    change(doc)
    return doc


def test_validate_accepts_a_good_document():
    assert check_document(GOOD) == []


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d.pop("text"), "$", "'text' is a required property"),
        (lambda d: d.update(id=3), "$.id", "not of type 'string'"),
        (lambda d: d.update(publication_date="21/11/2023"), "$.publication_date", "does not match"),
        (lambda d: d["entities"][0].update(label="PERSON"), "$.entities[0].label", "is not one of"),
        (
            lambda d: d["entities"][0]["mentions"][0].update(start=-1),
            "$.entities[0].mentions[0].start",
            "less than the minimum",
        ),
        (
            lambda d: d["entities"][0]["mentions"][0].update(text="Ilya"),
            "$.entities[0].mentions[0]",
            "is not text[16:30]",
        ),
        (lambda d: d["timexes"][0].update(end=99), "$.timexes[0]", "past the text's end"),
        (lambda d: d["timexes"][0].update(type="INSTANT"), "$.timexes[0].type", "is not one of"),
        (lambda d: d["sentences"][0].update(start=30, end=2), "$.sentences[0]", "out of order"),
        (
            lambda d: d["events"][0].update(time="t9"),
            "$.events[0].time",
            "'t9', which does not exist",
        ),
        (
            lambda d: d["events"][0].update(actors=["e1", "e7"]),
            "$.events[0].actors[1]",
            "'e7', which does not exist",
        ),
        (
            lambda d: d["events"][0]["trigger"].update(text="partir"),
            "$.events[0].trigger",
            "is not text[31:35]",
        ),
        (
            lambda d: d["entities"].append(copy.deepcopy(d["entities"][0])),
            "$.entities[1].id",
            "duplicate id 'e1'",
        ),
        (lambda d: d.update(layers=["entities", "people"]), "$.layers[1]", "is not one of"),
    ],
)
def test_validate_rejects_broken_documents_precisely(change, path, words):
    problems = check_document(broken(change))
    assert any(p == path and words in m for p, m in problems), problems


def test_validate_file_names_file_line_and_path(tmp_path):
    bad = broken(lambda d: d["timexes"][0].update(text="le 17") or d.update(id="d2"))
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join([json.dumps(GOOD), "{oops", json.dumps(bad), json.dumps(GOOD)]))
    lines = [str(x) for x in validate_file(p)]
    assert lines[0] == f"{p}:2: $: invalid JSON: Expecting property name enclosed in double quotes"
    assert lines[1].startswith(f"{p}:3: $.timexes[0]: text 'le 17' is not text[0:14]")
    assert lines[2] == f"{p}:4: $.id: duplicate document id 'd1' (line 1)"


def test_validate_file_empty_and_missing(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert [x.message for x in validate_file(empty)] == ["holds no document"]
    assert "cannot be read" in validate_file(tmp_path / "nope.json")[0].message
