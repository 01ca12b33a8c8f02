"""The spaCy pipeline: ``fr_core_news_md`` behind a glue-splitting tokenizer and our segmenter.

``build_nlp()`` is the one place that fixes the pipeline's order. The tokenizer cuts tokens at the
repairs that ``repair.find_repairs`` reports, so ``doc.text`` is always the raw text and every
token offset is a raw offset; the repairs ride along on ``doc._.repairs``.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

import numpy
import spacy
from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import repair, segment

log = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
EXTENSIONS = ("repairs", "headings", "sentences", "raw")


def register_extensions() -> None:
    """Register the ``Doc`` extension attributes once (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None if name == "raw" else ())


class GlueSplittingTokenizer:
    """The model's tokenizer, then a cut wherever a repair says two words were glued.

    A token that holds a cut point is cut there and each piece goes through the base tokenizer
    again, so its prefixes and suffixes (``Voltaris.`` -> ``Voltaris`` ``.``) split as usual.
    """

    def __init__(self, base: spacy.tokenizer.Tokenizer):
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        register_extensions()
        doc = self.base(text)
        repairs = repair.find_repairs(text)
        cuts = repair.cut_points(repairs)
        if cuts:
            doc = self._cut(doc, text, cuts)
        doc._.repairs = tuple(repairs)
        doc._.raw = text  # the raw text, kept: doc.text rebuilds it from the tokens at each call
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


@Language.factory(
    "chronique_segmenter",
    assigns=["token.is_sent_start", "doc._.headings", "doc._.sentences"],
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
        register_extensions()
        sentences, headings = segment.segment(doc._.raw or doc.text, doc._.repairs, self.shape)
        if len(doc):  # arrays, not a loop over Token objects: this runs on every document
            offsets = doc.to_array([IDX]).astype(numpy.int64)
            starts = numpy.array([s.start for s in sentences], dtype=numpy.int64)
            flags = numpy.where(numpy.isin(offsets, starts), 1, -1).astype(numpy.int64)
            flags[0] = 1
            doc.from_array([SENT_START], flags.view(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        doc._.headings = tuple(headings)
        doc._.sentences = tuple(sentences)  # raw offsets, trimmed: cheaper than doc.sents
        return doc


def build_nlp(model: str = MODEL) -> Language:
    """Load the model once, wrap its tokenizer and put the segmenter before the parser."""
    register_extensions()
    nlp = spacy.load(model)
    nlp.tokenizer = GlueSplittingTokenizer(nlp.tokenizer)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("chronique_segmenter", before=before)
    log.info("loaded %s with pipes %s", model, nlp.pipe_names)
    return nlp
