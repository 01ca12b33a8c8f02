"""Time expressions: French detection and narrative-anchored normalisation.

Detection is our own grammar: regular expressions built from the word lists of
``resources/timex.json`` find candidate spans (never ``dateparser.search_dates``, which has no
offsets and reads ``Sam`` or ``sept`` as dates); overlapping candidates keep the longest; a date
and a following time or part of day (``Le 17 novembre à midi``, ``Hier soir``) merge into one.

Normalisation walks the expressions in text order, as a reader does, with two anchors:
- the publication date, for deictic expressions (``hier``, ``ce matin``, a weekday), except inside
  quotes, where the speaker's own day (the narrative's) counts;
- the narrative's reference time, the last date the article set, for anaphoric ones (``le
  lendemain``, ``le même soir``, a bare ``à 21 heures``, ``le 19``). Headings, sentence-initial
  expressions and absolute or deictic dates move it; a flashback (``la veille``) does not.
Each timex keeps its ``anchor`` (an extra key) so a user can see why it got its value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

from pipeline.records import Heading, Sentence, Timex

UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zß-öø-ÿ"


def _alts(words: Sequence[str]) -> str:
    """A pattern for any of ``words``, as a tree of their letters: at each position one branch per
    next letter, not one per word (34 patterns try it at every character). Like an alternation
    sorted longest first, it tries the words that match in decreasing length."""
    if any(w != w.lower() for w in words):  # two branches could match one letter, in any order
        raise ValueError(f"the word lists are lower case: {sorted(words)}")
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        alts = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


@dataclass(frozen=True)
class Data:
    months: dict[str, int]
    weekdays: dict[str, int]
    parts: dict[str, str]
    numbers: dict[str, int]
    vague: tuple[str, ...]
    units: dict[str, tuple[str, str]]
    set_units: dict[str, str]
    set_words: dict[str, str]
    duration_words: dict[str, str]
    deictic: dict[str, dict[str, Any]]
    anaphoric: dict[str, dict[str, Any]]
    approximations: tuple[str, ...]
    clock_suffixes: dict[str, int]
    seasons: dict[str, str]
    duration_nouns: frozenset[str]
    clock_approximations: frozenset[str]
    mods: dict[str, str]
    future_modals: frozenset[str]
    future_endings: tuple[str, ...]


@cache
def data() -> Data:
    raw = json.loads(resources.files("pipeline").joinpath("resources/timex.json").read_text())
    return Data(
        months=raw["months"],
        weekdays=raw["weekdays"],
        parts=raw["parts_of_day"],
        numbers=raw["numbers"],
        vague=tuple(raw["vague_numbers"]),
        units={k: (v[0], v[1]) for k, v in raw["units"].items()},
        set_units=raw["set_units"],
        set_words=raw["set_words"],
        duration_words=raw["duration_words"],
        deictic=raw["deictic"],
        anaphoric=raw["anaphoric"],
        approximations=tuple(raw["approximations"]),
        clock_suffixes=raw["clock_suffixes"],
        seasons=raw["seasons"],
        duration_nouns=frozenset(raw["duration_nouns"]),
        clock_approximations=frozenset(raw["clock_approximations"]),
        mods=raw["mods"],
        future_modals=frozenset(raw["future_modals"]),
        future_endings=tuple(raw["future_endings"]),
    )


# --- detection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: str
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    priority: int = 0


ANY_DIGIT = "any digit"  # a key that stands for a digit, whichever
DIGIT = (ANY_DIGIT,)


@dataclass(frozen=True)
class Rule:
    """A pattern of the grammar; its group ``x``, when present, is the expression's extent.

    Every match holds one key of each set of ``needs`` (``date``: a month name and a digit), so a
    line that lacks one is not scanned: most lines hold no month, no weekday, no unit, and
    looking up the keys of a line once is far cheaper than trying 34 patterns at each character.
    """

    kind: str
    pattern: re.Pattern[str]
    needs: int  # one bit per set of keys of the grammar's ``needs``


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Grammar:
    rules: tuple[Rule, ...]
    needs: tuple[frozenset[str], ...]  # the distinct sets of keys the rules need
    keys: re.Pattern[str]  # any key, at each position of a case-folded line, the longest first
    starts: dict[str, frozenset[str]]  # a key -> the keys it starts with, itself included

    def keys_in(self, line: str) -> set[str]:
        """The keys that occur in ``line``, whatever their case."""
        found = {k for m in self.keys.finditer(line.casefold()) for k in self.starts[m.group(1)]}
        if _DIGIT.search(line):
            found.add(ANY_DIGIT)
        return found

    def met(self, line: str) -> int:
        """The sets of ``needs`` that ``line`` meets, as bits: a rule may match where
        ``rule.needs & ~met == 0``."""
        keys = self.keys_in(line)
        return sum(1 << i for i, need in enumerate(self.needs) if not need.isdisjoint(keys))


def _grammar(rules: Sequence[tuple[str, str, Sequence[Sequence[str]]]]) -> Grammar:
    sets = [[frozenset(k.casefold() for k in keys) for keys in n] for _, _, n in rules]
    needs = list(dict.fromkeys(s for rule_sets in sets for s in rule_sets))
    compiled = tuple(
        Rule(kind, re.compile(p, re.IGNORECASE), sum(1 << needs.index(s) for s in rule_sets))
        for (kind, p, _), rule_sets in zip(rules, sets, strict=True)
    )
    words = {k for need in needs for k in need} - {ANY_DIGIT}
    return Grammar(
        rules=compiled,
        needs=tuple(needs),
        keys=re.compile(rf"(?=({_alts(sorted(words))}))"),
        starts={k: frozenset(w for w in words if k.startswith(w)) for k in words},
    )


@cache
def grammar() -> Grammar:
    """The rules, in the order that breaks ties between candidates of one length.

    Spaces never cross a line: a heading and the line under it are separate expressions, and
    each line is scanned on its own.
    """
    d = data()
    S = r"[ \t\u00a0\u202f\u2009]"  # noqa: N806
    abbreviations = [
        m for m in d.months if len(m) <= 4 and m not in ("mars", "mai", "juin", "août", "aout")
    ]
    full_names = [m for m in d.months if m not in abbreviations]
    month = rf"(?P<month>{_alts(full_names)}|(?:{_alts(abbreviations)})\.?)(?-i:(?![{LOW}]))"
    full_month = _alts(full_names)
    month_word = _alts(list(d.months))  # unnamed: "la nuit du 28 au 29 mars" ends at "28"
    rel = r"(?:[ \t]+(?P<rel>derniers?|dernières?|prochaines?|prochains?))?"
    weekday = rf"(?P<weekday>{_alts(list(d.weekdays))})"
    part = rf"(?P<part>{_alts([p for p in d.parts if p != 'midi'])})"
    numbers = _alts(list(d.numbers))
    weekdays_set = _alts([w + "s" for w in d.weekdays] + list(d.weekdays))
    units = _alts(list(d.units))
    day = r"(?P<day>1[ \t\u202f]?er|[0-3]?\d)"
    zone = rf"(?:{S}+(?P<zone>UTC|GMT|locales?|heure{S}+locale|en{S}+France|heure{S}+de{S}+Paris))?"
    quantity = (
        r"(?:euros?|dollars?|francs?|livres?|personnes|habitants|km|kilomètres|mètres|m\b|kg|"
        r"tonnes|voix|exemplaires|salariés|emplois|morts|victimes|logements|spectateurs|points|"
        r"places|ha\b|hectares|pages|mots|élèves|membres|fois|participants|soldats|hommes|"
        r"femmes|enfants|patients|cas|dossiers|véhicules|postes|litres|unités)"
    )
    year = (
        rf"(?P<year>(?:1[5-9]|20)\d\d(?!\d)|'?\d\d(?!\d|[,.]\d|{S}*h\b|{S}*heures?|{S}*%|{S}*ans))"
    )
    # a clock time starts with a digit, midi, minuit or une; checking it first keeps the
    # optional "vers"/"autour de" from being tried at every position of the text
    approximation = _alts(list(d.approximations))
    approx = (
        rf"(?=[\dmuvaqpe])(?:\b(?P<approx>{approximation}){S}+(?=\d|midi|minuit|un))?(?=[\dmu])"
    )
    # the end of a word, or glue: a capital or a digit right after it ("après-midiHeure locale")
    END = rf"(?!-|\d|_|(?-i:[{LOW}]))"  # noqa: N806
    w_parts = [p for p in d.parts if p != "midi"]
    w_months, w_full, w_weekdays = list(d.months), full_names, list(d.weekdays)
    w_deictic, w_anaphoric = list(d.deictic), list(d.anaphoric)
    w_units, w_set, w_duration = list(d.units), list(d.set_words), list(d.duration_words)
    w_seasons = ["printemps", "automne", "hiver", "été", "eté"]
    per_units = ["jour", "semaine", "mois", "an", "année", "semestre", "trimestre"]  # "par jour"
    pattern_list = [
        (
            "part_date",
            rf"(?=[tlmasn])(?P<x>(?:(?P<mod>tard|tôt){S}+(?:dans{S}+)?)?(?:(?:le|la|l'|l’){S}*)?{part}{S}+(?:du|de|d'|d’){S}*(?:{weekday}{S}+)?{day}(?:{S}+au{S}+(?:1er|[0-3]?\d)(?!{S}*{month_word}))?(?:{S}*{month}(?:{S}+{year})?)?)(?![\d])",
            (w_parts, DIGIT),
        ),
        (
            "date",
            rf"(?=[lcmvdsj\d])(?:\b(?P<det>le|ce){S}*)?(?:{weekday}{S}+)?(?<!\d){day}{S}*{month}"
            rf"(?:{S}+{year})?{rel}",
            (w_months, DIGIT),
        ),
        (
            "numeric",  # 21/11/2023, 21.11.23, 21-11-2023: one separator throughout
            rf"(?=[l\d])(?:\b(?P<det>le){S}+)?(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<mon>[01]?\d)(?P=sep)(?P<year>\d{{4}}|\d\d)(?![\d/-]|[.,]\d)",
            (("/", ".", "-"), DIGIT),
        ),
        (
            "iso",  # 2023-11-21, 2023/11/21, 2023.11.21
            r"(?<![\d/.-])(?P<year>\d{4})(?P<sep>[/.-])(?P<mon>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d/-]|[.,]\d)",
            (("/", ".", "-"), DIGIT),
        ),
        (
            "month_year",
            rf"\b(?:(?P<mod>début|fin|mi-|courant){S}*)?(?P<month>{full_month}){S}+{year}",
            (w_full, DIGIT),
        ),
        (
            "month",
            rf"\b(?:en|de|d'|d’|du|depuis|dès|jusqu'en|jusqu’en|avant|après|à|au|pour){S}*"
            rf"(?P<x>(?:mois{S}+d['’e]{S}*)?(?-i:(?P<month>{full_month})){rel})(?![{LOW}\d])",
            (w_full,),
        ),
        (
            "month",
            rf"\b(?P<x>(?P<mod>début|fin|mi-|courant){S}*(?-i:(?P<month>{full_month})){rel})(?![{LOW}\d])",
            (w_full,),
        ),
        (
            "year",
            rf"\b(?:en|depuis|dès|jusqu'en|jusqu’en|avant|après|d'ici|d’ici|fin|début|saison|de){S}+(?P<x>(?P<year>(?:1[5-9]|20)\d\d))(?![\d,.]\d|{S}*%|{S}*(?:euros?|dollars?|personnes|habitants|salariés|emplois|mètres|km|€|\$))",
            (DIGIT,),
        ),
        (
            "decade",  # "les années 2000", "les années 90"
            rf"\b(?P<x>(?:les{S}+)?années{S}+(?P<decade>(?:1[5-9]|20)\d0|[1-9]0))(?![\d,.]\d|{S}*%)",
            (("années",), DIGIT),
        ),
        (
            "year",  # "en 95", "depuis 98,": a two-digit year, nothing counted after it
            rf"\b(?:en|depuis|dès|jusqu'en|jusqu’en){S}+(?P<x>(?P<year>'?\d\d))(?![\d,.]\d|{S}*[\w%€$°])",
            (DIGIT,),
        ),
        (
            "year",
            rf"\b(?P<x>l['’]an(?:née)?{S}+(?P<year>(?:1[5-9]|20)\d\d))(?!\d)",
            (("l'an", "l’an"), DIGIT),
        ),
        ("year", r"(?<=\d{4}/)(?P<year>(?:1[5-9]|20)\d\d)(?!\d)", (("/",), DIGIT)),
        (
            "year",  # a bare year, unless it counts something: "2000 euros", "1500 personnes"
            rf"(?<![\d.,'’/])(?<!n°)(?<!n°{S})(?P<year>1[89]\d\d|20\d\d)(?![\d,.]\d|{S}*(?:%|€|\$|{quantity}))",
            (DIGIT,),
        ),
        (
            "day_bare",
            rf"\b(?P<x>(?:le|Le){S}+{day})(?![.,/-]\d)(?={S}*(?:[,.;:)]|à\b|au\b|vers\b|dans\b|et\b|$))"
            rf"(?!,?{S}*(?:rue|avenue|av\.|bd|boulevard|place|allée|chemin|quai|impasse|route)\b)",
            (("le",), DIGIT),
        ),
        (
            "ago",
            rf"\b(?P<x>il{S}+y{S}+a{S}+(?P<num>\d+|{numbers}){S}+(?P<unit>{units}))\b",
            (("il",), w_units),
        ),
        (
            "deictic",
            rf"(?<![\w-])(?:(?P<mod>la{S}+fin{S}+de|le{S}+début{S}+de|fin|début){S}+)?(?P<word>{_alts(list(d.deictic))})(?:{S}+(?P<part>matinée|matin|après-midi|soirée|soir))?{END}",
            (w_deictic,),
        ),
        (
            "weekday",
            rf"\b(?:(?P<det>ce{S}+même|ce|le){S}+)?{weekday}(?:{S}+(?P<rel>dernier|prochain|précédent|suivant|passé))?(?:{S}*(?P<part>matin|après-midi|soir|soirée))?(?P<there>-là)?{END}",
            (w_weekdays,),
        ),
        (
            "weekday",  # "la soirée de mardi", "la nuit de vendredi à samedi"
            rf"(?=[tlmasn])(?P<x>(?:(?P<mod>tard|tôt){S}+(?:dans{S}+)?)?(?:(?:le|la|l'|l’){S}*)?{part}{S}+(?:du|de){S}+{weekday}(?:{S}+(?:à|au){S}+{_alts(w_weekdays)})?){END}",
            (w_parts, w_weekdays),
        ),
        ("same_part", rf"\b(?P<x>(?:le|ce){S}+même{S}+{part})\b", (("même",), w_parts)),
        ("that_part", rf"\b(?P<x>(?:ce|cette|cet){S}+{part}-là)", (("-là",), w_parts)),
        ("this_part", rf"\b(?P<x>(?:ce|cette|cet){S}+{part}){END}", (("ce",), w_parts)),
        (
            "heading_part",
            rf"(?m)^(?P<x>[{UP}][{LOW}]{{0,3}}{S}+{part})(?={S}*[,:.]?{S}*$)",
            (w_parts,),
        ),
        (
            "part",
            rf"(?:\b(?:au|en|dans|durant|pendant){S}+)?(?P<x>(?:(?P<mod>tard|tôt){S}+(?:dans{S}+)?)?(?:le|la|l'|l’){S}*{part}(?:{S}+même)?){END}",
            (w_parts,),
        ),
        (
            "part",
            rf"\b(?P<x>(?P<mod>début|fin|milieu){S}+(?:de|d'|d’){S}*{part}){END}",
            (("début", "fin", "milieu"), w_parts),
        ),
        ("part", rf"\b(?:au|en){S}+(?P<x>{part}){END}", (("au", "en"), w_parts)),
        (
            "anaphoric",
            rf"(?<![\w-])(?P<word>{_alts(list(d.anaphoric))})(?:{S}+(?P<part>matinée|matin|après-midi|soirée|soir))?{END}",
            (w_anaphoric,),
        ),
        (
            "clock",
            rf"{approx}(?<![\d,.])(?P<h>[01]?\d|2[0-4]){S}?[hH]{S}?(?P<m>[0-5]\d)(?!\d){zone}",
            (DIGIT, ("h",)),
        ),
        (
            "clock",
            rf"{approx}(?<![\d,.])(?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)(?![\d:])",
            (DIGIT, (":",)),
        ),
        ("clock", rf"{approx}(?<![\d,.])(?P<h>[01]?\d|2[0-4]){S}?h(?![\w])", (DIGIT, ("h",))),
        (
            "clock",
            rf"{approx}(?<![\d,.])(?P<h>[01]?\d|2[0-4]|une|un){S}?heures?(?:{S}?(?P<m>[0-5]\d))?(?:{S}+(?P<suffix>{_alts(list(d.clock_suffixes))}))?(?![\w])",
            (("heure",), (ANY_DIGIT, "un")),
        ),
        ("clock", rf"{approx}(?<![\w-])(?P<word>midi|minuit){END}", (("midi", "minuit"),)),
        (
            "duration",
            rf"(?<![\w])(?:\b(?P<approx>{_alts(list(d.approximations))}){S}*)?(?<![\w,])(?<!\d\.)(?P<num>\d+(?:[.,]\d+)?|{numbers}|{_alts(list(d.vague))}){S}+(?P<unit>{units})(?![\w-])",
            (w_units,),
        ),
        (
            "set",
            rf"\b(?P<x>(?:chaque|tous{S}+les|toutes{S}+les){S}+(?P<unit>{_alts(list(d.set_units))}|{weekdays_set}))(?![\w-])",
            (("chaque", "tous", "toutes"),),
        ),
        (
            "set",
            rf"\bpar{S}+(?P<x>(?P<unit>{'|'.join(per_units)}))\b",
            (("par",), per_units),
        ),
        (
            "set",
            rf"\b(?<!le{S})(?<!un{S})(?<!du{S})(?<!au{S})(?<!ce{S})(?<!les{S})(?<!des{S})(?P<word>{_alts(list(d.set_words))})\b",
            (w_set,),
        ),
        (
            "duration_word",
            rf"(?:\b(?P<approx>{approximation}){S}*)?(?<![\w-])(?P<word>{_alts(list(d.duration_words))}){END}",
            (w_duration,),
        ),
        (
            "season",  # "hiver", "printemps", "automne" alone; "été" only capitalised
            rf"(?<![\w'’-])(?<!de{S})(?P<x>(?P<season>printemps|automne|hiver|(?-i:Été|Eté)))(?![\w-])",
            (w_seasons,),
        ),
        (
            "season",
            rf"\b(?:en|(?P<this>cet|ce)|l'|l’|au|de{S}+l'|de{S}+l’){S}*(?P<x>(?P<season>printemps|automne|hiver|été)(?:{S}+(?P<year>(?:1[5-9]|20)\d\d))?)(?![\w-])",
            (w_seasons,),
        ),
    ]
    return _grammar(pattern_list)


# what comes before "21 heures" when it is a clock time rather than a duration
_CLOCK_CONTEXT = re.compile(
    r"(?:\b(?:à|a|vers|après|avant|dès|jusqu'à|jusqu’à|entre|et|autour de|alentours de|"
    r"pour|limite de|partir de)\s*|^\s*)$",
    re.IGNORECASE,
)


def _day_number(day: str) -> int:
    """``17``, ``1er``, ``1 er`` -> the day of the month."""
    return int(re.sub(r"\D", "", day))


def _valid(kind: str, m: re.Match[str], text: str) -> bool:
    g = m.groupdict()
    if g.get("day") and not 1 <= _day_number(g["day"]) <= 31:
        return False
    before = text[max(0, m.start() - 30) : m.start()]
    if kind == "clock" and g.get("word") is None:
        if g["h"].lower() in ("un", "une"):  # "une heure" is a time only as "une heure du matin"
            return bool(g.get("suffix"))
        approx = (g.get("approx") or "").lower()
        if approx and approx not in data().clock_approximations and "heure" in m.group().lower():
            return False  # "près de 24 heures": a length of time
        if approx or g.get("suffix") or g.get("m"):
            return True
        # "14h" is a time anywhere; "21 heures" only after à, vers, ... or at a line start
        return "heure" not in m.group().lower() or bool(_CLOCK_CONTEXT.search(before))
    if kind in ("numeric", "iso") and numeric_date(g["day"], g["mon"], g["year"]) is None:
        return False  # "31.02.2023", "45-13-99": no date
    if kind == "duration":
        unit, num = g["unit"].lower(), g["num"].lower()
        if num == "des" and unit.startswith(("heure", "minute", "seconde")):
            return False  # "en dehors des heures de bureau"
        if unit.startswith("heure") and num.isdigit():
            return bool(g.get("approx")) or not _CLOCK_CONTEXT.search(before)
        if unit in ("an", "ans") and _is_age(g, before, text[m.end() : m.end() + 3]):
            return False
    if kind == "anaphoric" and g["word"].lower() == "la journée":  # "dans la journée"
        return bool(re.search(r"\b(?:dans|toute|pendant|durant)\s*$", before, re.IGNORECASE))
    if kind == "anaphoric" and g["word"].lower() in ("l'époque", "l’époque"):
        return bool(re.search(r"\bà\s*$", before, re.IGNORECASE))  # "à l'époque", not "de l'époque"
    return True


_AGE_BEFORE = re.compile(
    r"(?:âgée?s?\s+de|\bde|[,(]|\d\s*-|\bles\s+(?:moins|plus)\s+de)\s*$", re.IGNORECASE
)


def _is_age(g: dict[str, str], before: str, after: str) -> bool:
    """``Agé de 54 ans``, ``une fillette de 6 ans``, ``Florian D., 26 ans``: ages, not durations."""
    if g.get("approx"):
        return bool(re.search(r"\bles\s*$", before, re.IGNORECASE))
    if not g["num"].isdigit():
        return False
    if before.rstrip().endswith((",", "(")):
        return after.lstrip()[:1] in (",", ")", ".", "")
    noun = re.search(r"(\w+)\s+de\s*$", before)
    if noun and noun.group(1).lower() in data().duration_nouns:
        return False  # "une peine de 19 ans"
    return bool(_AGE_BEFORE.search(before))


_LINE = re.compile(r"[^\n]+")


def candidates(text: str) -> list[Candidate]:
    g = grammar()
    lines = [(m.start(), m.end(), ~g.met(m.group())) for m in _LINE.finditer(text)]
    out = []
    for priority, rule in enumerate(g.rules):
        kind = rule.kind
        matches = (
            m
            for start, end, unmet in lines
            if not rule.needs & unmet
            for m in rule.pattern.finditer(text, start, end)
        )
        for m in matches:
            if not _valid(kind, m, text):
                continue
            start, end = m.span("x") if m.groupdict().get("x") is not None else m.span()
            if start == end:
                continue
            fields = {k: v for k, v in m.groupdict().items() if v is not None}
            out.append(Candidate(start, end, kind, fields, priority))
    return out


def select(found: Sequence[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (then the grammar's order), in text order."""
    chosen: list[Candidate] = []  # in text order: they do not overlap
    starts: list[int] = []
    for c in sorted(found, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        i = bisect_right(starts, c.start)
        before_ok = i == 0 or chosen[i - 1].end <= c.start
        if before_ok and (i == len(chosen) or c.end <= chosen[i].start):
            chosen.insert(i, c)
            starts.insert(i, c.start)
    return chosen


DAY_NAMING = {"date", "numeric", "iso", "deictic", "weekday", "this_part"}
DAYLIKE = {"date", "numeric", "iso", "day_bare", "deictic", "weekday", "anaphoric"}
TIMELIKE = {"clock", "part"}
_JOIN = re.compile(  # "Hier à 20 h 45", "ce vendredi à9h" (glued by translation)
    r"[ \t\u00a0\u202f]+(?:(?:à|a|au|dans(?:[ \t]+la)?|en)[ \t\u00a0\u202f]*)?", re.IGNORECASE
)


def merge(text: str, found: Sequence[Candidate]) -> list[Candidate]:
    """A day followed by a time or part of day is one expression: ``Le 19 au soir``."""
    out: list[Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        shift = _SHIFT.match(text, c.end) if c.kind == "duration" else None
        if shift:  # "deux jours plus tôt": the point it leads to is kept for the timeline
            fields = {**c.fields, "shift": "+" if shift.group(1).lower() == "tard" else "-"}
            c = Candidate(c.start, c.end, c.kind, fields, c.priority)
        if (
            prev is not None
            and prev.kind in DAYLIKE
            and "part" not in prev.fields
            and "same" not in data().anaphoric.get(prev.fields.get("word", "").lower(), {})
            and c.kind in TIMELIKE
            and "approx" not in c.fields
            and _JOIN.fullmatch(text[prev.end : c.start])
        ):
            fields = {**prev.fields, **{f"time_{k}": v for k, v in c.fields.items()}}
            out[-1] = Candidate(prev.start, c.end, prev.kind, fields, prev.priority)
            continue
        if (  # "peu après 6 heures": "peu après" only places the time that follows
            prev is not None
            and "same" in data().anaphoric.get(prev.fields.get("word", "").lower(), {})
            and c.kind in TIMELIKE | DAY_NAMING
            and not text[prev.end : c.start].strip()
        ):
            out[-1] = c
            continue
        if (  # "une heure plus tard": the duration says it all (as in French TimeBank)
            prev is not None
            and prev.kind == "duration"
            and c.fields.get("word", "").lower() in ("plus tard", "plus tôt", "après", "avant")
            and not text[prev.end : c.start].strip()
        ):
            continue
        if (  # "aujourd'hui vendredi", "hier mardi": one day
            prev is not None
            and prev.kind == "deictic"
            and c.kind == "weekday"
            and not text[prev.end : c.start].strip()
            and "\n" not in text[prev.end : c.start]
        ):
            out[-1] = Candidate(prev.start, c.end, prev.kind, prev.fields, prev.priority)
            continue
        out.append(c)
    return out


def detect(text: str) -> list[Candidate]:
    """Time expressions of ``text`` as candidates with raw offsets, in text order."""
    return merge(text, select(candidates(text)))


# --- normalisation --------------------------------------------------------------------------


@dataclass
class Frame:
    """What a reader knows while reading: the publication date and the narrative's time."""

    publication: dt.date | None
    reference: str | None  # a value with a day (2023-11-17, 2023-11-17T12:00, 2023-11-17TEV)
    set_by: str = "publication"  # what set it: counted from publication, or an absolute date
    last: str | None = None  # the last day told, a flashback included ("le matin même")

    def day(self) -> dt.date | None:
        return _day_of(self.reference) if self.reference else self.publication


def _day_of(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def infer_year(month: int, day: int, anchor: dt.date | None) -> int | None:
    """The year that puts ``day``/``month`` closest to ``anchor``, the past counting half."""
    if anchor is None:
        return None
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue
        gap = (when - anchor).days
        cost = -gap if gap <= 0 else 2 * gap
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def _year_for(month: int, day: int, anchor: dt.date | None, rel: str) -> int | None:
    """A date's year: the next one after ``anchor`` (prochain), the last before (dernier)."""
    if anchor is None or not rel:
        return infer_year(month, day, anchor)
    ahead = (month, day) > (anchor.month, anchor.day)
    if rel.lower().startswith("prochain"):
        return anchor.year + (not ahead)
    return anchor.year - ahead


def _year(text_year: str | None, anchor: dt.date | None) -> int | None:
    if text_year is None:
        return None
    text_year = text_year.lstrip("'")
    y = int(text_year)
    if len(text_year) == 2:
        century = (anchor.year // 100 * 100) if anchor else 2000
        y += century if century + y <= (anchor.year if anchor else 2100) + 10 else century - 100
    return y


def _number(word: str) -> str:
    d = data()
    word = word.lower()
    if word in d.numbers:
        return str(d.numbers[word])
    if word in d.vague:
        return "X"
    return word.replace(",", ".")


_SHIFT = re.compile(r"[ \t\u00a0\u202f]+plus[ \t\u00a0\u202f]+(tard|tôt)\b", re.IGNORECASE)


def shifted_point(c: Candidate, reference: str | None) -> str | None:
    """``deux jours plus tôt``: the day, month or year (or, from a clock time, the time) the
    duration leads to from the narrative's time; None if it cannot be told."""
    n = _number(c.fields["num"])
    day = _day_of(reference) if reference else None
    if day is None or not n.isdigit():
        return None
    step = int(n) * (1 if c.fields["shift"] == "+" else -1)
    clock, unit = data().units[c.fields["unit"].lower()]
    if clock:  # hours, minutes, seconds: only from a clock time (2023-11-06T21:00)
        if reference is None or len(reference) < 16:
            return None
        try:
            start = dt.datetime.fromisoformat(reference)
        except ValueError:  # "T24:00"
            return None
        seconds = {"H": 3600, "M": 60, "S": 1}[unit] * step
        return (start + dt.timedelta(seconds=seconds)).isoformat(timespec="minutes")
    if unit in ("D", "W"):
        return (day + dt.timedelta(days=step * (7 if unit == "W" else 1))).isoformat()
    if unit == "M":
        index = day.year * 12 + day.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    return str(day.year + step) if unit == "Y" else None


def duration_value(num: str, unit: str) -> str:
    t, letter = data().units[unit.lower()]
    n = _number(num)
    if letter == "DE":
        return f"P{n}0Y" if n != "X" else "PXDE"
    if letter == "CE":
        return f"P{n}00Y" if n != "X" else "PXCE"
    return f"P{t}{n}{letter}"


#: what a verb's tense says of the direction of a weekday or month it dates: the next one or the
#: last one, today's (this month) included
TENSE_DIRECTION = {"future": "coming", "past": "gone"}


def _weekday_date(weekday: int, anchor: dt.date, rel: str | None) -> dt.date:
    """The ``weekday`` nearest ``anchor`` (the future counting more), or the one ``rel`` says."""
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if rel in ("prochain", "suivant"):
        return anchor + dt.timedelta(days=ahead or 7)
    if rel in ("dernier", "passé", "précédent"):
        return anchor - dt.timedelta(days=back or 7)
    if rel == "coming":
        return anchor + dt.timedelta(days=ahead)
    if rel == "gone":
        return anchor - dt.timedelta(days=back)
    if ahead and 1.5 * ahead < back:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def _shift(anchor: dt.date, spec: dict[str, Any]) -> str:
    if "days" in spec:
        return (anchor + dt.timedelta(days=spec["days"])).isoformat()
    if "weeks" in spec:
        year, week, _ = (anchor + dt.timedelta(weeks=spec["weeks"])).isocalendar()
        return f"{year}-W{week:02d}"
    if "weekend" in spec:
        # early in the week, "ce week-end" is the one just past
        past = spec["weekend"] == 0 and anchor.isoweekday() <= 3
        year, week, _ = (anchor + dt.timedelta(weeks=spec["weekend"] - past)).isocalendar()
        return f"{year}-W{week:02d}-WE"
    if "months" in spec:
        index = anchor.year * 12 + anchor.month - 1 + spec["months"]
        return f"{index // 12}-{index % 12 + 1:02d}"
    return str(anchor.year + spec["years"])


@cache
def _date_parser() -> Any:
    """dateparser, set up once per process for French numeric dates (day, month, year)."""
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    settings = {"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    return DateDataParser(languages=["fr"], settings=settings)


@lru_cache(maxsize=4096)
def numeric_date(day: str, month: str, year: str) -> dt.date | None:
    """The date of a numeric date's parts (``21``, ``11``, ``23``), or None if there is none;
    dateparser decides the century of a two-digit year and what a valid date is."""
    found = _date_parser().get_date_data(f"{day}.{month}.{year}").date_obj
    return found.date() if found else None


def _time_part(fields: dict[str, str], prefix: str = "") -> str | None:
    """``T12:00`` or ``TEV`` from a clock or part-of-day's fields (``prefix`` for merged ones)."""
    d = data()
    word = fields.get(prefix + "word", "").lower()
    if word == "midi":
        return "T12:00"
    if word == "minuit":
        return "T24:00"
    if prefix + "h" in fields:
        hour_text = fields[prefix + "h"].lower()
        hour = 1 if hour_text in ("un", "une") else int(hour_text)
        suffix = fields.get(prefix + "suffix")
        if suffix and hour < 12:
            hour += d.clock_suffixes.get(suffix.lower(), 0)
        return f"T{hour:02d}:{int(fields.get(prefix + 'm', '0')):02d}"
    if prefix + "part" in fields:
        return "T" + d.parts[fields[prefix + "part"].lower()]
    return None


def _on_same_day_part(reference: str) -> str:
    """A reference reduced to its day and, when it has one, its part of day."""
    day, _, clock = reference.partition("T")
    return f"{day}T{clock}" if clock in ("MO", "MI", "AF", "EV", "NI") else day


@dataclass(frozen=True)
class Resolution:
    value: str | None
    anchor: str  # publication, narrative, absolute, quote, none
    moves: bool  # whether the narrative's reference time moves to this value


def resolve(c: Candidate, frame: Frame, in_quote: bool, tense: str | None = None) -> Resolution:
    """The value of one expression, given what the reader knows; ``tense`` (``future`` or
    ``past``, from the parse: the tense and mood of the verb it qualifies) sets the direction of a
    weekday or a bare month."""
    d = data()
    f = c.fields
    pub = frame.publication
    here = frame.day()
    told = _day_of(frame.last) if frame.last else None
    # quoted speech keeps its own frame: the day the narrative is on, when the article tells
    # a past timeline (a quote of the day before publication is told in the publication's, as
    # French TimeBank reads it)
    far = here is not None and pub is not None and abs((pub - here).days) > 1
    quote_frame = in_quote and far
    deictic_anchor = here if quote_frame else pub
    deictic_name = "quote" if quote_frame else "publication"
    time = _time_part(f, "time_") or _time_part(f) if c.kind in DAYLIKE else None

    def day_value(day: dt.date | None, anchor: str, moves: bool = True) -> Resolution:
        if day is None:
            return Resolution(None, "none", False)
        return Resolution(day.isoformat() + (time or ""), anchor, moves)

    kind = c.kind
    if kind in ("date", "part_date"):
        month = d.months.get(f.get("month", "").lower().rstrip("."))
        day_num = _day_number(f["day"])
        explicit = _year(f.get("year"), pub)
        year: int | None
        if month is None:  # "le matin du 18": a day of the narrative's month
            if here is None:
                return Resolution(None, "none", False)
            month, year = here.month, here.year
        else:
            year = explicit or _year_for(month, day_num, pub or here, f.get("rel", ""))
        if year is None:
            part = f"XXXX-{month:02d}-{day_num:02d}"
            return Resolution(part + (time or ""), "none", False)
        try:
            when = dt.date(year, month, day_num)
        except ValueError:
            return Resolution(None, "none", False)
        if kind == "part_date":
            time = "T" + d.parts[f["part"].lower()]
        return day_value(when, "absolute" if explicit else "publication")
    if kind in ("numeric", "iso"):
        return day_value(numeric_date(f["day"], f["mon"], f["year"]), "absolute")
    if kind == "day_bare":
        if here is None:
            return Resolution(None, "none", False)
        try:
            return day_value(here.replace(day=_day_number(f["day"])), "narrative")
        except ValueError:
            return Resolution(None, "none", False)
    if kind == "month_year":
        full_year = _year(f["year"], pub)
        return Resolution(f"{full_year}-{d.months[f['month'].lower()]:02d}", "absolute", False)
    if kind == "month":
        month = d.months[f["month"].lower()]
        anchor = pub or here
        if anchor is None:
            return Resolution(f"XXXX-{month:02d}", "none", False)
        rel = (f.get("rel") or TENSE_DIRECTION.get(tense or "", "")).lower()
        if rel == "prochain":  # the next such month
            year = anchor.year + (month <= anchor.month)
        elif rel == "dernier":  # the last such month
            year = anchor.year - (month >= anchor.month)
        elif rel == "coming":
            year = anchor.year + (month < anchor.month)
        elif rel == "gone":
            year = anchor.year - (month > anchor.month)
        else:
            year = infer_year(month, 1, anchor) or anchor.year
        return Resolution(f"{year}-{month:02d}", "publication", False)
    if kind == "year":
        return Resolution(str(_year(f["year"], pub) or f["year"]), "absolute", False)
    if kind == "decade":  # TIMEX3 writes a decade as its first three digits
        decade = f["decade"] if len(f["decade"]) == 4 else f"19{f['decade']}"
        return Resolution(decade[:3], "absolute", False)
    if kind == "season":
        season_year = f.get("year") or (str(pub.year) if pub and "this" in f else "XXXX")
        return Resolution(f"{season_year}-{d.seasons[f['season'].lower()]}", "publication", False)
    if kind == "ago":
        anchor = deictic_anchor
        n = _number(f["num"])
        unit = d.units[f["unit"].lower()][1]
        if anchor is None or n == "X":
            return Resolution("PAST_REF", deictic_name, False)
        if unit == "Y":
            return Resolution(str(anchor.year - int(n)), deictic_name, False)
        if unit == "M":
            index = anchor.year * 12 + anchor.month - 1 - int(n)
            return Resolution(f"{index // 12}-{index % 12 + 1:02d}", deictic_name, False)
        if unit == "W":  # "il y a deux semaines": that week, as "la semaine dernière" is
            year, week, _ = (anchor - dt.timedelta(weeks=int(n))).isocalendar()
            return Resolution(f"{year}-W{week:02d}", deictic_name, False)
        if unit != "D":
            return Resolution(anchor.isoformat(), deictic_name, False)
        return day_value(anchor - dt.timedelta(days=int(n)), deictic_name, False)
    if kind == "deictic":
        spec = d.deictic[f["word"].lower()]
        if deictic_anchor is None:
            return Resolution(None, "none", False)
        if "days" in spec:
            return day_value(deictic_anchor + dt.timedelta(days=spec["days"]), deictic_name)
        return Resolution(_shift(deictic_anchor, spec), deictic_name, False)
    if kind == "weekday":
        anchor = here if f.get("there") else deictic_anchor  # "ce mercredi-là": the story's
        if anchor is None:
            return Resolution(None, "none", False)
        direction = f.get("rel") or TENSE_DIRECTION.get(tense or "")
        when = _weekday_date(d.weekdays[f["weekday"].lower()], anchor, direction)
        # "X a annoncé que lundi serait chômé": a day to come does not move the story
        return day_value(when, deictic_name, moves=tense != "future")
    if kind == "anaphoric":
        spec = d.anaphoric[f["word"].lower()]
        moves = spec.get("moves", True)
        if "value" in spec:
            return Resolution(spec["value"], "none", False)
        if here is None:
            return Resolution(None, "none", False)
        if spec.get("days") == 0:  # "le jour même": the day last told
            return day_value(told or here, "narrative", moves)
        if "days" in spec:
            return day_value(here + dt.timedelta(days=spec["days"]), "narrative", moves)
        ref = frame.reference or here.isoformat()
        if spec.get("same") == "moment":
            return Resolution(ref, "narrative", False)
        if spec.get("same") == "month":
            return Resolution(ref[:7], "narrative", False)
        return Resolution(_on_same_day_part(ref), "narrative", False)
    if kind in ("same_part", "that_part", "heading_part", "this_part", "part"):
        part = "T" + d.parts[f["part"].lower()]
        if kind == "this_part":
            # "ce soir" is today's evening, unless the article tells a past timeline (dated
            # from its own dates, not counted back from today): then it is the evening of the
            # day the narrative is on
            near = here is not None and pub is not None and 0 <= (pub - here).days <= 1
            from_today = frame.set_by == "publication"
            anchor = pub if (near or from_today or here is None) and not in_quote else here
            return Resolution(  # the story is now on that part of that day
                anchor.isoformat() + part if anchor else None,
                "publication" if anchor is pub else "narrative",
                True,
            )
        if here is None:
            return Resolution(None, "none", False)
        same = kind in ("same_part", "that_part") or f.get("x", "").endswith("même")
        day = (told or here) if same else here  # "le matin même": of the day last told
        return Resolution(day.isoformat() + part, "narrative", False)
    if kind == "clock":
        if here is None:
            return Resolution(None, "none", False)
        return Resolution(here.isoformat() + (_time_part(f) or ""), "narrative", True)
    if kind == "duration":
        return Resolution(duration_value(f["num"], f["unit"]), "none", False)
    if kind == "duration_word":
        return Resolution(d.duration_words[f["word"].lower()], "none", False)
    if kind == "set":
        if "word" in f:
            return Resolution(d.set_words[f["word"].lower()], "none", False)
        unit = f["unit"].lower()
        if unit in d.set_units:
            return Resolution(d.set_units[unit], "none", False)
        weekday = d.weekdays.get(unit.rstrip("s"))
        return Resolution(f"XXXX-WXX-{weekday}" if weekday else None, "none", False)
    return Resolution(None, "none", False)


def timex_mod(fields: dict[str, str]) -> str | None:
    """The TIMEX3 ``mod`` of what qualifies an expression (``début``, ``fin``, ``vers``)."""
    word = fields.get("mod") or fields.get("approx") or ""
    if not word:  # "le début du mois", said in one phrase
        start = re.match(r"(?:l[ea]\s+)?(début|fin)\b", fields.get("word", ""), re.IGNORECASE)
        word = start.group(1) if start else ""
    return data().mods.get(re.sub(r"\s+", " ", word.lower()))


def timex_type(kind: str, value: str | None) -> str:
    if kind in ("duration", "duration_word"):
        return "DURATION"
    if kind == "set":
        return "SET"
    return "TIME" if value and "T" in value and not value.startswith("P") else "DATE"


_QUOTE_SPAN = re.compile(r"«[^»\n]*?(?:»|[.!?…][\"”]|$)|“[^”\n]*(?:”|$)|\"[^\"\n]*\"", re.MULTILINE)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted speech: « … » (closed by the English mark after a sentence's end, ``« … partons."``,
    as machine translation leaves it; to the end of its line if never closed), “ … ”, " … "."""
    return [m.span() for m in _QUOTE_SPAN.finditer(text)]


class Spans:
    """Sorted spans that do not overlap (sentences, quotes, headings): the one that holds an
    offset, found by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = list(spans)
        self.starts = [a for a, _ in self.spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, offset) - 1
        return self.spans[i] if i >= 0 and offset < self.spans[i][1] else None

    def holds(self, offset: int) -> bool:
        return self.at(offset) is not None


def _sentence_initial(text: str, start: int, sentences: Spans) -> bool:
    s = sentences.at(start)
    return s is not None and len(text[s[0] : start].split()) <= 1


# the start of a line that states when the article was published or updated
_PUBLICATION = re.compile(
    r"\b(?:publication|publiée?|mise?[ \t]+à[ \t]+jour|posté|parution)\b[^\n]{0,15}$", re.IGNORECASE
)


# a dateline: the article's first line opens with a place in capitals, then the date
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ'’ .-]{1,40}(?:\([^)\n]{0,30}\))?\s*[,:–—-]\s*(?:le\s+)?$"
)


def publication_date(text: str, found: Sequence[Candidate] | None = None) -> dt.date | None:
    """The publication date the article states: ``Publié le …``, ``Heure de publication : …``,
    or a dateline (``VALMER, 9 août 2022 -``)."""
    statement = publication_statement(text, detect(text) if found is None else found)
    return statement[1] if statement else None


def publication_statement(
    text: str, found: Sequence[Candidate]
) -> tuple[Candidate, dt.date] | None:
    """The expression that states the publication date, and that date."""
    first_line = len(text) - len(text.lstrip())
    for c in found:
        line_start = text.rfind("\n", 0, c.start) + 1
        before = text[line_start : c.start]
        stated = _PUBLICATION.search(before) or (
            line_start <= first_line and _DATELINE.match(before)
        )
        if c.kind in ("date", "numeric", "iso") and stated:
            value = resolve(c, Frame(None, None), False).value
            day = _day_of(value) if value and not value.startswith("X") else None
            if day:
                return c, day
    return None


def _sentence_end(text: str, start: int, sentences: Spans) -> int:
    s = sentences.at(start)
    if s is not None:
        return s[1]
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _frame_for(
    c: Candidate,
    found: Sequence[Candidate],
    starts: Sequence[int],
    frame: Frame,
    text: str,
    sentences: Spans,
    quotes: Spans,
    in_quote: bool,
) -> Frame:
    """A bare time takes the day its own sentence names, even after it (``vers 15 h, hier``).

    ``found`` is in text order, ``starts`` its start offsets."""
    if c.kind not in ("clock", "part"):
        return frame
    end = _sentence_end(text, c.start, sentences)
    for i in range(bisect_left(starts, c.end), len(found)):
        later = found[i]
        if later.start >= end:
            break
        if later.kind not in DAY_NAMING:
            continue
        if quotes.holds(later.start) == in_quote:  # in the same voice
            day = resolve(later, frame, in_quote).value
            if day and _day_of(day):
                return Frame(frame.publication, day[:10])
    return frame


AUXILIARIES = ("aux", "aux:tense", "aux:pass", "cop")


def verb_tense(verb: Token) -> str | None:
    """``future`` (future, conditional, imperative, or an infinitive after ``aller``,
    ``devoir``, ...), ``past`` (a compound past, the imperfect, the simple past), else None."""
    d = data()
    words = [verb, *(c for c in verb.children if c.dep_ in AUXILIARIES)]
    for w in words:
        if {"Cnd", "Imp"} & set(w.morph.get("Mood", [])) or "Fut" in w.morph.get("Tense", []):
            return "future"
    form = set(verb.morph.get("VerbForm", []))
    if "Inf" in form and verb.dep_ == "xcomp" and verb.head.lemma_ in d.future_modals:
        return "future"
    if "Part" in form and verb.lower_.endswith(d.future_endings):
        return "future"  # "signera" read as a participle: no participle ends so
    if any(c.dep_ == "aux:tense" for c in verb.children) and not form & {"Inf", "Ger"}:
        return "past"  # a compound past, whatever the tagger made of the participle ("tweeté")
    if "Fin" in form and conditional_form(verb.lower_, verb.lemma_.lower()):
        return "future"  # "partirait" tagged an imperfect
    if "Fin" in form and {"Past", "Imp"} & set(verb.morph.get("Tense", [])):
        return "past"
    return None


def conditional_form(form: str, lemma: str) -> bool:
    """``partirait``, ``déclareraient``, ``prendrait``: the infinitive's stem and a conditional
    ending (the imperfect ``déclarait`` has no ``r`` of the infinitive before it)."""
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    return len(lemma) > 3 and form in (stem + "ait", stem + "aient")


Predicate = Callable[[int, int], "Token | None"]
TENSED = {"weekday", "month"}  # the expressions whose direction a verb's tense sets
YEARLESS = {"month", "season"}  # a year named earlier in their sentence is theirs


def _reported(c: Candidate, verb: Token | None, predicate: Predicate | None) -> bool:
    """Whether ``c`` dates a reported clause (``a révélé qu'un convoi avait été attaqué lundi``):
    the verb it dates (``verb``, else found by ``predicate``) is the complement of a saying."""
    if verb is None and predicate is not None:
        verb = predicate(c.start, c.end)
    return verb is not None and verb.dep_ == "ccomp"


def normalise(
    text: str,
    found: Sequence[Candidate],
    publication: dt.date | None,
    sentences: Sequence[Sentence] = (),
    headings: Sequence[Heading] = (),
    statement: Candidate | None = None,
    predicate: Predicate | None = None,
) -> list[Timex]:
    """Timex records for the detected expressions, resolved in text order.

    ``statement`` is the expression that states the publication date: it moves no narrative.
    ``predicate(start, end)`` is the verb an expression dates, from the parse: its tense
    (``verb_tense``) directs a weekday or a month, and a day in a reported clause dates what was
    said (it does not move the story unless it opens the sentence).
    """
    frame = Frame(publication, publication.isoformat() if publication else None)
    quotes = Spans(quote_spans(text))
    heading_spans = Spans((h.start, h.end) for h in headings)
    lines = Spans((s.start, s.end) for s in sentences)
    starts = [c.start for c in found]
    years: dict[int, str] = {}  # sentence start -> the last year it named
    out = []
    for n, c in enumerate(found, 1):
        in_quote = quotes.holds(c.start)
        initial = _sentence_initial(text, c.start, lines)
        where = _frame_for(c, found, starts, frame, text, lines, quotes, in_quote)
        tensed = predicate is not None and c.kind in TENSED and "rel" not in c.fields
        verb = predicate(c.start, c.end) if predicate is not None and tensed else None
        when = verb_tense(verb) if verb is not None else None
        r = resolve(c, where, in_quote, when)
        sentence = lines.at(c.start)
        named = years.get(sentence[0]) if sentence else None
        if named and c.kind in YEARLESS and not ({"rel", "year", "this"} & c.fields.keys()):
            r = Resolution(named + (r.value or "XXXX")[4:], "absolute", False)  # "en 95 (en mars"
        year = c.fields.get("year")
        if sentence and year and r.value and r.value[:4].isdigit():
            years[sentence[0]] = r.value[:4]  # the year this sentence names, for its months
        if (
            c.kind == "anaphoric"
            and c.fields["word"].lower() in ("l'époque", "l’époque")
            and not initial
        ):
            r = Resolution("PAST_REF", "none", False)  # "qui remonte à l'époque"
        kind_type = timex_type(c.kind, r.value)
        extra: dict[str, Any] = {"anchor": r.anchor}
        mod = timex_mod(c.fields)
        if mod:
            extra["mod"] = mod  # TIMEX3 mod: "début mai" is START of 2024-05
        if when:
            extra["tense"] = when  # the evidence for a weekday's or a month's direction
        stating = c == statement
        if stating:  # when the article was published, not a time of its story
            extra["role"] = "publication"
        in_heading = heading_spans.holds(c.start)
        point = shifted_point(c, frame.reference) if "shift" in c.fields else None
        told = not stating and not in_quote and (initial or in_heading)
        if told and _day_of(point or r.value or ""):
            frame.last = point or r.value  # what sets a sentence, a flashback too
        if point:
            extra["point"] = point  # where "deux jours plus tôt" puts the story
            if c.fields["shift"] == "+" and not in_quote and _day_of(point):
                frame.reference, frame.set_by = point, "narrative"
                extra["narrative"] = True
        placed = r.value is not None and _day_of(r.value) is not None
        if (
            placed
            and not stating
            and not in_quote
            and (in_heading or (r.moves and (r.anchor in ("absolute", "publication") or initial)))
            and (in_heading or initial or not _reported(c, verb, predicate))
        ):  # a heading dates the stretch under it, even "La veille," or "Le soir même,"
            frame.reference, frame.set_by = r.value, r.anchor
            extra["narrative"] = True  # the story is now on this day: what follows is dated by it
        out.append(Timex(f"t{n}", c.start, c.end, text[c.start : c.end], kind_type, r.value, extra))
    return out


def find_timexes(
    text: str,
    publication: dt.date | None = None,
    sentences: Sequence[Sentence] = (),
    headings: Sequence[Heading] = (),
    prefer_given: bool = False,
    predicate: Predicate | None = None,
) -> tuple[list[Timex], dt.date | None]:
    """Every time expression of ``text`` with its value, and the publication date used.

    A publication date the article states wins over ``publication`` (the input's), unless
    ``prefer_given`` (the user set it on the command line).
    """
    found = detect(text)
    statement = publication_statement(text, found)
    stated = None if (prefer_given and publication) or statement is None else statement[1]
    anchor = stated or publication
    timexes = normalise(
        text, found, anchor, sentences, headings, statement and statement[0], predicate
    )
    return timexes, anchor
