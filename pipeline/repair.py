"""Noise repair: find machine-translation glue and report it beside the raw text.

Nothing here rewrites the article. ``find_repairs`` returns ``Repair`` records with raw offsets:
a glued boundary is a zero-width insertion of a space (``de19`` -> ``de 19``, ``Voltaris.À`` ->
``Voltaris. À``); doubled punctuation is a replacement (``fin..`` -> ``fin.``). ``cut_points``
turns the repairs into token boundaries for the tokenizer, ``apply_repairs`` gives the cleaned
text for a reader. The rules are about French and translation noise in general; their word lists
live in ``resources/repair.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.records import Repair

UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
LOWER = "a-zß-öø-ÿœ"
LETTER = rf"{UPPER}{LOWER}"

GLUED_DIGIT = "glued-digit"
GLUED_CASE = "glued-case"
GLUED_SENTENCE = "glued-sentence"
GLUED_QUOTE = "glued-quote"
GLUED_COMMA = "glued-comma"
GLUED_TITLE = "glued-title"
DOUBLED_PUNCT = "doubled-punct"

# A letter run that starts a word (digits may precede it: they are glue too), then digits.
_LETTERS_DIGITS = re.compile(rf"(?<![{LETTER}_])([{LETTER}]+)(?=\d)")
# Digits that start a number, then a letter run that ends a word.
_DIGITS_LETTERS = re.compile(rf"(?<!\d)(\d+)([{LETTER}]+)(?![\d{LETTER}])")
# An all-lowercase word start glued to a capitalised word: novembreHeure, l'entrepriseVoltaris.
_LOWER_UPPER = re.compile(rf"(?<![{LETTER}_])([{LOWER}]{{2,}})(?=[{UPPER}][{LOWER}])")
# An acronym glued to the lowercase word after it: les FRVont, l'ONUet.
_UPPER_LOWER = re.compile(rf"(?<![{LETTER}_])[{UPPER}]{{2,}}([{LOWER}]{{2,}})(?![{LETTER}])")
# Sentence-final punctuation glued to the next sentence's capital: Voltaris.À, fin!Le.
_SENTENCE = re.compile(rf"(?<=[{LETTER}\d)\]%»\"”])[.!?…]+(?=(?:[«“]\s?)?[{UPPER}])")
# A closing quote glued to the next word: »De, ."S’il.
_QUOTE = re.compile(rf"(?:»|(?<=[.!?…])[\"”])(?=[{LETTER}\d])")
# A comma or semicolon glued to the next word: l'époque,Il; « Oui »,a dit.
_COMMA = re.compile(rf"(?<=[{LETTER}»)\]\"”])[,;](?=[{LETTER}])")
_WORD_BEFORE = re.compile(rf"[{LETTER}]+\Z")
_WORD_AFTER = re.compile(rf"^([{LETTER}]+)")
_HEX_ID = re.compile(r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]
    words_before_numbers: frozenset[str]
    number_suffixes: frozenset[str]
    words_after_acronyms: frozenset[str]
    doubled: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, a string every match holds)
    protected: tuple[tuple[re.Pattern[str], str], ...]


@cache
def lexicon() -> Lexicon:
    """The word lists of ``resources/repair.json``, compiled once."""
    data = json.loads(resources.files("pipeline").joinpath("resources/repair.json").read_text())
    doubled = tuple(
        (re.compile(rf"(?<!{re.escape(c)}){re.escape(c)}{{2}}(?!{re.escape(c)})"), c * 2)
        for c in data["doubled_punctuation"]
    )
    return Lexicon(
        abbreviations=frozenset(data["abbreviations"]),
        words_before_numbers=frozenset(w.lower() for w in data["words_before_numbers"]),
        number_suffixes=frozenset(w.lower() for w in data["number_suffixes"]),
        words_after_acronyms=frozenset(data["words_after_acronyms"]),
        doubled=doubled,
        protected=(
            *((re.compile(p["pattern"]), p["needs"]) for p in data["protected_patterns"]),
            (_HEX_ID, ""),
        ),
    )


def word_before(text: str, end: int, start: int = 0) -> str:
    """The letters that end at ``end`` (not before ``start``). The search looks at a short window
    first: searched from ``start``, every call would scan the text before it."""
    lo = max(start, end - 64)
    m = _WORD_BEFORE.search(text, lo, end)
    if m and m.start() == lo > start:  # a word longer than the window
        m = _WORD_BEFORE.search(text, start, end)
    return m.group() if m else ""


def _insert(at: int, kind: str) -> Repair:
    return Repair(start=at, end=at, text="", replacement=" ", kind=kind)


def _glued_digits(text: str, lex: Lexicon) -> Iterator[Repair]:
    for m in _LETTERS_DIGITS.finditer(text):
        word = m.group(1)
        lowered = word.islower() or (len(word) > 1 and word[1:].islower())
        if lowered and (word.lower() in lex.words_before_numbers or len(word) >= 4):
            yield _insert(m.end(), GLUED_DIGIT)
    for m in _DIGITS_LETTERS.finditer(text):
        letters = m.group(2)
        if len(letters) >= 3 and letters.lower() not in lex.number_suffixes:
            yield _insert(m.end(1), GLUED_DIGIT)


def _glued_case(text: str, lex: Lexicon) -> Iterator[Repair]:
    for m in _LOWER_UPPER.finditer(text):
        yield _insert(m.end(), GLUED_CASE)
    for m in _UPPER_LOWER.finditer(text):
        if m.group(1) in lex.words_after_acronyms:
            yield _insert(m.start(1), GLUED_CASE)


def _glued_sentences(text: str, lex: Lexicon) -> Iterator[Repair]:
    for m in _SENTENCE.finditer(text):
        left = word_before(text, m.start())
        after = _WORD_AFTER.match(text[m.end() : m.end() + 40])
        right = after.group(1) if after else ""
        if m.group() == "." and left in lex.abbreviations and len(right) > 1:
            yield _insert(m.end(), GLUED_TITLE)  # M.Dupont: a word, not a sentence, follows
            continue
        unit = text[m.start() - len(left) - 1 : m.start() - len(left)].isdigit()  # "à 9h."
        if m.group() == "." and ((len(left) == 1 and not unit) or left in lex.abbreviations):
            continue  # initials (J.R.R.) end no sentence
        if left.isupper() and len(right) > 1 and right.isupper():
            continue  # dotted acronyms and product names: ASP.NET
        yield _insert(m.end(), GLUED_SENTENCE)
    for m in _QUOTE.finditer(text):
        yield _insert(m.end(), GLUED_QUOTE)
    for m in _COMMA.finditer(text):
        yield _insert(m.end(), GLUED_COMMA)


def _doubled(text: str, lex: Lexicon) -> Iterator[Repair]:
    for pattern, needs in lex.doubled:
        if needs not in text:
            continue  # the pass is a tenth of the repair time: skip it when it cannot match
        for m in pattern.finditer(text):
            yield Repair(m.start(), m.end(), m.group(), m.group()[0], DOUBLED_PUNCT)


RULES = (_glued_digits, _glued_case, _glued_sentences, _doubled)


def protected_spans(text: str, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """Stretches no repair may touch: URLs, e-mail addresses, handles, domains, hex ids."""
    lex = lex or lexicon()
    passes = [p for p, needs in lex.protected if needs in text]  # "@" for e-mail addresses...
    return sorted((m.start(), m.end()) for p in passes for m in p.finditer(text))


def _is_protected(repair: Repair, spans: Iterable[tuple[int, int]]) -> bool:
    if repair.start == repair.end:
        return any(s < repair.start < e for s, e in spans)
    return any(s < repair.end and repair.start < e for s, e in spans)


def find_repairs(text: str) -> list[Repair]:
    """Every repair of ``text``, sorted by position; one per place, raw offsets."""
    lex = lexicon()
    spans = protected_spans(text, lex)
    found: dict[tuple[int, int], Repair] = {}
    for rule in RULES:
        for repair in rule(text, lex):
            if not _is_protected(repair, spans):
                found.setdefault((repair.start, repair.end), repair)
    return [found[k] for k in sorted(found)]


def cut_points(repairs: Iterable[Repair]) -> list[int]:
    """The raw offsets where a token must end: both edges of every repair."""
    return sorted({p for r in repairs for p in (r.start, r.end)})


def apply_repairs(text: str, repairs: Iterable[Repair]) -> str:
    """The text a reader would want: every repair applied (the raw text is never changed)."""
    out: list[str] = []
    pos = 0
    for r in sorted(repairs, key=lambda r: (r.start, r.end)):
        if r.start < pos:
            continue
        out += [text[pos : r.start], r.replacement]
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def describe(text: str, repair: Repair, width: int = 30) -> str:
    """One line showing a repair in context: ``12:40 glued-digit  …nuit de[+' ']19 nov…``."""
    line = text.count("\n", 0, repair.start) + 1
    col = repair.start - (text.rfind("\n", 0, repair.start) + 1) + 1
    left = text[max(0, repair.start - width) : repair.start].replace("\n", "⏎")
    right = text[repair.end : repair.end + width].replace("\n", "⏎")
    change = (
        f"[+{repair.replacement!r}]"
        if not repair.text
        else (f"[{repair.text!r}->{repair.replacement!r}]")
    )
    return f"{line}:{col} {repair.kind:<15} …{left}{change}{right}…"
