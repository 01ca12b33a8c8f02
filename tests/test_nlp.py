from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(annotator):
    return annotator.nlp


def test_nlp_pipeline_order_and_no_problems(nlp):
    names = nlp.pipe_names
    assert names.index("chronique_segmenter") < names.index("parser")
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values())


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        (
            "la nuit de19 novembreHeure locale",
            ["la", "nuit", "de", "19", "novembre", "Heure", "locale"],
        ),
        ("de NorvAI.À ce stade", ["de", "NorvAI", ".", "À", "ce", "stade"]),
        ("pris fin..", ["pris", "fin", ".."]),
        ("16Novembre, après", ["16", "Novembre", ",", "après"]),
        ("Voltaris.com Inc.", ["Voltaris.com", "Inc", "."]),
    ],
)
def test_nlp_tokenizer_cuts_glue_and_keeps_raw_text(nlp, text, tokens):
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc] == tokens


def test_nlp_parser_keeps_our_sentence_starts(nlp):
    text = "Il a appelé Tarsis.Brenner a répondu.\nÀ 00h19\nFerrant a reçu un appel."
    doc = nlp(text)
    starts = [s.start_char for s in doc.sents]
    assert starts == [0, text.index("Brenner"), text.index("À 00h19"), text.index("Ferrant")]
    assert [h.text for h in doc._.chronique_headings] == ["À 00h19"]
