"""The offsets rule: every span the pipeline emits points into the raw text, on every input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.io import RawInput
from pipeline.records import Document, spans_of
from pipeline.validate import check_document

WORDS = [
    "Le",
    "le",
    "conseil",
    "d'administration",
    "a",
    "annoncé",
    "que",
    "Lina",
    "Brennerr",
    "NorvAI",
    "Tarsis",
    "novembre",
    "Heure",
    "19",
    "17h35",
    "00h19",
    "12",
    "h",
    "23",
    "À",
    "A",
    "midi",
    "«",
    "»",
    "Mme",
    "M.",
    "Voltaris.com",
    "l’équipe",
    "KestrelGPT",
    "https://exemple.fr/a.B",
    "Plus",
    "tard",
    "soir",
    "2023",
    "de",
    "fin",
    "Til",
    "matin",
    "é",
    "Œuvre",
    "日本",
    "🙂",
]
GLUE = ["", " ", " ", " ", "\n", ".", "..", ",", ". ", "»", '."', "\r\n", "  ", "\t"]

noisy_french = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=40).map(
    lambda parts: "".join(w + g for w, g in parts)
)


def assert_offsets(doc: Document) -> None:
    text = doc.text
    for where, start, end, span_text in spans_of(doc):
        assert 0 <= start <= end <= len(text), where
        if span_text is not None:
            assert text[start:end] == span_text, where
    for s in doc.sentences:
        assert text[s.start : s.end].strip() == text[s.start : s.end] != ""
    assert check_document(doc.to_dict()) == []


def annotate(annotator, text: str) -> Document:
    (doc,) = annotator.annotate([RawInput("gen", text, None, "gen")])
    assert isinstance(doc, Document), doc
    return doc


def test_offsets_hold_on_the_corpus(annotator, corpus_texts):
    assert corpus_texts, "corpus/ holds no article"
    for doc_id, text in corpus_texts.items():
        doc = annotate(annotator, text)
        assert doc.text == text, doc_id
        assert_offsets(doc)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(noisy_french)
def test_offsets_hold_on_generated_noisy_text(annotator, text):
    assert_offsets(annotate(annotator, text))
