from __future__ import annotations

import pytest

from pipeline.records import Document, Entity, Event, FormatError, Span, Timex

FULL = {
    "id": "d1",
    "text": "Le 17 novembre, Ilya Sutskever part.",
    "publication_date": "2023-11-21",
    "layers": ["entities", "timexes"],
    "repairs": [{"start": 2, "end": 2, "text": "", "replacement": " ", "kind": "glued-digit"}],
    "sentences": [{"start": 0, "end": 36}],
    "headings": [],
    "entities": [
        {
            "id": "e1",
            "label": "PER",
            "name": "Ilya Sutskever",
            "mentions": [{"start": 16, "end": 30, "text": "Ilya Sutskever"}],
            "key": "k1",
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
            "anchor": "publication_date",
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
    "dataset": "test",
}


def test_records_round_trip_keeps_unknown_keys_and_order():
    doc = Document.from_dict(FULL)
    assert doc.to_dict() == FULL
    assert list(doc.to_dict()) == list(FULL)
    assert doc.entities[0].extra == {"key": "k1"}
    assert doc.timexes[0].extra == {"anchor": "publication_date"}


def test_records_are_frozen_and_typed():
    doc = Document.from_dict(FULL)
    assert isinstance(doc.entities[0], Entity)
    assert isinstance(doc.entities[0].mentions[0], Span)
    assert isinstance(doc.timexes[0], Timex)
    assert isinstance(doc.events[0], Event)
    assert doc.events[0].actors == ("e1",)
    with pytest.raises(AttributeError):
        doc.id = "other"  # type: ignore[misc]


def test_records_layers_only_written_when_set():
    doc = Document(id="x", text="Bonjour.")
    out = doc.to_dict()
    assert "layers" not in out
    assert out["entities"] == [] and out["events"] == [] and out["timexes"] == []


def test_records_missing_required_key_is_a_format_error():
    with pytest.raises(FormatError, match="Document"):
        Document.from_dict({"id": "x"})
    with pytest.raises(FormatError, match="expected an object"):
        Document.from_dict(["x"])  # type: ignore[arg-type]
