"""Chronique: structured events on one timeline from noisy machine-translated French news.

The library in three calls::

    import pipeline

    doc = pipeline.annotate("Le 3 mars, Lina Ferrant a quitté Norvalia.", "2024-03-05")
    doc.events            # who did what, when: records.Event, offsets into the raw text
    doc.to_json()         # one line of the document format (FORMAT.md)

    for result in pipeline.annotate_many(["...", {"id": "a2", "text": "..."}], jobs=2):
        ...               # a Document, or the InputError of a bad article, in input order

    nlp = pipeline.load() # the spaCy pipeline: doc.ents, doc.spans["timex"], doc._.chronique_*

    print(pipeline.explain("Le 3 mars, Lina Ferrant a quitté Norvalia."))  # why each event

The model loads once per process, on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pipeline.io import InputError, RawInput, check_date, check_text, from_json
from pipeline.records import Document, FormatError

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.explanation import Explanation

__version__ = "0.1.0"
__all__ = [
    "Document",
    "FormatError",
    "InputError",
    "__version__",
    "annotate",
    "annotate_many",
    "explain",
    "load",
]

Date = str | dt.date | None


def load() -> Language:
    """A new spaCy pipeline: ``fr_core_news_md`` with Chronique's tokenizer and stages.

    ``nlp(text)`` sets ``doc.ents`` (cleaned mentions), ``doc.spans["timex"]`` and the records
    under ``doc._.chronique_*``; ``nlp.to_disk(path)`` saves it and ``spacy.load(path)`` loads it.
    """
    from pipeline.nlp import build_nlp

    return build_nlp()


def _raw(text: Any, publication_date: Date, doc_id: str, pin_date: bool) -> RawInput:
    if not isinstance(text, str):
        raise InputError(doc_id, f"expected the article as a str, got {type(text).__name__}")
    date = check_date(publication_date, doc_id)  # a date is written as its ISO string
    return RawInput(doc_id, check_text(text, doc_id), date, doc_id, pinned_date=pin_date)


def annotate(
    text: str,
    publication_date: Date = None,
    *,
    id: str | None = None,  # noqa: A002 - the document format's key
    pin_date: bool = False,
) -> Document:
    """The document of one article: entities, time expressions, events, repairs.

    ``publication_date`` (ISO ``YYYY-MM-DD`` or a ``date``) anchors relative dates; a date the
    article states itself wins over it unless ``pin_date``. Raises ``InputError`` for an empty
    text, one that is not French, or a bad date.
    """
    from pipeline.process import shared_annotator

    raw = _raw(text, publication_date, id or "doc", pin_date)
    result = shared_annotator().annotate_one(raw)
    if isinstance(result, InputError):
        raise result
    return result


def explain(
    text: str,
    publication_date: Date = None,
    *,
    id: str | None = None,  # noqa: A002 - the document format's key
    pin_date: bool = False,
) -> Explanation:
    """``annotate``'s document with why each event was kept (its type rule, each actor's path)
    and each candidate turned down; ``str()`` of it reads sentence by sentence."""
    from pipeline.explanation import explain_raw
    from pipeline.process import shared_annotator

    return explain_raw(_raw(text, publication_date, id or "doc", pin_date), shared_annotator())


def _item(item: Any, n: int) -> RawInput | InputError:
    try:
        if isinstance(item, RawInput):
            return item
        if isinstance(item, str):
            return _raw(item, None, f"doc-{n}", False)
        if isinstance(item, Mapping):
            return from_json({"id": f"doc-{n}", **item}, f"item {n}")
        raise InputError(f"item {n}", f"expected a str or a mapping, got {type(item).__name__}")
    except InputError as exc:
        return exc


def annotate_many(
    items: Iterable[str | Mapping[str, Any]], *, jobs: int = 1
) -> Iterator[Document | InputError]:
    """Documents for ``items``, streamed in input order, with ``jobs`` worker processes.

    An item is an article's text (its id is then ``doc-N``, counted from 1) or a mapping in the
    document format (``id``, ``text``, ``publication_date``; other keys are kept in the output).
    A bad item is yielded as its ``InputError`` in its place; the others go on.
    """
    from pipeline.process import annotate_all

    raws = (_item(item, n) for n, item in enumerate(items, 1))
    yield from annotate_all(raws, jobs=jobs)
