"""The spaCy pipeline: ``fr_core_news_md`` behind a glue-splitting tokenizer, then our stages.

``build_nlp()`` is the one place that fixes the pipeline's order::

    tokenizer (chronique.GlueSplittingTokenizer.v1) -> tok2vec, morphologizer
    -> chronique_segmenter -> parser, attribute_ruler, lemmatizer, ner
    -> chronique_timex -> chronique_entities -> chronique_events

The tokenizer cuts tokens at the repairs that ``repair.find_repairs`` reports, so ``doc.text`` is
always the raw text and every token offset is a raw offset. Every stage is a registered spaCy
factory (also through the ``spacy_factories`` entry point, so ``nlp.add_pipe("chronique_timex")``
works in any French pipeline as soon as spaCy is imported) and writes its records on the ``Doc``
under ``doc._.chronique_*`` (see ``EXTENSIONS``); ``process.to_document`` reads them back.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans, registry

from pipeline import repair, segment
from pipeline.entities import FAMILIES, find_entities
from pipeline.events import TITLE_MAX_CHARS, find_events, rejections
from pipeline.records import Sentence
from pipeline.timex import AUXILIARIES, find_timexes

log = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
TOKENIZER = "chronique.GlueSplittingTokenizer.v1"
TIMEX_KEY = "timex"

#: Doc extensions and their defaults. Inputs: ``chronique_publication_date`` (an ISO date the
#: article is anchored on, set before the pipeline runs; the timex stage replaces it with the date
#: it used) and ``chronique_date_pinned`` (that date wins over one the article states).
EXTENSIONS: dict[str, Any] = {
    "chronique_raw": None,  # the raw text (doc.text rebuilds it from the tokens at each call)
    "chronique_repairs": (),  # records.Repair, by the tokenizer
    "chronique_sentences": (),  # records.Sentence, by the segmenter
    "chronique_headings": (),  # records.Heading, by the segmenter
    "chronique_publication_date": None,
    "chronique_date_pinned": False,
    "chronique_timexes": (),  # records.Timex, by chronique_timex
    "chronique_entities": (),  # records.Entity, by chronique_entities
    "chronique_events": (),  # records.Event, by chronique_events
    "chronique_rejected_at": (),  # (token index, reason) turned down, by chronique_events
}
#: Span extensions: a time expression's value, its anchor (how it was resolved) and record; the
#: entity id of a mention in ``doc.ents``.
SPAN_EXTENSIONS = ("chronique_value", "chronique_anchor", "chronique_timex", "chronique_entity")


def register_extensions() -> None:
    """Register the ``Doc`` and ``Span`` extension attributes once (idempotent)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("chronique_rejected"):  # events.Rejection records, made on access
        Doc.set_extension(
            "chronique_rejected", getter=lambda doc: rejections(doc, doc._.chronique_rejected_at)
        )
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


def raw_text(doc: Doc) -> str:
    """The article as read: kept by our tokenizer, else rebuilt from the tokens."""
    return doc._.chronique_raw or doc.text


def sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    """The segmenter's sentences, else the parser's (trimmed, raw offsets)."""
    if doc._.chronique_sentences:
        return tuple(doc._.chronique_sentences)
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return (Sentence(*segment.strip_span(doc.text, 0, len(doc.text))),) if len(doc) else ()
    spans = (segment.strip_span(doc.text, s.start_char, s.end_char) for s in doc.sents)
    return tuple(Sentence(a, b) for a, b in spans if a < b)


def publication_of(doc: Doc) -> dt.date | None:
    value = doc._.chronique_publication_date
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class GlueSplittingTokenizer:
    """The model's tokenizer, then a cut wherever a repair says two words were glued.

    A token that holds a cut point is cut there and each piece goes through the base tokenizer
    again, so its prefixes and suffixes (``Voltaris.`` -> ``Voltaris`` ``.``) split as usual.
    """

    def __init__(self, base: spacy.tokenizer.Tokenizer):
        self.base = base
        self.vocab = base.vocab

    # serialisation is the base tokenizer's: nlp.to_disk() / spacy.load(dir) round-trip
    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.base.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> GlueSplittingTokenizer:
        self.base.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.base.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> GlueSplittingTokenizer:
        self.base.from_bytes(data, **kwargs)
        return self

    def __call__(self, text: str) -> Doc:
        doc = self.base(text)
        repairs = repair.find_repairs(text)
        cuts = repair.cut_points(repairs)
        if cuts:
            doc = self._cut(doc, text, cuts)
        doc._.chronique_repairs = tuple(repairs)
        doc._.chronique_raw = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def _cut(self, doc: Doc, text: str, cuts: Sequence[int]) -> Doc:
        # arrays, not Token objects: this runs on every document with glue
        spans = doc.to_array([IDX, LENGTH, SPACY]).tolist()
        starts = [start for start, _, _ in spans]
        held: dict[int, list[int]] = {}  # token index -> the cuts strictly inside it
        for cut in cuts:
            i = bisect_right(starts, cut) - 1
            if i >= 0 and starts[i] < cut < starts[i] + spans[i][1]:
                held.setdefault(i, []).append(cut)
        if not held:
            return doc
        words = [text[start : start + length] for start, length, _ in spans]
        spaces = [bool(space) for _, _, space in spans]
        for i in sorted(held, reverse=True):  # from the end: earlier indices stay valid
            start, length, space = spans[i]
            sub_words: list[str] = []
            sub_spaces: list[bool] = []
            for a, b in pairwise([start, *held[i], start + length]):
                sub = self.base(text[a:b])  # doc.text would rebuild the whole text each time
                sub_words += [t.text for t in sub]
                sub_spaces += [bool(t.whitespace_) for t in sub]
            sub_spaces[-1] = bool(space)
            words[i : i + 1] = sub_words
            spaces[i : i + 1] = sub_spaces
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers(TOKENIZER)
def create_glue_tokenizer() -> Callable[[Language], GlueSplittingTokenizer]:
    """The language's own tokenizer (its rules loaded from the model), wrapped."""
    base = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> GlueSplittingTokenizer:
        return GlueSplittingTokenizer(base(nlp))

    return create


@Language.factory(
    "chronique_segmenter",
    assigns=["token.is_sent_start", "doc._.chronique_headings", "doc._.chronique_sentences"],
    default_config={"max_heading_chars": 80, "max_heading_words": 10},
)
def make_segmenter(
    nlp: Language, name: str, max_heading_chars: int, max_heading_words: int
) -> Segmenter:
    return Segmenter(segment.HeadingShape(max_heading_chars, max_heading_words))


class Segmenter:
    """Sets sentence starts from ``segment.segment`` (the parser keeps them) and the headings."""

    def __init__(self, shape: segment.HeadingShape):
        self.shape = shape

    def __call__(self, doc: Doc) -> Doc:
        sentences, headings = segment.segment(raw_text(doc), doc._.chronique_repairs, self.shape)
        if len(doc):  # arrays, not a loop over Token objects: this runs on every document
            offsets = doc.to_array([IDX]).astype(numpy.int64)
            starts = numpy.array([s.start for s in sentences], dtype=numpy.int64)
            flags = numpy.where(numpy.isin(offsets, starts), 1, -1).astype(numpy.int64)
            flags[0] = 1
            doc.from_array([SENT_START], flags.view(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        doc._.chronique_headings = tuple(headings)
        doc._.chronique_sentences = tuple(sentences)  # raw offsets, trimmed: cheaper than doc.sents
        return doc


@Language.factory(
    "chronique_timex",
    assigns=["doc._.chronique_timexes", "doc._.chronique_publication_date", "doc.spans"],
    default_config={"spans_key": TIMEX_KEY},
)
def make_timex(nlp: Language, name: str, spans_key: str) -> TimexFinder:
    return TimexFinder(spans_key)


def _predicate(token: Token) -> bool:
    """A verb, or a word with an auxiliary or a copula (``serait chômé``, a noun to the tagger)."""
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ in AUXILIARIES for c in token.children)


def predicate_at(doc: Doc) -> Callable[[int, int], Token | None]:
    """The predicate that the words at raw offsets ``start:end`` depend on (``lundi`` <-
    ``serait chômé``, ``mardi`` <- ``signer``), within their sentence: the verb whose tense
    directs a weekday, and whose clause says whether the day was reported."""

    sentences = sentences_of(doc)
    starts = [s.start for s in sentences]

    def predicate(start: int, end: int) -> Token | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        i = bisect_right(starts, start) - 1
        if span is None or not len(span) or i < 0:
            return None
        inside = range(sentences[i].start, sentences[i].end)  # a parse may cross a glued end
        token = span.root
        for _ in range(4):
            if _predicate(token) or token.head == token or token.head.idx not in inside:
                break
            token = token.head
        if token.pos_ == "AUX" and token.dep_ == "cop":
            token = token.head
        return token if _predicate(token) else None

    return predicate


class TimexFinder:
    """Time expressions (``timex.find_timexes``) on ``doc._.chronique_timexes`` and as spans.

    ``doc.spans[spans_key]`` holds one span per expression (label: its TIMEX3 type, value and
    anchor on ``span._.chronique_value`` / ``chronique_anchor``); a span covers whole tokens, the
    exact raw offsets are the record's (``span._.chronique_timex``).
    """

    def __init__(self, spans_key: str = TIMEX_KEY):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        given = publication_of(doc)
        timexes, anchor = find_timexes(
            raw_text(doc),
            given,
            sentences_of(doc),
            doc._.chronique_headings,
            prefer_given=bool(doc._.chronique_date_pinned),
            predicate=predicate_at(doc) if doc.has_annotation("DEP") else None,
        )
        doc._.chronique_timexes = tuple(timexes)
        doc._.chronique_publication_date = anchor.isoformat() if anchor else None
        spans = []
        tokens = Tokens(doc)
        for t in timexes:
            span = tokens.covering(t.start, t.end, t.type)
            if span is not None:
                span._.chronique_value = t.value
                span._.chronique_anchor = t.extra.get("anchor")
                span._.chronique_timex = t
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


class Tokens:
    """Token boundaries of a ``Doc`` by raw character offset, read once from its arrays (two
    sorted integer arrays: a long article's million tokens take 16 MB, not dictionaries)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        bounds = doc.to_array([IDX, LENGTH]).astype(numpy.int64)
        self.starts = bounds[:, 0] if len(doc) else numpy.zeros(0, dtype=numpy.int64)
        self.ends = self.starts + bounds[:, 1] if len(doc) else self.starts

    def exact(self, start: int, end: int, label: str) -> Span | None:
        """The tokens that begin at ``start`` and end at ``end``, or None."""
        i = int(numpy.searchsorted(self.starts, start))
        j = int(numpy.searchsorted(self.ends, end))
        inside = i <= j < len(self.ends)
        if inside and self.starts[i] == start and self.ends[j] == end:
            return Span(self.doc, i, j + 1, label=label)
        return None

    def covering(self, start: int, end: int, label: str) -> Span | None:
        """The tokens over ``start:end`` exactly, else the tokens they touch."""
        return self.exact(start, end, label) or self.doc.char_span(
            start, end, label=label, alignment_mode="expand"
        )


@Language.factory(
    "chronique_entities",
    requires=["doc._.chronique_timexes"],
    assigns=["doc.ents", "doc._.chronique_entities"],
    default_config={"set_ents": True, "off": []},
)
def make_entities(nlp: Language, name: str, set_ents: bool, off: list[str]) -> EntityFinder:
    return EntityFinder(nlp, set_ents, off)


class EntityFinder:
    """Entities with all their mentions (``entities.find_entities``) on
    ``doc._.chronique_entities``; with ``set_ents``, ``doc.ents`` become the cleaned mentions that
    align with tokens, each with its entity's id on ``span._.chronique_entity``. ``off``: rule
    families (``entities.FAMILIES``) not to apply."""

    def __init__(self, nlp: Language, set_ents: bool = True, off: Iterable[str] = ()):
        unknown = set(off) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown entity rule families: {sorted(unknown)}; see FAMILIES")
        self.nlp = nlp
        self.set_ents = set_ents
        self.off = frozenset(off)

    def __call__(self, doc: Doc) -> Doc:
        entities = find_entities(doc, doc._.chronique_timexes, self.nlp, self.off)
        doc._.chronique_entities = entities
        if self.set_ents:
            spans = []
            tokens = Tokens(doc)
            for entity in entities:
                for m in entity.mentions:
                    span = tokens.exact(m.start, m.end, entity.label)
                    if span is not None:
                        spans.append(span)
                        span._.chronique_entity = entity.id
            doc.ents = filter_spans(spans)
        return doc


@Language.factory(
    "chronique_events",
    requires=["doc._.chronique_entities", "doc._.chronique_timexes"],
    assigns=["doc._.chronique_events"],
    default_config={"title_max_chars": TITLE_MAX_CHARS},
)
def make_events(nlp: Language, name: str, title_max_chars: int) -> EventFinder:
    return EventFinder(title_max_chars)


class EventFinder:
    """Events (``events.find_events``) on ``doc._.chronique_events``."""

    def __init__(self, title_max_chars: int = TITLE_MAX_CHARS):
        self.title_max_chars = title_max_chars

    def __call__(self, doc: Doc) -> Doc:
        rejected: list[tuple[int, str]] = []
        doc._.chronique_events = find_events(
            doc,
            doc._.chronique_entities,
            doc._.chronique_timexes,
            doc._.chronique_headings,
            doc._.chronique_publication_date,
            title_max_chars=self.title_max_chars,
            sentences=sentences_of(doc),
            rejected=rejected,
        )
        doc._.chronique_rejected_at = tuple(rejected)
        return doc


STAGES = ("chronique_timex", "chronique_entities", "chronique_events")
#: texts longer than this go through the model in windows (``parse_windows``)
WINDOW_CHARS = 20_000


def parse_windows(nlp: Language, text: str, size: int = WINDOW_CHARS) -> Doc:
    """``text`` through the model in windows of at most ``size`` characters cut at paragraph
    (else sentence) boundaries, joined into one ``Doc`` with raw offsets, segmented as a whole.

    Memory stays bounded: each window's ``Doc`` is kept only as its annotation arrays (a tenth of
    its size) until the whole ``Doc`` is built. Run the stages on the result: they see the whole
    article.
    """
    model = [name for name in nlp.pipe_names if name not in STAGES]
    attrs = [a for a in Doc._get_array_attrs() if a not in (IDX, LENGTH, SPACY)]
    words: list[str] = []
    spaces: list[bool] = []
    # a token has at least one character: rows for as many tokens as characters, of which only
    # those written take memory (the pages of a large empty array are mapped as they are touched)
    values = numpy.empty((len(text) + 1, len(attrs)), dtype=numpy.uint64)
    cuts = segment.windows(text, size)
    with nlp.select_pipes(enable=model):
        parts = nlp.pipe((text[a:b] for a, b in cuts), batch_size=1)
        for (offset, _), part in zip(cuts, parts, strict=True):
            n = len(words)
            for start, length, space in part.to_array([IDX, LENGTH, SPACY]).tolist():
                words.append(text[offset + start : offset + start + length])
                spaces.append(bool(space))
            values[n : len(words)] = part.to_array(attrs)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    del words, spaces
    if len(doc):
        doc.from_array(attrs, values[: len(doc)])  # type: ignore[arg-type]
    del values
    repairs = tuple(repair.find_repairs(text))
    segmenter = nlp.get_pipe("chronique_segmenter")
    shape = segmenter.shape if isinstance(segmenter, Segmenter) else segment.HeadingShape()
    sentences, headings = segment.segment(text, repairs, shape)
    doc._.chronique_raw = text
    doc._.chronique_repairs = repairs
    doc._.chronique_sentences = tuple(sentences)
    doc._.chronique_headings = tuple(headings)
    return doc


def build_nlp(model: str = MODEL) -> Language:
    """The whole pipeline: the model with our tokenizer, the segmenter before the parser, and the
    three stages at the end. ``nlp.to_disk(path)`` saves it; ``spacy.load(path)`` loads it back.
    ``CHRONIQUE_NER=DIR`` swaps in a NER component saved by ``scripts/train_ner.py`` (to measure
    it; the published model's is the default)."""
    nlp = spacy.load(model, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    if os.environ.get("CHRONIQUE_NER"):
        ner: Any = nlp.get_pipe("ner")
        ner.from_disk(os.environ["CHRONIQUE_NER"])
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("chronique_segmenter", before=before)
    for stage in STAGES:
        nlp.add_pipe(stage)
    log.info("loaded %s with pipes %s", model, nlp.pipe_names)
    return nlp
