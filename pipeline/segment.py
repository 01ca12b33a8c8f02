"""Segmentation: sentences that respect the repairs, and headings that scope what follows.

A line break always ends a sentence. Inside a line, a sentence ends at final punctuation followed
by a space and a capital (not after an abbreviation or an initial), and at every glued boundary
that ``repair`` found (``Voltaris.À``, ``»De``). A heading is a short line without final
punctuation that has text after it (``Le 17 novembre à midi``, ``Plus tard,``); it governs the
text up to the next heading (``scope_end``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipeline.records import Heading, Repair, Sentence
from pipeline.repair import GLUED_QUOTE, GLUED_SENTENCE, UPPER, lexicon, word_before

# final punctuation, an optional closing quote, white space, then what opens a sentence
_BOUNDARY = re.compile(rf"[.!?…]+(?:\s?[»\"”])?[ \t]+(?=[«\"“(\[—–-]?\s?[{UPPER}\d])")
_LINE = re.compile(r"[^\n]+")
_FINAL = tuple('.!?…»"”;')


@dataclass(frozen=True)
class HeadingShape:
    """What a heading line looks like: short, no final punctuation, capitalised."""

    max_chars: int = 80
    max_words: int = 10


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_on_abbreviation(text: str, line_start: int, dot_end: int) -> bool:
    word = word_before(text, dot_end - 1, line_start)  # text[dot_end - 1] is the dot
    return bool(word) and (len(word) == 1 or word in lexicon().abbreviations)


def _glued_starts(text: str, repairs: Iterable[Repair]) -> set[int]:
    """Where glue hid a sentence start: after ``Voltaris.`` and after a quote before a capital."""
    starts = set()
    for r in repairs:
        before_capital = r.end < len(text) and text[r.end].isupper()
        if r.kind == GLUED_SENTENCE or (r.kind == GLUED_QUOTE and before_capital):
            starts.add(r.end)
    return starts


def split_line(text: str, start: int, end: int, glued: set[int]) -> list[Sentence]:
    """The sentences of one line ``text[start:end]``."""
    cuts = {p for p in glued if start < p < end}
    for m in _BOUNDARY.finditer(text, start, end):
        dot_end = m.start() + len(m.group().rstrip(' \t»"”'))
        if text[dot_end - 1] == "." and _ends_on_abbreviation(text, start, dot_end):
            continue
        cuts.add(m.end())
    out = []
    for a, b in pairwise([start, *sorted(cuts), end]):
        a, b = strip_span(text, a, b)
        if a < b:
            out.append(Sentence(a, b))
    return out


def lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as stripped ``(start, end)`` offsets (``\\r\\n`` and ``\\n`` alike)."""
    out = []
    for m in _LINE.finditer(text):
        a, b = strip_span(text, m.start(), m.end())
        if a < b:
            out.append((a, b))
    return out


def is_heading_line(line: str, shape: HeadingShape = HeadingShape()) -> bool:
    first = next((c for c in line if c.isalnum()), "")
    return (
        len(line) <= shape.max_chars
        and len(line.split()) <= shape.max_words
        and not line.endswith(_FINAL)
        and (first.isupper() or first.isdigit())
    )


def segment(
    text: str, repairs: Sequence[Repair] = (), shape: HeadingShape = HeadingShape()
) -> tuple[list[Sentence], list[Heading]]:
    """Sentences and headings of ``text``, with raw offsets."""
    glued = _glued_starts(text, repairs)
    spans = lines(text)
    sentences: list[Sentence] = []
    heading_lines: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(spans):
        line_sentences = split_line(text, a, b, glued)
        sentences += line_sentences
        has_body = i + 1 < len(spans)
        if has_body and len(line_sentences) == 1 and is_heading_line(text[a:b], shape):
            heading_lines.append((a, b))
    scope_ends = [a for a, _ in heading_lines[1:]] + [len(text)]
    headings = [
        Heading(a, b, text[a:b], scope_end)
        for (a, b), scope_end in zip(heading_lines, scope_ends, strict=False)
    ]
    return sentences, headings


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """``text`` cut into consecutive ``(start, end)`` windows of at most ``size`` characters.

    A window ends at a paragraph's end in its second half: after a blank line, else after a line
    that ends a sentence, else after any line break; a window without one ends after its last
    sentence, else its last space, else at ``size``. The windows put end to end are the text.
    """
    out = []
    start = 0
    while len(text) - start > size:
        half, limit = start + size // 2, start + size
        cut = _paragraph_end(text, half, limit)
        if not cut:
            ends = [m.end() for m in _BOUNDARY.finditer(text, half, limit)]
            cut = ends[-1] if ends else text.rfind(" ", half, limit) + 1
        cut = cut or limit
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _paragraph_end(text: str, start: int, end: int) -> int:
    """Just after the best line break of ``text[start:end]`` for a cut (0: none)."""
    blank = text.rfind("\n\n", start, end - 1)
    if blank >= 0:
        return blank + 2
    last = text.rfind("\n", start, end) + 1
    at = last - 1
    while at >= start:  # the last line that ends a sentence
        if text[max(start, at - 8) : at].rstrip().endswith(_FINAL):
            return at + 1
        at = text.rfind("\n", start, at)
    return last
