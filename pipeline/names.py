"""Name variants merged into entities: candidates, scored evidence, then a decision.

Machine translation spells one person several ways in one article: r/l swaps, doubled or dropped
letters, changed vowels, a dropped last syllable. ``fold`` removes case, accents and
punctuation; ``phonetic`` also folds transliteration (``kh``/``h``, ``sch``/``sh``, ``ou``/``u``);
``skeleton`` keeps the consonants, with r/l and voiced/unvoiced pairs folded and doubles
collapsed (``Marino``, ``Malinno`` -> ``mrn``). A compound given name is one token however it
was split (``Abdul Rovan``, ``Abdurrovan``).

``merge_forms`` groups the distinct forms of one article: it lists candidate pairs (same label
family), scores each with the rule that fits (same form, surname or last names of a full name,
variant of a full name, the same names in another order, variant of a single name, an
organisation's short name), each rule with its own threshold, and unites the pairs best
first, refusing a union that would put two different full names (``Jack X``, ``Sam X``) in one
entity (every two full names of an entity, with looser bars than for the pair that joins them),
or a bare surname that two persons of the article share. Every union keeps its evidence.
``link_keys`` gives entities of several articles a shared key with stricter thresholds, blocking
candidates with ``rapidfuzz.process.cdist`` rather than comparing every pair in Python.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

PER_FAMILY = {"PER": "PER", "ORG": "ORG", "MISC": "ORG", "LOC": "LOC"}


@dataclass(frozen=True)
class Lists:
    titles: frozenset[str]
    particles: frozenset[str]
    compound_head: re.Pattern[str]  # a compound given name's head as a token of its own
    compound_glued: re.Pattern[str]  # the same head at the start of a glued name
    compound_start: str  # what every head starts with: a quick no for other tokens
    transliteration: tuple[tuple[str, str], ...]
    classes: dict[str, str]
    company_affixes: frozenset[str]


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("pipeline").joinpath("resources/names.json").read_text()
    )
    return data


@cache
def lists() -> Lists:
    raw = _raw()
    head = re.escape(raw["compound_given_head"])
    return Lists(
        titles=frozenset(raw["titles"]),
        particles=frozenset(raw["particles"]),
        # "abd", then "ou"/"u" or the article's vowel and its "l" (abd + el, abd + oul), or its
        # "r"/"s" assimilated to the name after it, doubled when glued (abd + ur + r...;
        # abd + ou + r... without the doubling is abd + ou and a name of its own)
        compound_head=re.compile(rf"{head}(?:(?:[aeo]|ou|u)[lrs]|ou|u)?"),
        compound_glued=re.compile(rf"{head}(?:(?:[aeo]|ou|u)(?:l|([rs])(?=\1))|ou|u)?(?=\w{{3}})"),
        compound_start=raw["compound_given_head"],
        transliteration=tuple((a, b) for a, b in raw["transliteration"]),
        classes=raw["consonant_classes"],
        company_affixes=frozenset(raw["company_affixes"]),
    )


def resource(name: str) -> Any:
    return _raw()[name]


@cache
def word_set(name: str) -> frozenset[str]:
    """A word list of the data file as a set, built once."""
    return frozenset(_raw()[name])


_UNDECOMPOSED = str.maketrans(
    {"ı": "i", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th"}
)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase, no accents or apostrophes, other punctuation as spaces: ``Da'Un`` -> ``daun``;
    letters that do not decompose are spelled out (``Yılmaz`` -> ``yilmaz``, ``Łukasz``, ``Søren``).
    """
    lowered = text.casefold().replace("'", "").replace("’", "").translate(_UNDECOMPOSED)
    decomposed = unicodedata.normalize("NFKD", lowered)
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A folded token with transliteration variants folded: ``tarkhov`` -> ``tarhov``,
    ``yuliana`` -> ``iuliana``."""
    out = token
    for a, b in lists().transliteration:
        out = out.replace(a, b)
    return out


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonants only, r/l and voiced/unvoiced pairs folded, doubles collapsed."""
    classes = lists().classes
    out: list[str] = []
    for c in phonetic(token):
        k = classes.get(c)
        if k and (not out or out[-1] != k):
            out.append(k)
    return "".join(out)


@lru_cache(maxsize=200_000)
def vowel_key(token: str) -> str:
    """A phonetic token with every run of vowels one ``a`` and doubles collapsed: ``mohammed``,
    ``muhammad`` -> ``mahamad``; ``yuri``, ``yury`` -> ``ara`` (vowels are what transliteration
    changes most); ``g`` is ``h`` (``Gleb``, ``Hleb``: Russian and Ukrainian spellings); ``l`` is
    ``r`` (``Kerimov``, ``Kelimov``: scripts without the difference)."""
    folded = phonetic(token).replace("g", "h").replace("l", "r")
    return _DOUBLES.sub(r"\1", _VOWELS.sub("a", folded))


_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def name_tokens(text: str, label: str = "PER") -> tuple[str, ...]:
    """The folded tokens of a name without leading titles (``Dr``, ``Mme``, ``Haji``) and, for
    organisations, legal affixes. A title word later in a name is a name (``Karim Haji``)."""
    tokens = fold(text).split()
    while len(tokens) > 1 and tokens[0] in lists().titles:
        tokens = tokens[1:]
    tokens = _glue_compounds(tokens)
    if label != "PER":
        core = [t for t in tokens if t not in lists().company_affixes]
        tokens = core or tokens
    return tuple(tokens)


def _glue_compounds(tokens: list[str]) -> list[str]:
    """A compound given name as one token, however it was split: ``abdul rovan``,
    ``abd al rovan`` -> ``abdulrovan``, ``abdalrovan`` (compare ``Abdurrovan``)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        end = i + 1
        if lists().compound_head.fullmatch(tokens[i]) and end < len(tokens):
            end += 1 if tokens[end] in lists().particles and end + 1 < len(tokens) else 0
            end += 1
        out.append("".join(tokens[i:end]))
        i = end
    return out


def _compound_tail(token: str) -> str:
    """``abdurrovan`` -> ``rovan``: what follows the head of a compound given name, or ''."""
    if not token.startswith(lists().compound_start):
        return ""
    head = lists().compound_glued.match(token)  # the longest head that leaves 3 letters
    return token[head.end() :] if head else ""


def core_tokens(tokens: Sequence[str]) -> tuple[str, ...]:
    """Tokens without particles (``al``, ``de``, ``van``), unless nothing else is left."""
    core = tuple(t for t in tokens if t not in lists().particles)
    return core or tuple(tokens)


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> float:
    """0-100: how likely two tokens are spellings of one name (a glued ``al-`` aside)."""
    if a == b:
        return 100.0
    best = _token_similarity(a, b)
    ua, ub = _unglued(a), _unglued(b)
    for x, y in ((ua, b), (a, ub), (ua, ub)):
        if (x, y) != (a, b):
            best = max(best, _token_similarity(x, y))
    return best


def _unglued(token: str) -> str:
    """``alodhari`` -> ``odhari``: an Arabic article glued to the name."""
    for prefix in ("al", "el", "ul"):
        if token.startswith(prefix) and len(token) - len(prefix) >= 4:
            return token[len(prefix) :]
    return token


def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 100.0
    pa, pb = phonetic(a), phonetic(b)
    ratio = min(fuzz.ratio(pa, pb), SAME_SOUND)  # ``Nowak``, ``Novak``: not the same spelling
    sa, sb = skeleton(a), skeleton(b)
    if (
        min(len(sa), len(sb)) >= 3
        and (sa.startswith(sb) or sb.startswith(sa))
        and ratio >= SKELETON_RATIO
    ):
        ratio = max(ratio, 85.0 if sa == sb else 78.0)
    ka, kb = vowel_key(a), vowel_key(b)
    if len(ka) >= 3 and same_vowel_key(a, b, ratio):
        ratio = max(ratio, 85.0)
    elif min(len(ka), len(kb)) >= 6:
        ratio = max(ratio, fuzz.ratio(ka, kb) - VOWEL_KEY_PENALTY)
    return ratio


@lru_cache(maxsize=200_000)
def first_names_compatible(a: str, b: str) -> bool:
    """``Sam`` and ``Samuel``, ``S`` and ``Sam``, ``Yuri``, ``Iouri``; not ``Jack`` and ``Sam``,
    nor ``Abdulkarim`` and ``Abdulrovan`` (compound names compare by what follows ``Abdul``)."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    ta, tb = _compound_tail(a), _compound_tail(b)
    if ta and tb:
        a, b = ta, tb
    if a.startswith(b) or b.startswith(a) or token_similarity(a, b) >= FIRST_NAME:
        return True
    return same_vowel_key(a, b, fuzz.ratio(phonetic(a), phonetic(b)))


def same_vowel_key(a: str, b: str, ratio: float) -> bool:
    """Equal vowel keys, with ``ratio`` of the spelling in common or vowels changed only as
    transliteration changes them."""
    return vowel_key(a) == vowel_key(b) and (ratio >= SAME_KEY_RATIO or vowels_compatible(a, b))


_VOWEL_CLASSES = {"a": "A", "e": "AI", "i": "I", "y": "I", "o": "U", "u": "U"}


def vowels_compatible(a: str, b: str) -> bool:
    """Tokens with equal vowel keys whose vowels differ only as transliteration changes them:
    ``e`` for ``a`` or ``i``, ``y`` for ``i``, ``o`` for ``u`` (``Heider``, ``Haydar``); not
    ``a`` for ``i`` or ``u`` (``Ana``, ``Ina``; ``Hassan``, ``Hussein``)."""
    runs_a, runs_b = _VOWELS.findall(phonetic(a)), _VOWELS.findall(phonetic(b))
    return len(runs_a) == len(runs_b) and all(
        set(_classes(x)) & set(_classes(y)) for x, y in zip(runs_a, runs_b, strict=True)
    )


def _classes(run: str) -> str:
    return "".join(_VOWEL_CLASSES[c] for c in run)


@dataclass(frozen=True)
class Form:
    """A distinct spelling of a name in an article."""

    text: str
    label: str
    tokens: tuple[str, ...]
    count: int = 1
    first: int = 0  # where it first occurs in the article

    @cached_property
    def core(self) -> tuple[str, ...]:
        return core_tokens(self.tokens)

    @cached_property
    def is_full(self) -> bool:
        return self.label == "PER" and len(self.core) >= 2


@dataclass(frozen=True)
class Evidence:
    a: str
    b: str
    rule: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "rule": self.rule, "score": round(self.score, 1)}


# thresholds, one per rule
SURNAME_OF = 80.0  # a bare surname vs the surname of a full name
FULL_VARIANT = 78.0  # surnames of two full names (first names must also be compatible)
SINGLE_VARIANT = 78.0  # two bare single names
ORG_VARIANT = 90.0  # two organisation names
FIRST_NAME = 76.0  # two first names (or one is the other's start or initial)
VOWEL_KEY_PENALTY = 10.0  # a token pair scored by vowel keys counts this much less
SAME_SOUND = 99.0  # two spellings the transliteration folds make equal
SAME_KEY_RATIO = 70.0  # equal vowel keys count only with this much of the spelling in common
SKELETON_RATIO = 50.0  # so does one skeleton starting the other (``Rogozin``, ``Lukashenko``)
LOOSE_FIRST = 65.0  # first names of two names an entity already links through others
LOOSE_LATER = 65.0  # later names of the same
JOINED_VARIANT = 88.0  # two full names compared whole (``Mohammedreza`` / ``Mohammad Reza``)
WITHIN = 85.0  # each token of a shorter full name in a longer one, in order


def contained(short: Sequence[str], long: Sequence[str], strict: float = 0.0) -> bool:
    """Every token of ``short`` (2+) matches a token of ``long``, in order, the first first."""
    if len(short) < 2 or len(short) >= len(long) or not first_names_compatible(short[0], long[0]):
        return False
    rest = iter(long[1:])
    return all(any(token_similarity(t, u) >= WITHIN + strict for u in rest) for t in short[1:])


def score_pair(a: Form, b: Form, strict: float = 0.0) -> Evidence | None:
    """The rule that says ``a`` and ``b`` name one entity, with its score; None if none does.

    ``strict`` raises every threshold (across articles, where context cannot help).
    """
    if fold(a.text) == fold(b.text):  # ``VALMER`` and ``Valmer``, whatever the model labelled
        return Evidence(a.text, b.text, "same form", 100.0)
    if PER_FAMILY[a.label] != PER_FAMILY[b.label]:
        return None
    if a.tokens == b.tokens:
        return Evidence(a.text, b.text, "same form", 100.0)
    if PER_FAMILY[a.label] != "PER":
        return _score_org(a, b, strict)
    ca, cb = a.core, b.core
    if len(ca) >= 2 and len(cb) >= 2:
        if reordered(ca, cb):
            return Evidence(a.text, b.text, "names in another order", 90.0)
        if ending(ca, cb, strict) or ending(cb, ca, strict):
            return Evidence(a.text, b.text, "surnames of full name", 85.0)
        if not first_names_compatible(ca[0], cb[0]):  # every rule below needs it
            return None
        surname = token_similarity(ca[-1], cb[-1])
        if surname >= FULL_VARIANT + strict:
            return Evidence(a.text, b.text, "full-name variant", surname)
        if contained(ca, cb, strict) or contained(cb, ca, strict):
            return Evidence(a.text, b.text, "name within a longer name", 80.0)
        joined = fuzz.ratio(phonetic("".join(ca)), phonetic("".join(cb)))
        if joined >= JOINED_VARIANT + strict:
            return Evidence(a.text, b.text, "glued full-name variant", joined)
        later = glued_later_names(a, b)
        if later >= FULL_VARIANT + strict:
            return Evidence(a.text, b.text, "glued surname variant", later)
        return None
    if len(ca) == 1 and len(cb) == 1:
        score = token_similarity(ca[0], cb[0])
        if score >= SINGLE_VARIANT + strict and min(len(ca[0]), len(cb[0])) >= 3:
            return Evidence(a.text, b.text, "single-name variant", score)
        return None
    single, full = (ca, cb) if len(ca) == 1 else (cb, ca)
    score = max(token_similarity(single[0], s) for s in surnames(full))
    if score >= SURNAME_OF + strict and len(single[0]) >= 3:
        return Evidence(a.text, b.text, "surname of full name", score)
    return None


def surnames(core: Sequence[str]) -> tuple[str, ...]:
    """The names a person may be called by alone: the last, and the one before it when a first
    name precedes both (``Herrera`` in ``Ana Lucia Herrera Solis``, two surnames)."""
    return (core[-1], core[-2]) if len(core) >= 3 else (core[-1],)


def hyphen_part(token: str, text: str) -> bool:
    """Whether ``token`` (folded) is only a part of a hyphenated name in ``text``: ``Brenner``
    in ``Karl Brenner-Vogt``, a surname never shortened so."""
    return any(token in fold(word).split() for word in text.split() if "-" in word.strip("-"))


def ending(short: Sequence[str], long: Sequence[str], strict: float = 0.0) -> bool:
    """``short`` (two names or more) spells the last names of ``long``: ``Herrera Solis`` for
    ``Ana Lucia Herrera Solis``."""
    if len(short) < 2 or len(long) <= len(short):
        return False
    if skeleton(short[-1])[:1] != skeleton(long[-1])[:1]:
        return False  # a quick no: the last names start with other consonants
    tail = long[-len(short) :]
    return all(token_similarity(s, t) >= WITHIN + strict for s, t in zip(short, tail, strict=True))


def reordered(a: Sequence[str], b: Sequence[str]) -> bool:
    """The same names with the family name moved from first to last or back, glued or not
    (``Zhou Minghao``, ``Minghao Zhou``, ``Zhou Ming-hao``)."""
    if a[0] == b[0] or sum(map(len, a)) != sum(map(len, b)):
        return False
    joined = "".join(a)
    return any("".join((*b[i:], *b[:i])) == joined for i in range(1, len(b)))


def glued_later_names(a: Form, b: Form) -> float:
    """0-100: the names after the first name, glued, when one spelling glued what the other split
    (``Youssef Bensaid``, ``Youssef Ben Said``; ``Safieddine``, ``Safi Al-Din``); 0 otherwise."""
    if len(a.tokens) == len(b.tokens):
        return 0.0
    x, y = "".join(a.tokens[1:]), "".join(b.tokens[1:])
    if len(skeleton(x)) >= 4 and skeleton(x) == skeleton(y):
        return 85.0
    return fuzz.ratio(phonetic(x), phonetic(y))


def _score_org(a: Form, b: Form, strict: float) -> Evidence | None:
    ka, kb = " ".join(a.core), " ".join(b.core)
    if ka == kb:
        return Evidence(a.text, b.text, "same organisation name", 100.0)
    score = fuzz.ratio(ka.replace(" ", ""), kb.replace(" ", ""))
    if score >= ORG_VARIANT + strict and min(len(ka), len(kb)) >= 5:
        return Evidence(a.text, b.text, "organisation variant", score)
    short, full = (a, b) if len(a.core) < len(b.core) else (b, a)
    if not strict and _short_name(short, full):
        return Evidence(a.text, b.text, "organisation's short name", 85.0)
    return None


def _short_name(short: Form, full: Form) -> bool:
    """``Korvane`` after ``Korvane Motors``, ``Tarsis Bay`` before or after ``Tarsis Bay
    Energy``: the first words of a longer organisation name; one word only after it."""
    n = len(short.core)
    if full.core[:n] != short.core or n >= len(full.core):
        return False
    return n >= 2 or (_org_head(short) is not None and short.first > full.first)


def _org_head(f: Form) -> str | None:
    """The one word of a bare organisation name long enough to be its short name
    (``Korvane`` after ``Korvane Motors``), else None."""
    return f.core[0] if len(f.core) == 1 and len(f.core[0]) >= 4 else None


def same_person(x: Form, y: Form, loose: bool = False) -> bool:
    """Two full names may be one person: compatible first names and a shared later name.

    ``loose`` lowers both bars, for names already linked through others: noise spreads the
    spellings of one person further apart than any two that were compared (``Alimzhan``,
    ``Olimjon``), not as far as two persons' (``Jack``, ``Sam``).
    """
    if reordered(x.core, y.core) or ending(x.core, y.core) or ending(y.core, x.core):
        return True
    if not first_names_compatible(x.core[0], y.core[0]) and not (
        loose and fuzz.ratio(phonetic(x.core[0]), phonetic(y.core[0])) >= LOOSE_FIRST
    ):
        return False
    bar = LOOSE_LATER if loose else FULL_VARIANT
    if any(token_similarity(a, b) >= bar for a in x.core[1:] for b in y.core[1:]):
        return True
    if glued_later_names(x, y) >= FULL_VARIANT:
        return True
    return fuzz.ratio(phonetic("".join(x.core)), phonetic("".join(y.core))) >= JOINED_VARIANT


class UnionFind:
    """Disjoint sets of item indices, with path halving."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)

    def labels(self, items: Iterable[int]) -> list[int]:
        """A group number per item, numbered in order of first appearance."""
        roots: dict[int, int] = {}
        return [roots.setdefault(self.find(i), len(roots)) for i in items]


class _Clusters(UnionFind):
    """Union-find over forms that refuses unions of incompatible full names: every two full
    names of a set may be one person (not only the two that brought the sets together)."""

    def __init__(self, forms: Sequence[Form]):
        super().__init__(len(forms))
        self.fulls = {i: [f] if f.is_full else [] for i, f in enumerate(forms)}  # root -> fulls

    def compatible(self, i: int, j: int) -> bool:
        a, b = self.fulls[self.find(i)], self.fulls[self.find(j)]  # each set's own were checked
        return all(same_person(x, y, loose=True) for x in a for y in b)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            super().union(ri, rj)
            self.fulls[ri] += self.fulls.pop(rj)


def _persons(fulls: Iterable[Form]) -> list[Form]:
    """One full name per person: names with compatible first names count once."""
    distinct: list[Form] = []
    for g in fulls:
        if not any(first_names_compatible(g.core[0], h.core[0]) for h in distinct):
            distinct.append(g)
    return distinct


def ambiguous_surnames(forms: Sequence[Form]) -> set[int]:
    """Bare single names that fit the surnames of two different full-name persons, unless the
    bare name is spelled exactly as one person's surname was and not as the others' were
    (``Sokolof`` after ``Pavel Sokolof`` and ``Igor Sokolov``: the spelling tells who)."""
    return set(surname_owners(forms))


def surname_owners(forms: Sequence[Form]) -> dict[int, list[int]]:
    """For each ambiguous bare surname (see ``ambiguous_surnames``), the full-name forms whose
    surname it fits: the persons it may name."""
    fulls = [(j, g) for j, g in enumerate(forms) if g.is_full]
    out = {}
    for i, f in enumerate(forms):
        if f.label != "PER" or len(f.core) != 1:
            continue
        fits = [
            (j, g)
            for j, g in fulls
            if max(token_similarity(f.core[0], s) for s in surnames(g.core)) >= SURNAME_OF
        ]
        if len(_persons(g for _, g in fits)) < 2:
            continue
        if len(_persons(g for _, g in fits if f.core[0] in surnames(g.core))) == 1:
            continue  # the spelling tells who
        out[i] = [j for j, _ in fits]
    return out


def ambiguous_org_heads(forms: Sequence[Form]) -> set[int]:
    """Bare organisation names that start two organisations' longer names (``Voltaris`` with
    ``Voltaris Research`` and ``Voltaris Capital``): the article does not say which."""
    heads = [f.core[0] for f in forms if PER_FAMILY[f.label] == "ORG" and len(f.core) > 1]
    return {
        i
        for i, f in enumerate(forms)
        if PER_FAMILY[f.label] == "ORG" and _org_head(f) and heads.count(f.core[0]) >= 2
    }


def merge_forms(
    forms: Sequence[Form], strict: float = 0.0, links: Iterable[tuple[int, int, Evidence]] = ()
) -> tuple[list[list[int]], list[Evidence]]:
    """Groups of form indices that name one entity, and the evidence of every union made;
    ``links`` are pairs the article itself ties (an acronym in parentheses, an alias it states):
    they are united whatever their spellings say."""
    blocked = ambiguous_surnames(forms) | ambiguous_org_heads(forms)
    pairs = [(ev.score, i, j, ev) for i, j, ev in links]
    stated = {(i, j) for i, j, _ in links}
    for i in range(len(forms)):
        for j in range(i + 1, len(forms)):
            if i in blocked or j in blocked:
                continue
            ev = score_pair(forms[i], forms[j], strict)
            if ev is not None:
                pairs.append((ev.score, i, j, ev))
    pairs.sort(key=lambda p: (-p[0], sorted((forms[p[1]].text, forms[p[2]].text))))
    clusters = _Clusters(forms)
    evidence = []
    for _, i, j, ev in pairs:
        if clusters.find(i) != clusters.find(j) and ((i, j) in stated or clusters.compatible(i, j)):
            clusters.union(i, j)
            evidence.append(ev)
    groups: dict[int, list[int]] = {}
    for i in range(len(forms)):
        groups.setdefault(clusters.find(i), []).append(i)
    return sorted(groups.values()), evidence


def canonical(forms: Iterable[Form]) -> Form:
    """The fullest, best-attested spelling: most tokens, then most occurrences, then first seen."""
    ordered = list(forms)
    return max(ordered, key=lambda f: (len(f.core), f.count, -ordered.index(f)))


# --- across articles ------------------------------------------------------------------------

CROSS_ARTICLE_STRICTNESS = 5.0


def link_keys(
    names: Sequence[tuple[str, str]],
    strict: float = CROSS_ARTICLE_STRICTNESS,
    frequent: int = 50,
) -> list[int]:
    """A key per ``(name, label)``: names that are one entity share it.

    Candidates are pairs of names that share a similar later token (surnames, second names),
    found by ``rapidfuzz.process.cdist`` over the distinct tokens, so the work grows with the
    number of likely pairs, not with every pair; tokens more frequent than ``frequent`` do not
    block (``Mohammed``), unless a name has no other. Each candidate is then scored as within an
    article, with thresholds raised by ``strict``.
    """
    distinct: dict[tuple[str, str], int] = {}
    index = [
        distinct.setdefault((fold(text), PER_FAMILY[label]), len(distinct)) for text, label in names
    ]
    first = {i: names[n] for n, i in reversed(list(enumerate(index)))}
    forms = [
        Form(text, label, name_tokens(text, label))
        for text, label in (first[i] for i in range(len(distinct)))
    ]
    sets = UnionFind(len(forms))
    by_token: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(forms):
        for t in _blocking_tokens(f):
            by_token.setdefault((PER_FAMILY[f.label], t), []).append(i)
    rare = {k: v for k, v in by_token.items() if len(v) <= frequent}
    for i, f in enumerate(forms):  # a name whose tokens are all frequent keeps its last one
        keys = [(PER_FAMILY[f.label], t) for t in _blocking_tokens(f) if t[0] != EXACT]
        if keys and not any(k in rare for k in keys):
            rare.setdefault(keys[-1], []).append(i)
    families: dict[str, list[str]] = {}
    for family, token in rare:
        if token[0] != EXACT:
            families.setdefault(family, []).append(token)
    # candidates from the most similar tokens first: once those are united, many later pairs
    # are already in one set and need no scoring (the result does not depend on the order)
    similar = [
        (score, family, a, b)
        for family, tokens in families.items()
        for a, b, score in _similar_tokens(tokens, cutoff=80)
    ] + [(100, family, t, t) for family, t in rare if t[0] == EXACT]
    similar.sort(key=lambda s: -s[0])
    for _, family, a, b in similar:
        for x in rare[(family, a)]:
            for y in rare[(family, b)]:
                if (
                    x != y
                    and forms[x].is_full == forms[y].is_full
                    and sets.find(x) != sets.find(y)
                    and score_pair(forms[x], forms[y], strict) is not None
                ):
                    sets.union(x, y)
    return sets.labels(index)


EXACT = "~"  # marks a blocking key that pairs names only when equal


def _blocking_tokens(f: Form) -> list[str]:
    """What two names must share, nearly or exactly, to be compared: their later names (the
    first names say little), phonetic and without a glued ``al``, similar by ``cdist``; or their
    vowel keys, equal (``Khuri``, ``Khoury``), those names glued too (``Karimi Nejad``,
    ``Kariminejad``), or first and last name together (``Omar Haddad``, ``Omar Karim Haddad``,
    when ``Haddad`` alone is too frequent to block on)."""
    core = f.core
    later = core[1:] if len(core) > 1 else core
    glued = [EXACT + vowel_key("".join(later))] if len(later) > 1 else []
    ends = [EXACT + vowel_key(core[0]) + " " + vowel_key(core[-1])] if len(core) > 1 else []
    spelled = dict.fromkeys(phonetic(u) for t in later for u in (t, _unglued(t)))
    return [*spelled, *(EXACT + vowel_key(t) for t in later), *glued, *ends]


def _similar_tokens(
    tokens: Sequence[str], cutoff: float, chunk: int = 2000
) -> list[tuple[str, str, int]]:
    """Pairs of tokens (identical ones included) whose ratio reaches ``cutoff``, with the ratio,
    via ``cdist``.

    Tokens are sorted by length and each block is compared only with the tokens whose length
    allows the cutoff (a ratio of ``cutoff`` needs the longer at most ``200 / cutoff - 1`` times
    the shorter).
    """
    ordered = sorted(set(tokens), key=lambda t: (len(t), t))
    lengths = [len(t) for t in ordered]
    stretch = 200 / cutoff - 1
    pairs = [(t, t, 100) for t in ordered]
    for start in range(0, len(ordered), chunk):
        block = ordered[start : start + chunk]
        end = bisect.bisect_right(lengths, int(len(block[-1]) * stretch))
        others = ordered[start:end]
        scores = process.cdist(
            block, others, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8
        )
        rows, cols = np.nonzero(scores)
        found = zip(rows.tolist(), cols.tolist(), scores[rows, cols].tolist(), strict=True)
        pairs += [(block[r], others[c], s) for r, c, s in found if r < c]
    return pairs
