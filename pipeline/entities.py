"""Entity mentions: the model's, corrected, completed, then merged into entities.

``fr_core_news_md`` finds names over the glue-split tokens, with three faults this stage corrects
by general rules: it tags capitalised common words (a heading's first word, ``Bonne chance``) and
time expressions as names, it misses later mentions of a name it found once, and it labels one
organisation ORG in one sentence and MISC in the next. Then ``names.merge_forms`` groups the
spellings of one entity, and the entity's label is decided by all its mentions and their cues
(``M.``, ``la société X``, ``PDG de X``, a company suffix).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from pipeline import io, names
from pipeline.records import Entity, Span, Timex

_EDGE = " \t\n\r«»\"“”'’,;:.!?()[]{}-–—"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str


def _per_model(nlp: Language, name: str, build: Callable[[Any], frozenset[str]]) -> frozenset[str]:
    """A word list built once from the model's lemmatizer tables and kept on the model."""
    cached = getattr(nlp, name, None)
    if cached is None:
        pipe = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        cached = build(getattr(pipe, "lookups", None))
        setattr(nlp, name, cached)
    return cached


def common_words(nlp: Language) -> frozenset[str]:
    """French words the model's lemmatizer knows (forms and lemmas), lowercased."""

    def build(tables: Any) -> frozenset[str]:
        words: set[str] = set(io.french_words())
        if tables is not None and tables.has_table("lemma_lookup"):
            strings = nlp.vocab.strings
            words |= {strings[k].lower() for k in tables.get_table("lemma_lookup") if k in strings}
        if tables is not None and tables.has_table("lemma_index"):
            for forms in tables.get_table("lemma_index").values():
                words |= {w.lower() for w in forms}
        return frozenset(words)

    return _per_model(nlp, "_chronique_common_words", build)


def adjectives(nlp: Language) -> frozenset[str]:
    """French adjectives (lemmas and their forms) the model's lemmatizer knows, lowercased."""

    def build(tables: Any) -> frozenset[str]:
        if tables is None or not tables.has_table("lemma_index"):
            return frozenset()
        index = tables.get_table("lemma_index")
        lemmas = {w.lower() for w in index.get(nlp.vocab.strings.add("adj"), [])}
        if not lemmas or not tables.has_table("lemma_lookup"):
            return frozenset(lemmas)
        strings = nlp.vocab.strings  # the table maps a form's hash to its lemmas
        forms = {
            strings[k].lower()
            for k, found in tables.get_table("lemma_lookup").items()
            if k in strings and any(str(x).lower() in lemmas for x in found)
        }
        return frozenset(lemmas | forms)

    return _per_model(nlp, "_chronique_adjectives", build)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Edges without spaces, quotes or punctuation (a final ``Inc.`` keeps no dot either)."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


_LEADING_LOWER = re.compile(
    r"^(?:[a-zà-ÿ][\w-]*['’]?\s*)+?(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?"
)


def strip_title(text: str, start: int, end: int, titles: frozenset[str]) -> int:
    """``Mme Aday`` -> ``Aday``, ``Me Karl Brenner`` -> ``Karl Brenner``: the title
    stays out of the name (the label cue still reads it before the name)."""
    first, _, rest = text[start:end].partition(" ")
    if rest[:1].isupper() and first.lower() in titles:
        return start + len(first) + 1
    return start


def strip_common_head(
    text: str, start: int, end: int, institutions: frozenset[str]
) -> tuple[int, int]:
    """``aéroport de Valmer`` -> ``Valmer``; ``ministère des Forêts`` stays whole."""
    span = text[start:end]
    first = span.split()[0].lower() if span.split() else ""
    if not span[:1].islower() or first in institutions:
        return start, end
    m = _LEADING_LOWER.match(span)
    rest = start + (m.end() if m else 0)
    while rest < end and not text[rest].isupper():
        nxt = text.find(" ", rest, end)
        rest = end if nxt < 0 else nxt + 1
    return (rest, end) if rest < end else (start, start)


# "ministère des Forêts", "police préfectorale de Valmer": an institution's head word, an
# adjective maybe, then "de"; without an adjective, only before a common word (the place in "le
# tribunal du Delaware" is a name of its own, the "Forêts" of a ministry is not)
_DE = r"(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+|d['’])"  # "de la X", "du X", "d'X"
_OF = rf"\s+(?:{_DE}|des\s+)$"
_INSTITUTIONS = (  # (pattern, only before a common word)
    (re.compile(rf"\b([a-zà-ÿ]+){_OF}"), True),
    (re.compile(rf"\b([a-zà-ÿ]+)\s+[a-zà-ÿ]+{_OF}"), False),
)
_QUOTE_OPENS = re.compile(r"[«\"“]\s*$")  # « Première et dernière fois… »: a sentence opens
# a lowercase noun then "d'": what follows completes a common noun ("homme d'État")
_NOUN_OF = re.compile(r"(?<![\w'’])[a-zà-ÿ]{3,}\s+d['’]$")


# what names the institution after its head: "de" and a common noun ("Comité d'enquête")
_COMPLEMENT = re.compile(
    r"[ \t]+(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|des[ \t]+|du[ \t]+|de[ \t]+|d['’])"
    r"([a-zà-ÿ][a-zà-ÿ-]{3,})\b"
)


def complete_institution(
    text: str, start: int, end: int, institutions: frozenset[str], lexicon: frozenset[str]
) -> int:
    """``Comité`` in ``le Comité d'enquête a ouvert``: an institution's head, capitalised alone
    by the model, is named with the common noun that follows it (``Chambre des conseillers``,
    ``Conseil de souveraineté``); returns the mention's new end."""
    head = text[start:end]
    if " " in head or not head[:1].isupper() or head.lower() not in institutions:
        return end
    found = _COMPLEMENT.match(text, end)
    if found is None or found.group(1) not in lexicon:
        return end
    return found.end()


def named_by_adjective(span: TokenSpan, heads: frozenset[str]) -> int | None:
    """``l'État islamique``, ``l'Assemblée nationale``: an institution's head capitalised alone
    by the model is named with the lowercase adjective that qualifies it; returns the name's
    end, or None."""
    if len(span) != 1 or not span.text[:1].isupper() or span.text.lower() not in heads:
        return None
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if (
        after is None
        or after.pos_ != "ADJ"
        or not after.text.islower()
        or after.head.i != span.start
    ):
        return None
    return after.idx + len(after.text)


_CAPITAL_ARTICLE = re.compile(r"(?:Le|La|Les|L['’])[ \t]*")
_CAPITAL_ARTICLE_BEFORE = re.compile(r"(?:Le|La|Les|L['’])[ \t]*$")


def strip_article(text: str, start: int, end: int) -> int:
    """``L'ONU a …``, ``La Norlande a …`` opening a sentence: the article the model took in is
    no part of the name when the rest is an acronym or stands elsewhere in the text without
    it (``la Norlande``, ``ONU``); ``Le Monde``, always so, keeps it. Returns the new start."""
    found = _CAPITAL_ARTICLE.match(text, start, end)
    if found is None or not text[found.end() : found.end() + 1].isupper():
        return start
    rest = text[found.end() : end]
    if len(rest) >= 2 and rest.isupper():
        return found.end()
    for a, _ in occurrences(text, rest):
        if a != found.end() and not _CAPITAL_ARTICLE_BEFORE.search(text, max(0, a - 4), a):
            return found.end()
    return start


def strip_role(text: str, start: int, end: int, roles: frozenset[str]) -> int | None:
    """Where the name starts after a role that opens the mention (``Premier ministre X``,
    ``Président X``): None when no role opens it, ``end`` when the role is all of it."""
    found = _role_pattern(roles).match(text, start, end)
    if found is None:
        return None
    if found.end() >= end:
        return end
    return found.end() if text[found.end()].isupper() else None


@cache
def _role_pattern(roles: frozenset[str]) -> re.Pattern[str]:
    """The longest role at a mention's start, then a space (or the mention's end)."""
    alternatives = "|".join(map(re.escape, sorted(roles, key=len, reverse=True)))
    return re.compile(rf"(?:{alternatives})(?: |$)", re.IGNORECASE)


def is_common(words: Sequence[str], lexicon: frozenset[str]) -> bool:
    return all(w.lower() in lexicon or not _LETTER.search(w) for w in words)


_ROMAN = re.compile(r"[IVXLC]{2,}")
# "la Suisse", "en Suisse": a country, not the adjective used as a noun ("les Suisses")
_COUNTRY_BEFORE = re.compile(r"(?<![\w'’])(?:la|La|en|En)\s+$")


# an adjective is used as a noun after a determiner ("les Français"); a bare capitalised word
# is a name ("a racheté Twitter")
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w'’])(?:les|des|aux|un|une|le|la|l['’]|du|deux|trois|plusieurs|ces|nos|vos|leurs)\s*$",
    re.I,
)


def capital_free(doc: Doc) -> frozenset[int]:
    """Where a capital says nothing of a name: sentence starts, and words glued behind another."""
    sentences = doc._.chronique_sentences
    return frozenset(s.start for s in sentences) | {r.end for r in doc._.chronique_repairs}


def raw_mentions(doc: Doc) -> list[Mention]:
    return [Mention(e.start_char, e.end_char, e.label_) for e in doc.ents]


class _Taken:
    """The characters of a text that spans cover: is a stretch free, in one lookup."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]]):
        self.covered = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        end = min(end, len(self.covered))
        self.covered[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self.covered.find(1, start, end) < 0


def whole_institution(
    text: str, start: int, end: int, institutions: frozenset[str], lexicon: frozenset[str]
) -> tuple[int, int]:
    """An institution's name taken whole: without a common head the model put before it, with
    the institution word it left out (``ministère des Forêts``, ``police préfectorale de
    Valmer``) and the complement it cut off."""
    start, end = strip_common_head(text, start, end, institutions)
    start, end = trim(text, start, end)
    for pattern, needs_common in _INSTITUTIONS:
        head = pattern.search(text, max(0, start - 40), start)
        if not head or head.group(1).lower() not in institutions:
            continue
        if needs_common and not is_common(text[start:end].split(), lexicon):
            continue  # "le tribunal du Delaware": a place, named after a common noun
        start = head.start()  # "ministère des Forêts", "police préfectorale de Valmer"
        break
    end = complete_institution(text, start, end, institutions, lexicon)
    return start, to_acronym(text, start, end, institutions)


_ACRONYM_BODY = r"[A-Z][A-Z0-9&-]{1,9}"  # "ONU", "G7", "AT&T"
# lowercase words after an institution's name, up to its acronym in parentheses
_BEFORE_ACRONYM = re.compile(
    r"[ \t]+(?:et|de|du|des|d['’]|à|au|aux|sur|pour|en)\b[a-zà-öø-ÿœ'’ -]{0,60}?"
    rf"(?=[ \t]*\([ \t]*{_ACRONYM_BODY}[ \t]*\))"
)


def to_acronym(text: str, start: int, end: int, institutions: frozenset[str]) -> int:
    """``la Commission des rivières et des canaux (CRC)``: an institution's name the
    model cut before lowercase words goes on to the acronym that closes it; returns the
    mention's new end."""
    if text[start:end].split(" ", 1)[0].lower() not in institutions:
        return end
    found = _BEFORE_ACRONYM.match(text, end)
    return found.end() if found else end


def not_a_name(
    text: str,
    start: int,
    end: int,
    label: str,
    initial: bool,
    proper: bool,
    lexicon: frozenset[str],
    adjectives_of: frozenset[str],
) -> str | None:
    """The rule family (``FAMILIES``) by which a mention is no name, or None; ``initial``: it
    opens a sentence, ``proper``: the tagger called one of its words a proper noun."""
    words = text[start:end].split()
    institutions = names.word_set("institution_heads")
    common = is_common(words, lexicon)
    if (
        initial
        and common
        and words[0].lower() not in institutions
        and not (proper and len(words) > 1)
    ):
        return "common words"  # "Précurseur", "Bonne chance", "Heure locale", "A 13h21"
    function = _cues().role_of.search(text, max(0, start - 40), start)
    if function and common and words[0].lower() not in institutions:
        return "common words"  # the rest of a function: "ministre des Finances"
    if len(words) == 1 and common and _NOUN_OF.search(text, max(0, start - 40), start):
        return "common words"  # part of a common noun: "homme d'État", "coup d'État"
    if len(words) == 1 and len(words[0]) == 1 and text[end : end + 1] in "'’":
        return "debris"  # "S’il"
    letters = len(_LETTER.findall(words[0])) if len(words) == 1 else 2
    if (letters < 2 and label in ("PER", "LOC")) or _ROMAN.fullmatch(text[start:end]):
        return "debris"  # a letter or a numeral alone is no person or place: OCR debris, "II"
    demonym = len(words) == 1 and not words[0].isupper() and words[0].lower() in adjectives_of
    if (
        label in ("LOC", "MISC")
        and demonym
        and _DETERMINER_BEFORE.search(text, max(0, start - 12), start)
        and not _COUNTRY_BEFORE.search(text, max(0, start - 4), start)
    ):
        return "demonyms"  # an adjective used as a noun: "les Français", "une Britannique"
    return None


def clean_mentions(
    doc: Doc,
    mentions: Iterable[Mention],
    timexes: Sequence[Timex],
    lexicon: frozenset[str],
    adjectives_of: frozenset[str] = frozenset(),
    starts: frozenset[int] | None = None,
    off: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Mentions trimmed, without time expressions or capitalised common words; ``starts``:
    where a capital says nothing (see ``capital_free``), computed from ``doc`` if not given;
    ``off``: rule families (``FAMILIES``) not to apply."""
    text = doc._.chronique_raw or doc.text
    institutions = names.word_set("institution_heads")
    roles = names.word_set("person_roles")
    titles = names.word_set("person_cues")
    times = _Taken(len(text), ((t.start, t.end) for t in timexes))
    sentence_starts = capital_free(doc) if starts is None else starts
    adjective_heads = institutions | {"état"}  # l'État islamique: no institution alone
    out = []
    for m in mentions:
        start, end = trim(text, m.start, m.end)
        label = m.label
        if "roles" not in off and text[start:end].split(" ", 1)[0] in roles:
            continue  # a function, not a name: "ministre des Finances"
        role = strip_role(text, start, end, roles) if "roles" not in off else None
        if role is not None:  # "Premier ministre Lina Ferrant": the person; alone: no name
            if role >= end:
                continue
            start, label = role, "PER"
        if "titles" not in off:
            start = strip_title(text, start, end, titles)
        if "institutions" not in off:
            start, end = whole_institution(text, start, end, institutions, lexicon)
        else:
            start, end = trim(text, start, end)
        if start >= end or not times.free(start, end):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        opens = start in sentence_starts or (span is not None and span[0].is_sent_start)
        if "articles" not in off and opens:
            start = strip_article(text, start, end)
        if "institutions" not in off and span is not None:
            named = named_by_adjective(span, adjective_heads)
            if named is not None:
                end, label = named, "ORG"
        initial = opens or _QUOTE_OPENS.search(text, max(0, start - 3), start) is not None
        proper = span is not None and any(t.pos_ == "PROPN" for t in span)
        family = not_a_name(text, start, end, m.label, initial, proper, lexicon, adjectives_of)
        if family is not None and family not in off:
            continue
        out.append(Mention(start, end, label))
    return out


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_-"  # what a regex's [\w-] matches


def occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    r"""Where ``name`` stands as a whole word, left to right, not overlapping: what
    ``(?<![\w-])name(?![\w-])`` finds, without compiling a pattern per name."""
    pos = text.find(name)
    while pos >= 0:
        end = pos + len(name)
        if not (pos and _in_word(text[pos - 1])) and not (end < len(text) and _in_word(text[end])):
            yield pos, end
            pos = text.find(name, end)
        else:
            pos = text.find(name, pos + 1)


def propagate(
    text: str,
    mentions: Sequence[Mention],
    lexicon: frozenset[str],
    starts: frozenset[int] = frozenset(),
) -> list[Mention]:
    """Every other occurrence of a name already found is a mention too (one sense per text).

    A name that is also a French word (``Twitter``, ``Orange``) spreads only when it was found
    capitalised inside a sentence (not at one of ``starts``): there, the capital says name."""
    taken = _Taken(len(text), ((m.start, m.end) for m in mentions))
    out = list(mentions)
    seen: set[str] = set()
    inside = {text[m.start : m.end] for m in mentions if m.start not in starts} if starts else set()
    for m in sorted(mentions, key=lambda m: -(m.end - m.start)):
        name = text[m.start : m.end]
        common = is_common(name.split(), lexicon) and name not in inside
        if name in seen or len(name) < 2 or common:
            continue
        seen.add(name)
        for a, b in occurrences(text, name):
            if taken.free(a, b):
                out.append(Mention(a, b, m.label))
                taken.add(a, b)
    return sorted(out, key=lambda m: (m.start, m.end))


_OF_BEFORE = re.compile(r"(?<![\w'’])(?:de|du|des)\s+$", re.I)


def known_names_inside(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """An organisation mention that ends with a name of two words or more found on its own
    elsewhere is that name: the model glued a qualifier to it (``Division 3 FC Valdoria``).
    Not after ``de``: ``Bourse de Port Valen`` is an organisation of its own, named by its place."""
    known = {text[m.start : m.end] for m in mentions if len(text[m.start : m.end].split()) >= 2}
    out = []
    for m in mentions:
        span = text[m.start : m.end]
        inner = (
            [k for k in known if span.endswith(" " + k) and not _OF_BEFORE.search(span[: -len(k)])]
            if m.label in ("ORG", "MISC")
            else []
        )
        start = m.end - len(max(inner, key=len)) if inner else m.start
        out.append(Mention(start, m.end, m.label))
    return out


# a capitalised word, or one behind a lowercase Arabic particle ("al-Vashire")
_CAPITALISED = re.compile(
    r"(?<![\w-])(?:(?:al|el|ad|as|ash|ul|bin|ben|ibn|abu|abou)-)?[A-ZÀ-Þ][a-zß-ÿ]{3,}(?![\w-])"
)


def recover_variants(
    text: str, mentions: Sequence[Mention], lexicon: frozenset[str]
) -> list[Mention]:
    """Capitalised words the model missed that are spellings of a person already found."""
    surnames = {
        names.fold(text[m.start : m.end]).split()[-1]
        for m in mentions
        if m.label == "PER" and names.fold(text[m.start : m.end])
    }
    taken = _Taken(len(text), ((m.start, m.end) for m in mentions))
    out = list(mentions)
    for found in _CAPITALISED.finditer(text):
        a, b = found.span()
        word = found.group()
        if not taken.free(a, b) or word.lower() in lexicon:
            continue
        folded = names.fold(word)
        if any(
            names.token_similarity(folded, s) >= VARIANT_RECOVERY for s in surnames if len(s) >= 4
        ):
            out.append(Mention(a, b, "PER"))
    return sorted(out, key=lambda m: (m.start, m.end))


VARIANT_RECOVERY = 85.0


@dataclass(frozen=True)
class _Cues:
    org_noun: re.Pattern[str]  # "la société X", "le groupe turc X", "la société de trading X"
    org_role: re.Pattern[str]  # "PDG d'X", "employés de X"
    shared_role: re.Pattern[str]  # "président de X": of a company, or of a country
    apposition: re.Pattern[str]  # "le patron de X, Y", "son avocat, Y": Y is a person
    platform: re.Pattern[str]  # "a publié un message sur X"
    source: re.Pattern[str]  # "selon X", "cité par X"
    role_of: re.Pattern[str]  # "ministre des " before a common word: a function, no name
    place: re.Pattern[str]  # "le domicile de X", "la ville de X"
    role_before: re.Pattern[str]  # "le ministre X": a person's role right before the name


@cache
def _cues() -> _Cues:
    def words(key: str) -> str:
        return "|".join(map(re.escape, names.resource(key)))

    return _Cues(
        re.compile(
            rf"\b(?:la|le|l['’]|du|au)\s*(?:{words('org_nouns')})\s+"
            r"(?:(?!(?:de|des|à|au|aux|en|dans|sur|pour|avec|par|chez|et|ou)\s)[\w-]+\s+"
            r"|d(?:e\s+|['’])[a-zà-ÿ-]+\s+)?"  # "sidérurgique", "de trading"; not "aux"
            r"(?:du\s+)?$"  # "le groupe sidérurgique X", not "l'équipe de X": whose team
        ),
        re.compile(rf"\b(?:{words('org_roles')})\s+{_DE}$"),  # "PDG de X"
        re.compile(rf"\b(?:{words('shared_roles')})\s+{_DE}$"),  # "président du X"
        re.compile(
            rf"\b(?:(?:son|sa|leur|notre|votre)\s+(?:{words('person_roles')})"
            rf"|(?:{words('person_roles')})\s+(?:de|du|d['’])[^,.;:!?«»]{{1,50}})\s*,\s*$"
        ),
        re.compile(rf"\b(?:{words('post_cues')})\b[^.;:!?«»]{{0,30}}\bsur\s+$"),
        re.compile(rf"\b(?:{words('source_cues')})\s+$"),
        re.compile(
            rf"\b(?:{words('person_roles')})\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+)$", re.I
        ),
        re.compile(rf"\b(?:{words('place_nouns')})\s+(?:de\s+|d['’])$"),
        re.compile(rf"\b(?:le|la|l['’]|un|une)\s*(?:{words('person_roles')})\s+$"),
    )


class Cue(NamedTuple):
    """A label the evidence gives a mention, and the rule that gave it."""

    label: str
    rule: str


CUES = {  # the context cues, in the order they are tried (see ``label_cues``)
    "cue: a company word in the name": "Voltaris Group, Norvalia SA",
    "cue: a title before": "M. X, Mme X, Dr X",
    "cue: an institution word in the name": "Cour suprême, police préfectorale de X",
    "cue: an organisation noun or role before": "la société X, le PDG de X",
    "cue: a company word after": "X Inc, X Ltd",
    "cue: in apposition to a role": "le patron de X, Omer Tekin",
    "cue: a role before": "le ministre Tomas Valen",
    "cue: a place noun before": "son domicile de X",
    "cue: a platform": "a écrit sur X",
    "cue: a news source": "selon X",
}


def label_cues(text: str, m: Mention, off: frozenset[str] = frozenset()) -> Cue | None:
    """The label the words around a mention give: ``M. X`` -> PER, ``PDG d'X`` -> ORG; the
    first cue (``CUES``) that holds and is not ``off``."""
    return next((c for c in _holding_cues(text, m) if c.rule not in off), None)


def _holding_cues(text: str, m: Mention) -> Iterator[Cue]:
    """The cues that hold for a mention, in order (lazily: the first is usually enough)."""
    before = text[max(0, m.start - 40) : m.start].lower()
    after = text[m.end : m.end + 12]
    name = text[m.start : m.end]
    tokens = names.fold(name).split()
    if tokens and tokens[-1] in names.lists().company_affixes - {"as", "us", "the", "co"}:
        yield Cue("ORG", "cue: a company word in the name")
    if re.search(r"(?:\bm\.|\bmme|\bmlle|\bmonsieur|\bmadame|\bdr)\s*$", before):
        yield Cue("PER", "cue: a title before")
    heads = names.word_set("institution_heads")
    if len(tokens) >= 2 and any(w.lower() in heads for w in name.split()[:2]):
        yield Cue("ORG", "cue: an institution word in the name")
    cues = _cues()
    person = m.label == "PER" and len(tokens) >= 2  # "l'équipe de Mark Vell": his
    if cues.org_noun.search(before) or (not person and _role_before(cues, before, m.label)):
        yield Cue("ORG", "cue: an organisation noun or role before")
    if re.match(r"\s*(?:Inc|SA|Ltd|Corp|Group)\b", after):
        yield Cue("ORG", "cue: a company word after")
    if len(tokens) >= 2 and cues.apposition.search(text[max(0, m.start - 80) : m.start].lower()):
        yield Cue("PER", "cue: in apposition to a role")
    if len(tokens) >= 2 and cues.role_before.search(before):
        yield Cue("PER", "cue: a role before")
    if len(tokens) == 1 and cues.place.search(before):
        yield Cue("LOC", "cue: a place noun before")
    if len(tokens) == 1 and m.label != "PER" and cues.platform.search(before):
        yield Cue("ORG", "cue: a platform")
    if m.label == "MISC" and cues.source.search(before):
        yield Cue("ORG", "cue: a news source")  # a source the model took for a work


def _role_before(cues: _Cues, before: str, label: str) -> bool:
    """A role completed by ``de`` before a mention: a company's (``PDG de X``), or one a country
    has too (``président de X``) unless the model took the name for a place."""
    return bool(
        cues.org_role.search(before) or (label != "LOC" and cues.shared_role.search(before))
    )


_PLACE_BEFORE = re.compile(r"(?<![\w'’])(?:à|en|dans|vers|depuis|près\s+de|au|aux)\s+$", re.I)

_WHERE_BEFORE = re.compile(r"(?<![\w'’])(?:à|en|dans|vers|depuis|près\s+de)\s*$", re.I)

LABEL_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}


def decide_label(labels: Sequence[str], cues: Sequence[Cue | None]) -> str:
    """A label from all the evidence: the context cues when there are any (the model flips
    between ORG and MISC from one sentence to the next; ``PDG d'X`` does not), else the
    model's majority; ties go to PER, then ORG, LOC, MISC."""
    votes: Counter[str] = Counter(c.label for c in cues if c) or Counter(labels)
    return min(votes, key=lambda label: (-votes[label], LABEL_ORDER[label]))


_ACRONYM = re.compile(rf"\s*\(\s*({_ACRONYM_BODY})\s*\)")
_PARENTHESISED = re.compile(r"\(\s*([A-Z]{2,8})\s*\)")
_WORD_BACK = re.compile(r"[\w'’-]+")
_ELISION = re.compile(r"^[dl]['’]")  # "d'Énergie": "Énergie"


def acronym_span(text: str, at: int, acronym: str) -> tuple[int, int] | None:
    """The words right before ``at`` whose initials spell ``acronym`` (linking words such as
    ``de``, ``la``, ``pour`` skipped, as acronyms skip them): ``État valdorien (EV)``,
    ``Conseil national pour la survie de la Valdorie (CNSV)``; None when they do not."""
    line_start = max(text.rfind("\n", 0, at), text.rfind(".", 0, at - 1)) + 1
    words = list(_WORD_BACK.finditer(text, line_start, at))
    letters = list(names.fold(acronym).replace(" ", ""))
    skips = names.word_set("acronym_skips")
    first = None
    for m in reversed(words):
        word = m.group()
        bare = _ELISION.sub("", word)
        if word.lower() in skips or not bare:
            continue
        if not letters or names.fold(bare)[:1] != letters[-1]:
            return None
        letters.pop()
        first = m.start() + (len(word) - len(bare))
        if not letters:
            break
    if letters or first is None or not text[first].isupper():
        return None
    end = at
    while end > first and text[end - 1].isspace():
        end -= 1
    return first, end


def spelled_acronyms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A name followed by its acronym in parentheses is taken whole, as far back as the initials
    spell the acronym, though the model saw only a part of it (``État`` in ``État valdorien
    (EV)``); labelled as the model labelled the acronym, else as the part, else ORG."""
    out = list(mentions)
    for found in _PARENTHESISED.finditer(text):
        span = acronym_span(text, found.start(), found.group(1))
        if span is None:
            continue
        start, end = span
        inside = [m for m in out if m.start < end and start < m.end]
        if any(m.start == start and m.end == end for m in inside):
            continue
        if any(m.start < start or m.end > end for m in inside):
            continue  # a mention reaching out of the span: leave the model's reading
        own = next((m for m in out if (m.start, m.end) == found.span(1)), None)
        label = own.label if own else inside[0].label if inside else "ORG"
        for a, b in occurrences(text, text[start:end]):  # "l'État valdorien" elsewhere too
            parts = [m for m in out if m.start < b and a < m.end]
            if all(a <= m.start and m.end <= b for m in parts):
                out = [m for m in out if m not in parts] + [Mention(a, b, label)]
    return sorted(out, key=lambda m: (m.start, m.end))


def acronym_links(
    text: str, spellings: Sequence[str], by_text: Mapping[str, Sequence[Mention]]
) -> list[tuple[int, int, names.Evidence]]:
    """``l'Office national des forêts (ONF)``: a name of several words followed by an acronym
    in parentheses, the acronym also a mention, is that acronym (not after a person's name:
    ``Jean Dupont (LR)`` is a member of LR)."""
    index = {s: i for i, s in enumerate(spellings)}
    links = []
    for i, s in enumerate(spellings):
        if len(s.split()) < 2:
            continue
        for m in by_text[s]:
            found = _ACRONYM.match(text, m.end)
            j = index.get(found.group(1)) if found else None
            if j is not None and m.label != "PER" and j != i:
                links.append((i, j, names.Evidence(s, spellings[j], "acronym", 95.0)))
                break
    return links


# what the text says to name one entity twice: "X (anciennement Y)", "X, surnommé Y", "X (Y)"
_ALIAS = re.compile(
    r"\s*(?:\(\s*(?P<word>anciennement|ex-|alias|dit|dite|surnommée?|de son vrai nom)?\s*"
    r"|\)?,?\s+(?P<said>surnommée?|alias|dite?|anciennement|"
    r"(?:plus |également )?connue? sous (?:le nom de|le surnom de|ses initiales|son acronyme))"
    r"\s+(?:[«“\"]\s*)?)",  # the alias in quotes too: "surnommé « X »"
    re.IGNORECASE,
)


def initials(name: str) -> str:
    """``Karel Vondrak-Haas`` -> ``KVH``."""
    return "".join(part[:1] for part in re.split(r"[\s-]+", name) if part).upper()


def alias_links(
    text: str,
    spellings: Sequence[str],
    by_text: Mapping[str, Sequence[Mention]],
    labels: Mapping[str, str],
) -> list[tuple[int, int, names.Evidence]]:
    """Names the text itself says are one: ``X (anciennement Y)``, ``X, surnommé Y``, ``X (Y)``
    (bare parentheses only between two names of one label: ``Jean Dupont (LR)`` is a member)."""
    starts = {m.start: text[m.start : m.end] for s in spellings for m in by_text[s]}
    index = {s: i for i, s in enumerate(spellings)}
    links = []
    for i, s in enumerate(spellings):
        for m in by_text[s]:
            found = _ALIAS.match(text, m.end)
            other = starts.get(found.end()) if found else None
            if found is None or other is None or other == s:
                continue
            said = found.group("word") or found.group("said")
            closed = re.match(r"\s*\)", text[found.end() + len(other) :]) is not None
            spelled = other.isupper() and len(other) >= 2 and initials(s) == other  # "X Y (XY)"
            if said is None and (not closed or (labels[s] != labels[other] and not spelled)):
                continue
            rule = f"alias ({said.lower()})" if said else "alias (in parentheses)"
            rule = "initials (in parentheses)" if spelled and not said else rule
            links.append((i, index[other], names.Evidence(s, other, rule, 95.0)))
            break
    return links


def relabel_org_heads(
    spellings: Sequence[str],
    labels: dict[str, str],
    cues: dict[str, list[Cue | None]],
    first: Mapping[str, int],
) -> None:
    """A bare name the model took for a person that starts an organisation's longer name named
    before it is that organisation (``Korvane`` after ``Korvane Electronics``), unless a
    cue says person or a person's full name ends with it; ``first``: where each spelling first
    occurs."""
    heads: dict[str, int] = {}
    surnames = set()
    for s in spellings:
        core = names.name_tokens(s, labels[s])
        if labels[s] == "ORG" and len(core) > 1:
            heads[core[0]] = min(first[s], heads.get(core[0], first[s]))
        if labels[s] == "PER" and len(core) > 1:
            surnames.add(core[-1])
    for s in spellings:
        tokens = names.name_tokens(s)
        if labels[s] != "PER" or len(tokens) != 1 or any(cues[s]) or tokens[0] in surnames:
            continue
        if heads.get(tokens[0], first[s]) < first[s]:
            labels[s] = "ORG"
            cues[s] = [Cue("ORG", "the head of an organisation's name")]


def only_where_places(text: str, mentions: Iterable[Mention]) -> bool:
    """Every mention stands where places do: ``à X``, ``près de X``."""
    return all(_WHERE_BEFORE.search(text, max(0, m.start - 12), m.start) for m in mentions)


def persons_only_where_places_are(
    text: str,
    by_text: Mapping[str, Sequence[Mention]],
    labels: Mapping[str, str],
    cues: Mapping[str, Sequence[Cue | None]],
) -> list[str]:
    """One-word names taken for persons, without a cue, that are no person's surname and stand
    only where places do (``à Korvik``, ``près de Korvik``): places."""
    surnames = [
        x
        for s, label in labels.items()
        if label == "PER" and len(core := names.core_tokens(names.name_tokens(s))) >= 2
        for x in names.surnames(core)
    ]
    out = []
    for s, ms in by_text.items():
        tokens = names.core_tokens(names.name_tokens(s))
        if labels[s] != "PER" or len(tokens) != 1 or any(cues[s]):
            continue
        if any(names.token_similarity(tokens[0], x) >= names.SURNAME_OF for x in surnames):
            continue
        if only_where_places(text, ms):
            out.append(s)
    return out


#: The rule families of this stage, by name. Each can be switched off (``find_entities`` and
#: ``build_entities``'s ``off``, the ``chronique_entities`` component's ``off`` setting) to
#: measure what it does on text it was not written for (``scripts/rule_families.py``).
FAMILIES = {
    "roles": "a function word is no name; a role before a name makes it a person",
    "titles": "a title before a name (M., Dr) is not part of it",
    "articles": "an article opening a sentence is no part of the name the rest spells elsewhere",
    "institutions": "an institution's name is taken whole (police préfectorale de X)",
    "common words": "capitalised common words, the rest of a function, a part of a common noun",
    "debris": "a letter or a numeral alone",
    "demonyms": "an adjective used as a noun (les Français)",
    "spelled acronyms": "a name before its acronym, as far as its initials spell it: X Y (XY)",
    "propagation": "every other occurrence of a name found is a mention",
    "variants": "spellings within a letter or two of a name found are mentions",
    "names inside": "an organisation mention ending with a name found alone is that name",
    "organisation cores": "the bare name of an organisation named with a legal word",
    "organisation heads": "a bare name starting an organisation's longer name",
    "surnames": "a bare name that spells a person's surname is a person",
    "places": "a one-word person only ever after a preposition of place is a place",
    "aliases": "names the text says are one (surnommé, X (Y))",
    "acronyms": "a name followed by its acronym in parentheses",
    "bare surnames": "a surname two persons share goes to the one the passage is about",
    "bare first names": "a first name of one person only is that person",
    "role names": "a one-word name after a role is the person introduced with that role",
    **{cue: f"the words around a mention give its label: {e}" for cue, e in CUES.items()},
}


def decide_labels(
    text: str, by_text: Mapping[str, Sequence[Mention]], off: frozenset[str] = frozenset()
) -> tuple[dict[str, str], dict[str, list[Cue | None]]]:
    """The label of each spelling, and the cues that decided it (none: the model's majority)."""
    spellings = list(by_text)
    cues = {s: [label_cues(text, m, off) for m in by_text[s]] for s in spellings}
    labels = {s: decide_label([m.label for m in by_text[s]], cues[s]) for s in spellings}

    def relabel(spelling: str, cue: Cue) -> None:
        labels[spelling] = cue.label
        cues[spelling] = [cue]

    person_surnames = [  # the last name of every spelling labelled as a person
        names.core_tokens(names.name_tokens(s))[-1] for s in spellings if labels[s] == "PER"
    ]
    org_cores = {  # "FC Valdoria" -> "valdoria": organisations named with a legal or club word
        " ".join(core)
        for s in spellings
        if labels[s] == "ORG" and (core := names.name_tokens(s, "ORG")) != names.name_tokens(s)
    }
    for s in spellings:  # ... whose bare name, not after "à" or "en", is the organisation too
        if "organisation cores" in off or labels[s] == "ORG" or names.fold(s) not in org_cores:
            continue
        if not any(_PLACE_BEFORE.search(text, max(0, m.start - 12), m.start) for m in by_text[s]):
            relabel(s, Cue("ORG", "the bare name of an organisation"))
    if "organisation heads" not in off:
        first = {s: min(m.start for m in by_text[s]) for s in spellings}
        relabel_org_heads(spellings, labels, cues, first)
    for s in spellings:  # a bare name that spells a person's surname is that person's
        tokens = names.core_tokens(names.name_tokens(s))
        surname = len(tokens) == 1 and any(
            names.token_similarity(tokens[0], p) >= names.SURNAME_OF for p in person_surnames
        )
        named = "surnames" not in off and surname and labels[s] != "PER" and not any(cues[s])
        # "les côtes de la X", "à X" only: a place, however like a surname it is spelled
        if (
            named
            and not _takes_article(text, by_text[s])
            and not only_where_places(text, by_text[s])
        ):
            relabel(s, Cue("PER", "a person's surname"))
    if "places" not in off:
        for s in persons_only_where_places_are(text, by_text, labels, cues):
            relabel(s, Cue("LOC", "only where places are"))
    return labels, cues


def build_entities(
    text: str, mentions: Sequence[Mention], off: frozenset[str] = frozenset()
) -> tuple[Entity, ...]:
    """Mentions grouped by spelling, spellings merged into entities, each with its evidence: the
    rules that merged its spellings and those that gave its label; ``off``: rule families
    (``FAMILIES``) not to apply."""
    by_text: dict[str, list[Mention]] = {}
    for m in mentions:
        by_text.setdefault(text[m.start : m.end], []).append(m)
    spellings = list(by_text)
    labels, cues = decide_labels(text, by_text, off)
    first = {s: min(m.start for m in by_text[s]) for s in spellings}
    aliases = [] if "aliases" in off else alias_links(text, spellings, by_text, labels)
    for i, j, _ in aliases:  # the alias of a person named in full is that person
        for a, b in ((i, j), (j, i)):
            full = len(names.name_tokens(spellings[a])) >= 2
            if labels[spellings[a]] == "PER" and full and labels[spellings[b]] != "PER":
                labels[spellings[b]] = "PER"
                cues[spellings[b]] = [Cue("PER", "the alias of a person")]
    forms = [
        names.Form(s, labels[s], names.name_tokens(s, labels[s]), len(by_text[s]), first[s])
        for s in spellings
    ]
    acronyms = [] if "acronyms" in off else acronym_links(text, spellings, by_text)
    groups, evidence = names.merge_forms(forms, links=acronyms + aliases)
    members = {
        n: [m for i in group for m in by_text[spellings[i]]] for n, group in enumerate(groups)
    }
    owners = names.surname_owners(forms)
    if owners and "bare surnames" not in off:
        evidence += bare_surnames(text, groups, forms, owners, members)
    if "bare first names" not in off:
        evidence += bare_first_names(groups, forms, members)
    if "role names" not in off:
        evidence += bare_names_by_role(text, groups, forms, members)
    entities: list[Entity] = []
    for n, group in sorted(
        enumerate(groups), key=lambda g: min((m.start for m in members[g[0]]), default=len(text))
    ):
        if not members[n]:
            continue  # a bare surname whose every occurrence went to a person
        group_forms = [forms[i] for i in group]
        group_members = members[n]
        group_cues = [c for i in group for c in cues[spellings[i]] if c]
        label = decide_label([m.label for m in group_members], group_cues)
        texts = {f.text for f in group_forms} | {text[m.start : m.end] for m in group_members}
        why = [e.to_dict() for e in evidence if e.a in texts and e.b in texts]
        ruled = {c.rule for c in group_cues if c.label == label}
        if label == "MISC" and any(e["rule"] == "acronym" for e in why):
            label, ruled = "ORG", {"named by an acronym"}  # "Brigades du fleuve (BDF)"
        spans = tuple(
            Span(m.start, m.end, text[m.start : m.end])
            for m in sorted(group_members, key=lambda m: m.start)
        )
        name = names.canonical(group_forms).text
        extra: dict[str, Any] = {"evidence": why} if why else {}
        if ruled:  # else the model's label, by majority
            extra["label_evidence"] = sorted(ruled)
        entities.append(Entity(f"e{len(entities) + 1}", label, name, spans, extra))
    return tuple(entities)


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:le|la|les|l['’]|du|des|en)\s*$", re.I)


SALIENT = 3  # named this many times as often as the other: the one a bare surname means

HYPHEN_RULE = "bare surname: the one so named, not a part of a hyphenated one"


def _takes_article(text: str, mentions: Iterable[Mention]) -> bool:
    """A name with an article before one of its mentions (``la Valenn``): no surname."""
    return any(_ARTICLE_BEFORE.search(text, max(0, m.start - 5), m.start) for m in mentions)


def bare_surnames(
    text: str,
    groups: Sequence[Sequence[int]],
    forms: Sequence[names.Form],
    owners: Mapping[int, Sequence[int]],
    members: dict[int, list[Mention]],
) -> list[names.Evidence]:
    """A bare surname two persons share (spelled as each of their surnames was) names, at
    each occurrence, the one the passage is about: the person named last before it in its
    paragraph, else the one named most (the story's protagonist), as a reader resolves ``Valen``
    beside ``Tomas Valen`` and his wife ``Ilse Valen``. A spelling of its own (``Valenn``) is
    resolved so among every person whose surname it fits, unless it takes an article (``la
    Valenn``: no surname does). Where both were named in the sentence before, it stays alone
    (two in play), unless one is named ``SALIENT`` times as often as the other (the protagonist
    beside a relative named once). A part of a hyphenated surname is not that surname: ``Brenner``
    beside ``Karl Brenner-Vogt`` and ``Otto Brenner`` is Otto's, wherever it stands. Moves those
    mentions in ``members`` (group index -> mentions) and returns the evidence."""
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    evidence = []
    for bare, full in owners.items():
        source = group_of[bare]
        if len(groups[source]) != 1:
            continue  # tied to another name by the text itself: leave it
        token = forms[bare].core[0]  # only persons whose surname is spelled so: "Abe", "Abe"
        same = [j for j in full if token in names.surnames(forms[j].core)]
        whole = [j for j in same if not names.hyphen_part(token, forms[j].text)]
        rule = "bare surname: the person named last"
        if whole and len(whole) < len(same):  # "Brenner": Otto Brenner's, not Karl Brenner-Vogt's
            same, rule = whole, HYPHEN_RULE
        if not same:  # a spelling of its own ("Valenn"): any person whose surname it fits,
            if _takes_article(text, members[source]):
                continue  # unless it takes an article, as no surname does ("la Valenn")
            same = list(full)
            rule = "bare surname variant: the person named last"
        targets = sorted({group_of[j] for j in same} - {source})
        if len(targets) < 2 and not (targets and rule == HYPHEN_RULE):
            continue  # one owner is enough only when the spelling itself says who
        moved = sorted(members[source], key=lambda m: m.start)
        members[source] = []
        chosen: set[int] = set()
        for m in moved:
            if len(targets) == 1:  # "Brenner": Otto Brenner's wherever it stands
                members[targets[0]].append(m)
                chosen.add(targets[0])
                continue
            before = {
                t: max((x.start for x in members[t] if x.start < m.start), default=-1)
                for t in targets
            }
            ranked = sorted(targets, key=lambda t: (before[t], len(members[t])), reverse=True)
            last, other = ranked[0], ranked[1]
            together = before[other] >= 0 and not _SENTENCE_END.search(
                text, before[other], before[last]
            )
            if together and len(_SENTENCE_END.findall(text, before[last], m.start)) <= 1:
                named = sorted((len(members[t]), t) for t in targets)
                if named[-1][0] < SALIENT * named[-2][0]:
                    members[source].append(m)  # both named in the sentence before: two in play
                    continue
                last = named[-1][1]  # unless one is far more the story's than the other
            elif before[last] < 0 or "\n" in text[before[last] : m.start]:
                last = max(targets, key=lambda t: len(members[t]))  # the story's protagonist
            members[last].append(m)
            chosen.add(last)
        for t in sorted(chosen):
            name = names.canonical([forms[i] for i in groups[t]]).text
            evidence.append(names.Evidence(name, forms[bare].text, rule, 0.0))
    return evidence


_DET = r"(?:le|la|l['’]|un|une)\s*"


@cache
def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A role right before a bare name (``l'analyste X``), a role that introduces a full name
    before it (``le porte-parole de la police de Y, X``, ``le ministre X``) or after it (``X,
    analyste au cabinet Y``); group 1 is the role word."""
    words = sorted(names.word_set("person_roles"), key=len, reverse=True)
    roles = "|".join(re.escape(r) for r in words)
    return (
        re.compile(rf"(?<![\w'’]){_DET}({roles})\s+$", re.I),
        re.compile(rf"(?<![\w'’])({roles})(?:\s+[^\s.;:!?«»]+){{0,8}}?(?:\s*,)?\s+$", re.I),
        re.compile(rf"\s*,\s*(?:{_DET})?({roles})\b", re.I),  # used with match()
    )


def roles_of(text: str, mentions: Iterable[Mention]) -> set[str]:
    """The roles the text introduces a person's full name with."""
    _, before, after = _role_patterns()
    found = set()
    for m in mentions:
        if len(names.name_tokens(text[m.start : m.end])) < 2:
            continue
        start = max(0, m.start - 80)
        lead = _SENTENCE_END.split(text[start : m.start])[-1]
        for match in (before.search(lead), after.match(text, m.end, m.end + 40)):
            if match:
                found.add(match.group(1).lower())
    return found


def bare_names_by_role(
    text: str,
    groups: Sequence[Sequence[int]],
    forms: Sequence[names.Form],
    members: dict[int, list[Mention]],
) -> list[names.Evidence]:
    """A one-word name after a role (``l'analyste Zhan``) is the one person whose name holds
    that word and whom the text introduced with that role (``Zhan Lanxi, analyste au cabinet
    X``), wherever its spelling merged it. Moves the mentions in ``members`` (group index ->
    mentions) and returns the evidence."""
    persons = [n for n, g in enumerate(groups) if any(forms[i].label == "PER" for i in g)]
    right_before = _role_patterns()[0]
    found = []  # (group, mention, its one word, the role right before it)
    for n in persons:
        for m in members[n]:
            words = names.name_tokens(text[m.start : m.end])
            role = right_before.search(text, max(0, m.start - 40), m.start)
            if len(words) == 1 and role is not None:
                found.append((n, m, words[0], role.group(1).lower()))
    if not found:  # most articles: no role before a one-word name, nothing more to read
        return []
    roles = {n: roles_of(text, members[n]) for n in persons}
    tokens = {n: {t for i in groups[n] if forms[i].is_full for t in forms[i].core} for n in persons}
    evidence = []
    for n, m, word, said in found:
        owners = [p for p in persons if said in roles[p] and word in tokens[p]]
        if len(owners) == 1 and owners[0] != n:
            members[n].remove(m)
            members[owners[0]].append(m)
            name = names.canonical([forms[i] for i in groups[owners[0]]]).text
            evidence.append(
                names.Evidence(name, text[m.start : m.end], f"role: introduced as {said}", 0.0)
            )
    return evidence


def bare_first_names(
    groups: Sequence[Sequence[int]], forms: Sequence[names.Form], members: dict[int, list[Mention]]
) -> list[names.Evidence]:
    """A one-word name left alone that spells the first name of one person named in full, and
    no one's surname: that person (a given name, ``Oleksa`` for ``Oleksa Varenko``, or a family
    name told first, ``Zhan`` for ``Zhan Lanxi``). Two persons with that first name: left alone.
    Moves the mentions in ``members`` (group index -> mentions) and returns the evidence."""
    full = {  # group index -> the full names of a person
        n: [forms[i].core for i in g if forms[i].is_full and forms[i].label == "PER"]
        for n, g in enumerate(groups)
    }
    evidence = []
    for n, group in enumerate(groups):
        bare = forms[group[0]]
        if len(group) != 1 or bare.label != "PER" or len(bare.core) != 1 or not members[n]:
            continue
        token = bare.core[0]
        firsts = [t for t, cores in full.items() if any(c[0] == token for c in cores)]
        surname = any(
            names.token_similarity(token, s) >= names.SURNAME_OF
            for cores in full.values()
            for c in cores
            for s in names.surnames(c)
        )
        if len(token) < 3 or len(firsts) != 1 or surname:
            continue
        members[firsts[0]] += members[n]
        members[n] = []
        name = names.canonical([forms[i] for i in groups[firsts[0]]]).text
        evidence.append(names.Evidence(name, bare.text, "first name of one person", 0.0))
    return evidence


def find_entities(
    doc: Doc, timexes: Sequence[Timex], nlp: Language, off: frozenset[str] = frozenset()
) -> tuple[Entity, ...]:
    """The entities of a parsed document, every mention however spelled; ``off``: rule
    families (``FAMILIES``) not to apply."""
    lexicon = common_words(nlp)
    text = doc._.chronique_raw or doc.text  # doc.text rebuilds the string at each call
    starts = capital_free(doc)
    mentions = clean_mentions(
        doc, raw_mentions(doc), timexes, lexicon, adjectives(nlp), starts, off
    )
    if "spelled acronyms" not in off:
        mentions = spelled_acronyms(text, mentions)
    if "propagation" not in off:
        mentions = propagate(text, mentions, lexicon, starts)
    if "names inside" not in off:
        mentions = known_names_inside(text, mentions)
    if "variants" not in off:
        mentions = recover_variants(text, mentions, lexicon)
    return build_entities(text, mentions, off)
