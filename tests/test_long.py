"""Long articles: windows through the model, one document, no length wall, no traceback."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import process
from pipeline.cli import app
from pipeline.io import RawInput
from pipeline.process import Annotator
from pipeline.segment import windows

STORY = (
    "Valmer : la chute d'un directeur\n"
    "Le 4 février 2025, le conseil de Norvalia a limogé son directeur Tomas Vasko.\n"
    "Le lendemain, Vasko a annoncé qu'il contesterait la décision.\n"
    "Plus tard,\n"
    "la directrice financière Ilse Marant a démissionné, selon Norvalia.\n"
)


@given(st.text(alphabet="ab .\nÀ", max_size=400), st.integers(min_value=4, max_value=60))
def test_long_windows_cover_the_text_end_to_end(text, size):
    cuts = windows(text, size)
    assert "".join(text[a:b] for a, b in cuts) == text
    assert all(0 < b - a <= size for a, b in cuts) or text == ""
    assert all(b == c for (_, b), (c, _) in pairwise(cuts))


def test_long_windows_end_at_paragraphs():
    text = "Une phrase.\nUn titre\nUne autre phrase.\n\nLa suite. " + "x " * 20
    cuts = windows(text, 40)
    assert cuts[0] == (0, text.index("La suite"))  # after the blank line
    cuts = windows("Une première phrase ici.\nUn titre\nla suite du titre et du texte", 40)
    assert cuts[0] == (0, 25)  # after the line that ends a sentence, not after the heading


def _view(doc, start, end):
    """What a reader sees of ``doc`` in ``[start, end)``, offsets counted from ``start``."""
    names = {e.id: (e.label, e.name) for e in doc.entities}
    mentions = sorted(
        (m.start - start, m.text, e.label, e.name)
        for e in doc.entities
        for m in e.mentions
        if start <= m.start < end
    )
    timexes = [
        (t.start - start, t.text, t.type, t.value) for t in doc.timexes if start <= t.start < end
    ]
    events = [
        (v.trigger.start - start, v.type, v.when, [names[a] for a in v.actors])
        for v in doc.events
        if start <= v.trigger.start < end
    ]
    return mentions, timexes, events


def test_long_article_of_repeated_stories_annotates_each_as_the_story(annotator):
    single = annotator.annotate_one(RawInput("one", STORY, "2025-02-10", "one"))
    text = "\n".join([STORY] * 12)  # stories a blank line apart
    windowed = Annotator(annotator.nlp, window=len(STORY) * 3)
    doc = windowed.annotate_one(RawInput("many", text, "2025-02-10", "many"))
    assert doc.text == text and len(doc.sentences) == 12 * len(single.sentences)
    expected = _view(single, 0, len(STORY))
    assert expected[0] and expected[1] and expected[2]
    for k in range(12):
        start = k * (len(STORY) + 1)
        assert _view(doc, start, start + len(STORY)) == expected, k


def test_long_windows_leave_the_output_unchanged_on_the_corpus(annotator, corpus_texts):
    items = [RawInput(k, v, None, k) for k, v in corpus_texts.items()]
    assert any(len(v) > 1000 for v in corpus_texts.values())
    whole = [d.to_json() for d in annotator.annotate(items)]
    assert [d.to_json() for d in Annotator(annotator.nlp, window=1000).annotate(items)] == whole


def test_long_article_over_the_limit_is_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Le conseil a annoncé son départ. " * 100, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(big), "--max-bytes", "1000"])
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    size = f"{big.stat().st_size:,} bytes"
    assert str(big) in line and size in line and "limit of 1,000 bytes" in line
    assert "--max-bytes" in line


@pytest.mark.parametrize("verbose", [False, True])
def test_long_failure_is_one_line_unless_verbose(tmp_path, monkeypatch, annotator, verbose):
    def broken(doc, raw):
        raise MemoryError("no room left")

    monkeypatch.setattr(process, "to_document", broken)
    article = tmp_path / "a.txt"
    article.write_text(STORY, encoding="utf-8")
    args = ["-v"] * verbose + ["run", str(article)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert f"error: {article}: pipeline failed: MemoryError: no room left" in result.stderr
    assert ("Traceback" in result.stderr) is verbose


def test_long_output_is_valid_json_lines(tmp_path, annotator):
    doc = Annotator(annotator.nlp, window=200).annotate_one(RawInput("s", STORY * 3, None, "s"))
    assert json.loads(doc.to_json())["id"] == "s"
