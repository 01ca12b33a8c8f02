from __future__ import annotations

import json

import pytest

from pipeline import io
from pipeline.io import InputError, RawInput

FRENCH = "Le conseil d'administration a annoncé mardi que le directeur quittait son poste.\n"
ENGLISH = "The board of directors announced on Tuesday that the chief executive would leave.\n"
SPANISH = "La junta directiva anunció el martes que el director dejaría su puesto.\n"


def read_one(path, **kw):
    (item,) = list(io.read_inputs([str(path)], **kw))
    return item


def test_io_txt_keeps_newlines_and_drops_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + FRENCH.replace("\n", "\r\n").encode())
    item = read_one(p)
    assert isinstance(item, RawInput)
    assert item.id == "a" and item.text == FRENCH.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
        ("Le café est chaud et très bon.".encode("latin-1"), "not UTF-8"),
        (ENGLISH.encode(), "does not look like French"),
        (SPANISH.encode(), "does not look like French"),
    ],
)
def test_io_bad_txt_inputs_name_file_and_problem(tmp_path, data, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    item = read_one(p)
    assert isinstance(item, InputError)
    assert item.source == str(p)
    assert problem in str(item) and str(p) in str(item)


def test_io_huge_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes(FRENCH.encode() * 100)
    item = read_one(p, max_bytes=1000)
    assert isinstance(item, InputError) and "too large" in item.problem


def test_io_jsonl_bad_line_does_not_sink_the_others(tmp_path):
    p = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": FRENCH, "publication_date": "2023-11-21", "dataset": "x"}),
        "{not json",
        json.dumps({"id": "b"}),
        "",
        json.dumps({"id": "c", "text": FRENCH, "publication_date": "21/11/2023"}),
        json.dumps({"id": "d", "text": FRENCH}),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    items = list(io.read_inputs([str(p)]))
    assert [type(x).__name__ for x in items] == [
        "RawInput",
        "InputError",
        "InputError",
        "InputError",
        "RawInput",
    ]
    assert items[0].publication_date == "2023-11-21"
    assert items[1].source == f"{p}:2" and "invalid JSON" in items[1].problem
    assert items[2].source == f"{p}:3" and "'text'" in items[2].problem
    assert "not an ISO date" in items[3].problem
    assert items[4].id == "d" and items[4].publication_date is None


def test_io_json_document_and_directory(tmp_path):
    (tmp_path / "b.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "a.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "ignored.md").write_text(FRENCH, encoding="utf-8")
    doc = tmp_path / "one.json"
    doc.write_text(json.dumps({"id": "one", "text": FRENCH}), encoding="utf-8")
    items = list(io.read_inputs([str(tmp_path), str(doc), str(tmp_path / "missing.txt")]))
    assert [getattr(x, "id", None) for x in items] == ["a", "b", "one", None]
    assert "no such file" in str(items[-1])


GERMAN = "Der Vorstand hat am Dienstag angekündigt, dass der Chef das Unternehmen verlassen wird.\n"
ITALIAN = (
    "Il consiglio di amministrazione ha annunciato martedì che il direttore lascerà la società.\n"
)


def test_io_language_shares_separate_languages():
    for text, lang in [
        (FRENCH, "fr"),
        (ENGLISH, "en"),
        (SPANISH, "es"),
        (GERMAN, "de"),
        (ITALIAN, "it"),
    ]:
        shares, _ = io.language_shares(text * 3)
        assert max(shares, key=shares.get) == lang


def test_io_short_french_full_of_names_is_french():
    text = "Vendredi, Lena Vogt a annoncé son départ de la société Quantelis."
    assert io.check_text(text, "t") == text
    for other in (GERMAN, ITALIAN):
        with pytest.raises(InputError, match="does not look like French"):
            io.check_text(other, "t")


def test_io_atomic_writer_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), io.atomic_writer(target) as f:
        f.write("half")
        raise RuntimeError("crash")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    with io.atomic_writer(target) as f:
        f.write("new\n")
    assert target.read_text() == "new\n"


def test_input_error_survives_pickling():
    import pickle

    err = pickle.loads(pickle.dumps(InputError("f.txt", "empty")))
    assert (err.source, err.problem, str(err)) == ("f.txt", "empty", "f.txt: empty")
