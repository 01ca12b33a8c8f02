"""The library: the public API, the spaCy components, saving and loading the pipeline."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import spacy
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.process import Annotator
from pipeline.records import Document, FormatError

from .conftest import CORPUS, ROOT

STORY = (
    "Le 3 mars 2024, Lina Ferrant a démissionné de Norvalia.\n"
    "Le lendemain, le conseil a nommé Paul Gérin à sa place."
)


def _without_keys(line: str) -> str:
    """A document line without the corpus-level entity keys that ``chronique run`` adds."""
    doc = json.loads(line)
    for entity in doc["entities"]:
        entity.pop("key", None)
    return json.dumps(doc, ensure_ascii=False)


def test_api_readme_python_example_runs_and_prints_what_it_shows(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has a Python example"
    exec(compile(blocks[0], "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    shown = re.findall(r"^# ([\[\d].*)$", blocks[0], flags=re.M)  # the output it shows
    assert len(shown) >= 4 and all(line in printed for line in shown), (shown, printed)


def test_api_annotate_returns_a_document(annotator):
    doc = pipeline.annotate(STORY, "2024-03-05", id="ferrant")
    assert isinstance(doc, Document) and doc.id == "ferrant"
    assert {"Lina Ferrant", "Paul Gérin"} <= {e.name for e in doc.entities}
    assert ("resignation", "2024-03-03") in {(v.type, v.when) for v in doc.events}
    assert Document.from_json(doc.to_json()) == doc


@pytest.mark.parametrize(
    ("text", "date", "problem"),
    [
        ("", None, "empty"),
        ("The board said on Tuesday that the chief executive would leave.", None, "French"),
        (STORY, "03/05/2024", "ISO date"),
        (42, None, "str"),
    ],
)
def test_api_annotate_raises_input_error_on_bad_input(text, date, problem):
    with pytest.raises(pipeline.InputError, match=problem):
        pipeline.annotate(text, date)


def test_api_annotate_many_streams_in_order_and_keeps_errors_in_place(annotator):
    items = [STORY, {"text": ""}, {"id": "b", "text": STORY, "url": "https://example.org/b"}]
    results = list(pipeline.annotate_many(items))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    assert results[0].id == "doc-1" and results[2].id == "b"
    assert results[2].to_dict()["url"] == "https://example.org/b"  # unknown keys are kept


def test_api_document_from_json_rejects_bad_json():
    with pytest.raises(FormatError, match="invalid JSON"):
        Document.from_json("{nope")


def test_api_output_equals_chronique_run(tmp_path, annotator, corpus_texts):
    out = tmp_path / "run.jsonl"
    result = CliRunner().invoke(app, ["run", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ran = [_without_keys(line) for line in out.read_text(encoding="utf-8").splitlines()]
    items = [{"id": name, "text": text} for name, text in corpus_texts.items()]
    api = [_without_keys(doc.to_json()) for doc in pipeline.annotate_many(items)]
    assert api == ran


def test_api_pipeline_saves_and_loads_with_identical_output(tmp_path, annotator, corpus_texts):
    annotator.nlp.to_disk(tmp_path / "nlp")
    loaded = Annotator(spacy.load(tmp_path / "nlp"))
    assert loaded.nlp.pipe_names == annotator.nlp.pipe_names
    items = [pipeline._item({"id": k, "text": v}, 0) for k, v in corpus_texts.items()]
    before = [doc.to_json() for doc in annotator.annotate(items)]
    assert [doc.to_json() for doc in loaded.annotate(items)] == before


def test_api_doc_carries_cleaned_entities_and_timex_spans(annotator):
    nlp = annotator.nlp
    doc = nlp.make_doc(STORY)
    doc._.chronique_publication_date = "2024-03-05"
    doc = nlp(doc)
    entities = {e.id: e for e in doc._.chronique_entities}
    assert doc.ents and all(span._.chronique_entity in entities for span in doc.ents)
    for span in doc.ents:
        assert span.label_ == entities[span._.chronique_entity].label
    timexes = doc.spans["timex"]
    assert [s.text for s in timexes][:2] == ["Le 3 mars 2024", "Le lendemain"]
    assert timexes[0].label_ == "DATE" and timexes[0]._.chronique_value == "2024-03-03"
    assert timexes[1]._.chronique_value == "2024-03-04"
    assert timexes[1]._.chronique_anchor is not None
    assert doc._.chronique_publication_date == "2024-03-05"
    assert doc._.chronique_events


ENTRY_POINTS = """
import spacy
nlp = spacy.load("fr_core_news_md")
nlp.add_pipe("chronique_timex")
doc = nlp("Le 3 mars 2024, Lina Ferrant a démissionné. Le lendemain, elle est partie.")
print([(s.text, s.label_, s._.chronique_value) for s in doc.spans["timex"]])
for name in ("chronique_entities", "chronique_events"):
    nlp.add_pipe(name)
print(sorted({e.text for e in nlp("Lina Ferrant a rejoint Norvalia à Lyon.").ents}))
"""


def test_api_components_exist_as_soon_as_spacy_is_imported():
    # a fresh process that never imports the package: the entry points register the factories
    out = subprocess.run(
        [sys.executable, "-c", ENTRY_POINTS], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == (
        "[('Le 3 mars 2024', 'DATE', '2024-03-03'), ('Le lendemain', 'DATE', '2024-03-04')]"
    )
    assert "Lina Ferrant" in out[1]


def test_api_version_matches_the_package_metadata():
    from importlib.metadata import version

    assert pipeline.__version__ == version("chronique")


def test_api_explain_gives_the_document_and_the_rejections(annotator):
    found = pipeline.explain("Lina Ferrant a quitté Norvalia. Karl Brenner quittera Valmer.")
    assert [v.type for v in found.document.events] == ["other"]
    assert [(r.trigger.text, r.reason) for r in found.rejected] == [
        ("quittera", "to come: future or conditional")
    ]
    text = found.document.text
    assert all(text[r.trigger.start : r.trigger.end] == r.trigger.text for r in found.rejected)
    assert str(found).startswith("doc: 1 event, 1 turned down\n")
