"""Events: who did what, when, on the article's timeline.

A trigger is a verb or a nominalisation whose lemma the data file ``resources/events.json`` lists
under an event type (``licencier``, ``limogeage``, ``annoncer``); some verbs are typed by their
object (``publier un communiqué`` is an announcement, ``publier un message`` a post). Actors come
from the dependency parse (subject first, then objects, ``par``/``avec``/``à`` complements),
resolved to the article's entities (``referent``: pronouns, ``qui``, definite descriptions). A
verb no type lists is a statement when it reports speech, else ``other`` when it tells a done
action of a named subject; ``judge`` says why each candidate is or is not an event, and each event
keeps its rule and the path to each actor. The time is the nearest timex of the trigger's clause,
else of its sentence, else the heading whose scope the trigger is in, else the narrative's day.
A one-off event told again (a lead and its body, or named again later: ``l'éviction de X``) is
marked ``same_as`` its first telling.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import numpy
from spacy.attrs import DEP, HEAD, IS_TITLE, LEMMA, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from pipeline import names
from pipeline.records import Entity, Event, Heading, Sentence, Span, Timex
from pipeline.timex import Spans, quote_spans, verb_tense

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
ACTOR_DEPS = ("obj", "iobj", "obl:arg", "obl:agent", "obl", "obl:mod", "nmod", "appos")
NAME_DEPS = ("flat:name", "flat", "compound", "conj", "appos", "nmod", "amod")
CLAUSE_DEPS = ("acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj")
ACTOR_CASES = (
    "par",
    "avec",
    "à",
    "au",
    "aux",
    "de",
    "d'",
    "d’",
    "du",
    "des",
    "contre",
    "pour",
    "chez",
    "entre",
)
ONE_OFF = {"appointment", "dismissal", "resignation", "joining", "hiring", "announcement", "return"}


@dataclass(frozen=True)
class Triggers:
    verbs: dict[str, str]
    nouns: dict[str, str]
    object_types: dict[str, dict[str, str]]
    pronouns: frozenset[str]
    wishes: frozenset[str]
    settings: tuple[str, ...]
    refusals: frozenset[str]
    org_descriptions: frozenset[str]
    post_nouns: frozenset[str]
    states: frozenset[str]
    call_means: frozenset[str]
    light_objects: frozenset[str]
    etre_verbs: frozenset[str]
    urges: frozenset[str]
    learning: frozenset[str]


@cache
def triggers() -> Triggers:
    raw = json.loads(resources.files("pipeline").joinpath("resources/events.json").read_text())
    verbs = {lemma: t for t, spec in raw["types"].items() for lemma in spec["verbs"]}
    nouns = {lemma: t for t, spec in raw["types"].items() for lemma in spec["nouns"]}
    return Triggers(
        verbs,
        nouns,
        raw["object_types"],
        frozenset(raw["pronouns"]),
        frozenset(raw["wishes"]),
        tuple(raw["settings"]),
        frozenset(raw["refusals"]),
        frozenset(raw["organisation_descriptions"]),
        frozenset(raw["post_nouns"]),
        frozenset(raw["states"]),
        frozenset(raw["call_means"]),
        frozenset(raw["light_objects"]),
        frozenset(raw["etre_verbs"]),
        frozenset(raw["urges"]),
        frozenset(raw["learning"]),
    )


OBJECT_DEPS = ("obj", "obl", "obl:arg")


def typed_by_object(token: Token) -> tuple[str, Token] | None:
    """``publier un communiqué``: the type a verb takes from its object, and that object."""
    kinds = triggers().object_types.get(token.lemma_.lower(), {})
    for child in token.children:
        if child.dep_ in OBJECT_DEPS and child.lemma_.lower() in kinds:
            return kinds[child.lemma_.lower()], child
    return None


def _on_a_platform(token: Token, index: EntityIndex) -> bool:
    """``envoyer un message sur X``, ``répondre par deux tweets``: said in public, on a platform
    named in the article (after the verb or its object) or by a post."""
    for child in token.children:
        if child.dep_ == "obj" or child.dep_.startswith("obl"):
            if child.lemma_.lower() in triggers().post_nouns:
                return True
            if child.dep_ == "obj" and _on_a_platform(child, index):
                return True
        cases = {c.lower_ for c in child.children if c.dep_ == "case"}
        if child.dep_.startswith(("obl", "nmod")) and "sur" in cases and _entities_in(child, index):
            return True
    return False


@cache
def _stems() -> tuple[dict[str, tuple[int, str]], tuple[int, ...]]:
    """``réclam`` -> (its rank in the data file, the type of ``réclamer``), for -er verbs the
    lemmatizer leaves as they are; and the stems' lengths."""
    stems = {
        v[:-2]: (n, t)
        for n, (v, t) in enumerate(triggers().verbs.items())
        if v.endswith("er") and len(v) >= 7
    }
    return stems, tuple(sorted({len(s) for s in stems}))


def verb_by_stem(form: str) -> str | None:
    """The type of the listed verb whose stem starts ``form`` (``retweeté``), first listed first."""
    stems, lengths = _stems()
    found = [stems[form[:n]] for n in lengths if len(form) <= n + 5 and form[:n] in stems]
    return min(found)[1] if found else None


AUX_DEPS = ("aux", "aux:pass", "aux:tense")


def is_verb(token: Token) -> bool:
    """A verb, or a word the model does not know used as one (``a retweeté``: an auxiliary)."""
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ in AUX_DEPS for c in token.children)


NEGATIONS = ("pas", "jamais", "plus", "guère", "aucunement", "nullement", "rien", "personne")
NOTHING = ("aucun", "aucune", "nul", "nulle")  # "n'a opposé aucune résistance"


def negated(token: Token) -> bool:
    """``il ne quitterait pas``, ``sans prévenir``: said not to happen."""
    children = {c.lower_ for c in token.children}
    if children & {"ne", "n'", "n’"} and (
        children & set(NEGATIONS)
        or any(g.lower_ in NOTHING for c in token.children for g in c.children)
    ):
        return True
    if any(c.lower_ == "sans" and c.dep_ in ("mark", "case") for c in token.children):
        return True
    return _negated_group(token)


def _negated_group(token: Token) -> bool:
    """``n'avait toujours pas réagi``, the negation hung on a misparsed auxiliary: ``ne`` and a
    negation word among the words of the verb group before the verb."""
    words = []
    for word in reversed(token.doc[max(0, token.i - 5) : token.i]):
        if word.is_punct or word.pos_ in ("NOUN", "PROPN", "CCONJ", "SCONJ"):
            break
        words.append(word.lower_)
    return bool({"ne", "n'", "n’"} & set(words)) and bool(set(NEGATIONS) & set(words))


def verb_lemma(token: Token) -> str:
    """A verb's lemma, with the causative ``faire`` before it (``ont fait savoir``)."""
    lemma = token.lemma_.lower()
    if lemma not in _causatives():
        return lemma
    causative = any(
        c.lemma_ == "faire" and c.i < token.i and c.dep_ in ("aux", "aux:caus", "dep")
        for c in token.children
    )
    return f"faire {lemma}" if causative else lemma


@cache
def _causatives() -> frozenset[str]:
    """The verbs the lexicon lists after a causative ``faire`` (``savoir``)."""
    listed = [*triggers().verbs, *triggers().states]
    return frozenset(v.split()[1] for v in listed if v.startswith("faire "))


def urged(token: Token) -> bool:
    """``appelle les soldats à rejoindre``, ``a appelé à la retenue``: a verb of urging with
    what it urges, introduced by ``à``."""
    if token.lemma_.lower() not in triggers().urges:
        return False
    return any(
        (c.dep_ in ("xcomp", "advcl") and any(m.lower_ == "à" for m in c.children))
        or (c.dep_.startswith("obl") and any(m.lower_ in ("à", "au", "aux") for m in c.children))
        for c in token.children
    )


def listed(token: Token) -> tuple[str, str] | None:
    """The type the lexicon gives a verb, by its object, its lemma or its stem, and the rule."""
    t = triggers()
    lemma = verb_lemma(token)
    if urged(token):
        return "pressure", f"lexicon: {lemma} à"
    typed = typed_by_object(token) if lemma in t.object_types else None
    if typed:
        return typed[0], f"lexicon: {lemma} + {typed[1].lemma_.lower()}"
    if lemma in t.verbs:
        return t.verbs[lemma], f"lexicon: {lemma}"
    kind = verb_by_stem(token.lower_)
    return (kind, f"lexicon: stem of {token.lower_}") if kind else None


def listed_type(token: Token) -> str | None:
    """The type the lexicon gives a verb, or None."""
    found = listed(token)
    return found[0] if found else None


QUOTE_ENDS = ("»", "”", '"')


def after_quote(token: Token) -> bool:
    """``« … », a lancé X``: the verb of the incise right after a closing quote."""
    doc = token.doc
    for comma in range(token.i - 1, max(0, token.i - 4), -1):  # over "a", "a été", "a-t-il"
        if doc[comma].text == ",":
            between = doc[comma + 1 : token.i]
            told = all(t.head.i == token.i and t.pos_ in ("AUX", "PRON") for t in between)
            return told and doc[comma - 1].text.endswith(QUOTE_ENDS)
    return False


QUE = ("que", "qu'", "qu’")


def says_that(token: Token) -> bool:
    """``a précisé que …``: a verb whose complement is a clause introduced by ``que``."""
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in QUE for m in c.children)
        for c in token.children
    )


def speech(token: Token) -> str | None:
    """Why a verb no type lists reports speech (a statement): it opens the incise after a
    quote, or what it says is a ``que`` clause (not a state: ``savoir que``, ``penser que``)."""
    if after_quote(token):
        return "speech: after a quote"
    t, lemma = triggers(), verb_lemma(token)
    if lemma not in t.states and lemma not in t.learning and says_that(token):
        return "speech: says that"
    return None


SAYING = ("statement", "announcement")


def reported(token: Token) -> bool:
    """A clause of what a statement or an announcement says (``a annoncé qu'elle acceptait``,
    ``a affirmé avoir pris``) or of what someone learned (``a appris que X avait prolongé``:
    learning a fact takes it as true)."""
    head = token.head
    if token.dep_ not in ("ccomp", "xcomp"):
        return False
    learned = verb_lemma(head) in triggers().learning
    return learned or listed_type(head) in SAYING or speech(head) is not None


FORMS = {
    "Cnd": "a conditional",
    "Sub": "a subjunctive",
    "Imp": "an imperative",
    "Inf": "an infinitive",
    "Part": "a participle without auxiliary",
}


def dated_participle(token: Token, index: EntityIndex) -> bool:
    """``fondée en 2017 par X``, ``Libéré sous caution en mars, X …``: a past participle without
    auxiliary that carries its own date tells a done action."""
    if "Part" not in token.morph.get("VerbForm", []) or "Past" not in token.morph.get("Tense", []):
        return False
    return token.dep_ in ("acl", "advcl", "conj") and any(
        index.dates.holds(c.idx) for c in _own_words(token)
    )


def _own_words(token: Token) -> Iterable[Token]:
    """The words of ``token``'s phrase that no other verb governs (``fondée par X en 2017``,
    however the parser hung ``en 2017``)."""
    for child in token.children:
        if not is_verb(child):
            yield child
            yield from _own_words(child)


def _on_its_day(token: Token, index: EntityIndex) -> bool:
    """A verb whose own words name a day (``qui visitait ce jour-là une usine``)."""
    return any(index.days.holds(c.idx) for c in _own_words(token))


def not_done(token: Token, index: EntityIndex | None = None) -> str | None:
    """Why a verb does not tell a done action: its mood or tense, or the clause it is in;
    None when it does (a finite indicative or a compound tense, in a main or a reported
    clause)."""
    form = token.morph.get("VerbForm", [])
    tense = token.morph.get("Tense", [])
    etre = token.lemma_.lower() in triggers().etre_verbs
    compound = "Part" in form and any(
        c.dep_ in ("aux", "aux:tense")
        or (c.dep_ == "aux:pass" and c.lemma_ == "être")
        or (c.dep_ == "cop" and etre and c.lemma_ == "être")
        for c in token.children
    )  # "a quitté", "est arrivé", "était mort" (the parser often calls this "être" a passive's
    # or a copula)
    told = "Fin" in form and "Ind" in token.morph.get("Mood", [])
    if not (told or compound) and not (index is not None and dated_participle(token, index)):
        moods = [*token.morph.get("Mood", []), *form]
        return "not told as done: " + next((FORMS[m] for m in moods if m in FORMS), "no tense")
    if verb_tense(token) == "future":
        return "to come: future or conditional"
    inside = reported(token)
    if token.dep_ in ("xcomp", "csubj", "ccomp") and not inside:
        return "a complement clause"  # "a voulu partir": wanted, not done
    if told and "Pres" in tense and token.dep_ in ("acl:relcl", "advcl") and not inside:
        return "how things are: present in a subordinate clause"  # "où il participe à"
    if told and "Imp" in tense and not inside and not (index and _on_its_day(token, index)):
        return "how things were: imperfect"  # "il entraînait le club", not "visitait ce jour-là"
    if compound and passive_imperfect(token) and not inside:
        return "how things were: imperfect passive"  # "il était surveillé"
    return None


def passive_imperfect(token: Token) -> bool:
    """``était surveillé``, ``étaient fermées``: ``être`` in the imperfect before the participle of
    a verb whose compound tenses take ``avoir``, not reflexive (``était arrivé`` and ``s'était
    rendu`` are pluperfects, done actions)."""
    if token.lemma_.lower() in triggers().etre_verbs:
        return False
    if any(c.lemma_ == "se" or "Yes" in c.morph.get("Reflex", []) for c in token.children):
        return False
    return any(
        c.lemma_ == "être"
        and c.dep_ in ("aux:pass", "aux:tense")
        and "Imp" in c.morph.get("Tense", [])
        for c in token.children
    )


def _light(token: Token) -> bool:
    """``porter plainte``, ``mettre fin``: a state or light verb made an action by its object."""
    objects = triggers().light_objects
    return any(c.dep_ == "obj" and c.lemma_.lower() in objects for c in token.children)


def open_verdict(token: Token, index: EntityIndex) -> tuple[str | None, str]:
    """(``other`` or None, why): a done action of a named subject, or why it is not one."""
    if token.pos_ != "VERB":
        return None, ""
    lemma = verb_lemma(token)
    if lemma in triggers().states and not _light(token):
        return None, f"state: {lemma}"
    if lemma in triggers().refusals:
        return None, f"a refusal: {lemma}"  # what was not done
    why_not = not_done(token, index)
    if why_not:
        return None, why_not
    if dated_participle(token, index):
        return "other", "open: a participle with its own date"
    subject = subject_of(token)
    if subject is not None and (_entities_in(subject, index) or _referent(subject, index)):
        return "other", "open: a done action, named subject"
    if _named_object(token, index):
        return "other", "open: a done action, named object"  # "des inconnus ont enlevé X"
    return None, "no named subject"


def _named_object(token: Token, index: EntityIndex) -> bool:
    """The direct object or the agent of a verb names a person or an organisation (``ont enlevé
    X``, ``ont été perquisitionnés par X``)."""
    return any(
        c.dep_ in ("obj", "obl:agent")
        and any(index.labels.get(a) in ("PER", "ORG") for a in _entities_in(c, index))
        for c in token.children
    )


def purpose(token: Token) -> bool:
    """An infinitive after ``pour`` or ``afin de`` (however the parser attached them), or a
    clause after ``pour que``, ``afin que`` (``afin qu'elle nomme``)."""
    if "Inf" not in token.morph.get("VerbForm", []):
        marks = [c for c in token.children if c.dep_ == "mark"]
        words = {w.lower_ for c in marks for w in (c, *c.children)}
        return bool(words & {"pour", "afin"}) and bool(words & set(QUE))
    if any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in token.children):
        return True
    before = [t.lower_ for t in token.doc[max(0, token.i - 2) : token.i]]
    return before[-1:] == ["pour"] or (
        before[-1:] in (["de"], ["d'"], ["d’"]) and before[:1] == ["afin"]
    )


def _by_call(token: Token) -> bool:
    """A meeting held by telephone or video: a call (``par téléphone`` among its obliques, or
    right after it however the parser hung it)."""
    means = triggers().call_means
    if any(c.dep_.startswith("obl") and c.lemma_.lower() in means for c in token.children):
        return True
    after = token.doc[token.i + 1 : token.i + 4]
    return any(w.lemma_.lower() in means and w.i > 0 and w.nbor(-1).pos_ == "ADP" for w in after)


PERSON_TYPES = ("dismissal", "hiring")  # done to a person (one is appointed to a post)


def _thing_object(token: Token, index: EntityIndex) -> bool:
    """The verb's object is a thing: a common noun, no role, no name (``a suspendu ses vols``,
    ``a révoqué la liberté sous caution de X``; not ``a suspendu son directeur`` or ``a suspendu
    Karl Brenner``)."""
    roles = names.word_set("person_roles")
    return any(
        c.dep_ == "obj"
        and c.pos_ == "NOUN"
        and c.lower_ not in roles
        and c.lemma_.lower() not in roles
        and index.at(c.idx, c.idx + len(c.text)) is None  # "la liberté de X": a thing still
        for c in token.children
    )


def event_type(token: Token, index: EntityIndex) -> str | None:
    """The event type a token triggers, or None."""
    return judge(token, index)[0]


def judge(token: Token, index: EntityIndex) -> tuple[str | None, str]:
    """(type, the rule that typed it), or (None, why it is not an event: empty when it was no
    candidate at all)."""
    t = triggers()
    lemma = token.lemma_.lower()
    if is_verb(token) and token.dep_ not in AUX_DEPS:
        found = listed(token)
        said = None if found else speech(token)
        kind, rule = found or (("statement", said) if said else open_verdict(token, index))
        if kind is None:
            return None, rule
        if index.in_quote(token.idx):
            return None, "speech in a quote"  # what the speaker says happened: the saying is told
        if negated(token):
            return None, "negated"  # "il ne quitterait pas son poste", "sans prévenir"
        if any(c.dep_ == "mark" and c.lower_ == "si" for c in token.children):
            return None, "hypothetical: si"  # "si X décide de partir"
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in t.refusals:
            return None, f"refused or threatened: {token.head.lemma_.lower()}"
        if token.dep_ in ("xcomp", "advcl") and urged(token.head):
            return None, f"urged, not done: {token.head.lemma_.lower()}"
        if purpose(token):
            return None, "purpose clause"  # "pour discuter de permis": what it was for
        told_by = token.head.lemma_.lower()
        if token.dep_ == "acl" and (told_by in t.nouns or told_by in t.post_nouns):
            return None, f"what a {told_by} says"  # "un communiqué annonçant X"
        if kind == "meeting" and _by_call(token):
            return "message", rule + ", by a call"  # "s'est entretenu par téléphone avec"
        if kind == "message" and _on_a_platform(token, index):
            return "post", rule + ", on a platform"
        if kind in PERSON_TYPES and " + " not in rule and _thing_object(token, index):
            return "other", rule + ", its object not a person"  # "a suspendu ses vols"
        return kind, rule
    if token.pos_ == "NOUN" and lemma in t.nouns:
        if index.at(token.idx, token.idx + len(token.text)) is not None:
            return None, "a word of a name"  # "la Conférence de Valmer sur la sécurité"
        head = token.head
        typed = typed_by_object(head) if token.dep_ in OBJECT_DEPS else None
        if typed and typed[1].i == token.i:
            return None, f"object of {head.lemma_.lower()}"  # "publier un communiqué": one event
        if token.dep_ == "obj" and event_type(head, index) == t.nouns.get(lemma):
            return None, f"object of {head.lemma_.lower()}"  # "convoquer une réunion"
        wished = head.lemma_.lower() in t.wishes or any(
            head.lower_.startswith(w[:-2]) for w in t.wishes
        )
        if wished and token.dep_ == "obj":
            return None, f"wished for: {head.lemma_.lower()}"  # "demander la démission de X"
        cases = " ".join(c.lower_ for c in token.children if c.dep_ in ("case", "fixed", "mark"))
        if any(cases.startswith(c) for c in t.settings):
            return None, f"a setting: {cases}"  # "lors d'une conférence de presse"
        return t.nouns[lemma], f"lexicon: {lemma}"
    return None, ""


def trigger_span(token: Token) -> tuple[int, int]:
    """The verb with its auxiliaries (``a annoncé``, ``était mort``) and a causative ``faire``
    with its own (``a fait savoir``), or the noun alone."""
    start = token.idx
    for child in token.children:
        if child.i > token.i or child.pos_ not in ("AUX", "VERB"):
            continue  # "Peu après", hung as an auxiliary, is none
        told = child.dep_ in AUX_DEPS or (child.dep_ == "cop" and token.pos_ == "VERB")
        if told or child.lemma_ == "faire":  # "a été arrêté", "était mort", "a fait savoir"
            start = min(start, trigger_span(child)[0] if child.lemma_ == "faire" else child.idx)
    return start, token.idx + len(token.text)


class EntityIndex:
    """Which entity a character offset belongs to, and the persons named before a point."""

    def __init__(self, entities: Sequence[Entity], text: str = "", timexes: Sequence[Timex] = ()):
        self.lowered = text.lower()
        spans = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
        self.starts = [s for s, _, _ in spans]
        self.spans = spans
        self.persons = sorted(
            (m.start, e.id) for e in entities if e.label == "PER" for m in e.mentions
        )
        self.places = {e.id for e in entities if e.label == "LOC"}  # where, not who
        self.orgs = sorted(  # every organisation mention, in text order
            (m.start, e.id, m.text.lower())
            for e in entities
            if e.label == "ORG"
            for m in e.mentions
        )
        self.quotes = Spans(quote_spans(text))
        self.labels = {e.id: e.label for e in entities}
        # the spans of the timexes that put something on a date, and of those on a day
        self.dates = Spans((t.start, t.end) for t in timexes if _placed(t, day=False))
        self.days = Spans((t.start, t.end) for t in timexes if _placed(t))
        self.sentence = 0  # the sentence being read, and the person subject of the last event
        self.center: tuple[int, str] | None = None  # told before it: (its sentence, its id)
        self.acting: tuple[int, str] | None = None  # the subject of the last event, any label

    def tell(self, sentence: int, event_actors: Sequence[tuple[str, str]]) -> None:
        """An event was told in ``sentence``: its subject, a person, is who the next sentence's
        ``il``/``elle`` is first taken to be (the centre of attention); its subject, a person or
        an organisation, is whose ``ses``/``sa`` are (``possessor``)."""
        first = event_actors[0] if event_actors else None
        if first and first[1].startswith("subject") and self.labels.get(first[0]) != "LOC":
            self.acting = (sentence, first[0])
            if self.labels.get(first[0]) == "PER":
                self.center = (sentence, first[0])

    def possessor(self) -> tuple[str, str] | None:
        """Whose ``ses enquêteurs``, ``sa caution`` are: the subject of an event of this
        sentence or the one before."""
        if self.acting and self.acting[0] >= self.sentence - 1:
            return self.acting[1], "possessive: the subject before it"
        return None

    def acting_org(self) -> str | None:
        """The organisation subject of an event of this sentence or the one before (``Norvex a
        annoncé …« … », a expliqué le groupe``)."""
        found = self.possessor()
        return found[0] if found and self.labels.get(found[0]) == "ORG" else None

    def pronoun_person(self, offset: int) -> tuple[str, str] | None:
        """Who ``il``/``elle`` at ``offset`` is: the person subject of an event of this sentence
        or the one before, else the person last named."""
        if self.center and self.center[0] >= self.sentence - 1:
            return self.center[1], "pronoun: the subject before it"
        found = self.last_person_before(offset)
        return (found, "pronoun: the person last named") if found else None

    def in_quote(self, offset: int) -> bool:
        return self.quotes.holds(offset)

    def org_named(self, word: str, offset: int) -> str | None:
        """The organisation last named before ``offset`` with ``word`` in its name (``l'armée``:
        the ``Forces armées``), the word's plural or feminine too."""
        if len(word) < 4:
            return None
        stem = word[:-1] if word.endswith("e") else word
        i = bisect_left(self.orgs, (offset, "", ""))
        for _, eid, name in reversed(self.orgs[:i]):
            if any(w.startswith(stem) and len(w) - len(stem) <= 2 for w in re.split(r"\W+", name)):
                return eid
        return None

    def org_introduced(self, word: str, offset: int) -> str | None:
        """The organisation last named before ``offset`` right after ``word`` (``la compagnie``:
        the one named ``la compagnie X``)."""
        i = bisect_left(self.orgs, (offset, "", ""))
        for start, eid, _ in reversed(self.orgs[:i]):
            before = self.lowered[max(0, start - 30) : start].split()
            if word in before[-3:]:  # "la compagnie X", "le site spécialisé X"
                return eid
        return None

    def at(self, start: int, end: int) -> str | None:
        i = bisect_right(self.starts, start) - 1
        for s, e, eid in self.spans[max(0, i - 1) : i + 2]:
            if s < end and start < e:
                return eid
        return None

    def last_person_before(self, offset: int) -> str | None:
        i = bisect_right(self.persons, (offset, "")) - 1
        return self.persons[i][1] if i >= 0 else None

    def person_after_role(self, role: str, offset: int) -> str | None:
        """``l'avocat a indiqué``: the person named right after the role, last time the article
        gave it before ``offset`` (``son avocat, Me Karl Brenner``)."""
        at = self.lowered.rfind(role, 0, offset)
        while at >= 0:
            after = self.lowered[at + len(role) : at + len(role) + 1]
            whole = not self.lowered[at - 1 : at].isalpha() and not after.isalpha()
            i = bisect_right(self.persons, (at, ""))
            if whole and i < len(self.persons) and self.persons[i][0] - at <= ROLE_REACH:
                return self.persons[i][1] if self.persons[i][0] < offset else None
            at = self.lowered.rfind(role, 0, at)
        return None

    def main_org_before(self, offset: int) -> str | None:
        """The organisation the article is about: the first one it names (its title or lead
        names its subject first), if named before ``offset``."""
        return self.orgs[0][1] if self.orgs and self.orgs[0][0] < offset else None


def _name_tokens(token: Token) -> Iterable[Token]:
    """A name-bearing dependent and what continues it (``Karl Brenner``, ``X et Y``)."""
    yield token
    for child in token.children:
        if child.dep_ in NAME_DEPS:
            yield from _name_tokens(child)


def _entities_in(token: Token, index: EntityIndex) -> list[str]:
    out = []
    for t in _name_tokens(token):
        eid = index.at(t.idx, t.idx + len(t.text))
        if eid and eid not in out:
            out.append(eid)
    return out


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb: its own (after it in the incise of a quote: ``« … », a lancé
    X``), else that of the clause that governs it (participles, infinitives); a name first when
    the parser gave two (``Le partenaire de X, Y, a annoncé``: Y)."""
    seen = 0
    token: Token | None = verb
    while token is not None and seen < 4:
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"]
        if not subjects:  # "l'armée a fait savoir": the subject hung on "fait"
            subjects = [
                s
                for c in token.children
                if c.lemma_ == "faire" and c.i < token.i
                for s in c.children
                if s.dep_ in SUBJECT_DEPS
            ]
        if subjects:
            subject = min(subjects, key=lambda c: c.pos_ != "PROPN")
            fronted = _fronted_name(token) if subject.pos_ == "NOUN" else None
            return fronted if fronted is not None else subject  # "X, l'épouse de Y, a quitté"
        if after_quote(token):
            return inverted_subject(token)
        right_before = _noun_right_before(token)
        if right_before is not None:
            return right_before
        fronted = _fronted_name(token)
        if fronted is not None:
            return fronted
        if _gerund(token):  # "…, démentant les rumeurs": the subject of the verb it follows
            token = _told_before(token) or next(
                (h for h in token.ancestors if h.pos_ in ("VERB", "AUX")), None
            )
            seen += 1
            continue
        if token.dep_ in ("xcomp", "advcl", "conj", "acl"):
            token = token.head
            seen += 1
            continue
        return None
    return None


def _fronted_name(verb: Token) -> Token | None:
    """``X, qui avait appelé Y, a indiqué``: a name that opens the verb's clause, set off by a
    comma, without a preposition, is its subject whatever relation the parser gave it."""
    for child in verb.children:
        if child.i >= verb.i or child.pos_ != "PROPN" or child.dep_ in ("nsubj", "obj"):
            continue
        if any(c.dep_ == "case" for c in child.children):
            continue
        last = child.right_edge
        after = verb.doc[last.i + 1] if last.i + 1 < verb.i else None
        if after is not None and after.text == "," and child.left_edge.i == verb.left_edge.i:
            return child
    return None


def _noun_right_before(verb: Token) -> Token | None:
    """``et l'ancien ministre s'est effondré``, the noun parsed as part of what came before: a
    noun without a preposition right before a finite verb group that has no subject, or before
    the incises set off by commas between them (``Hier, X, qui avait appelé Y, a indiqué``, ``X,
    alors à Y, dans le nord, a annulé``)."""
    if "Fin" not in verb.morph.get("VerbForm", []) and not any(
        c.dep_ in AUX_DEPS for c in verb.children
    ):
        return None
    first = min(
        [verb.i, *(c.i for c in verb.children if c.i < verb.i and c.pos_ in ("AUX", "PRON"))]
    )
    if first == 0 or any(verb.doc[i].pos_ not in ("AUX", "PRON") for i in range(first, verb.i)):
        return None
    before = verb.doc[first - 1]
    if before.text != ",":
        return _name_head(before) if _bare_noun(before) else None
    commas = [t.i for t in verb.doc[verb.sent.start : first - 1] if t.text == ","]
    for comma in reversed(commas):  # "X, qui avait appelé Y, a indiqué": over the incises
        if _bare_noun(verb.doc[comma - 1]):
            return _name_head(verb.doc[comma - 1])
    return None


def _name_head(token: Token) -> Token:
    """The first word of the name a word ends (``Ferrant`` in ``Lina Ferrant``: ``Lina``)."""
    while token.dep_ in ("flat:name", "flat") and token.head.i < token.i:
        token = token.head
    return token


def _bare_noun(token: Token) -> bool:
    """A noun without a preposition (``X``, not ``à X``)."""
    return token.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "case" for c in token.children)


def _told_before(token: Token) -> Token | None:
    """The verb of a main clause the word follows in its sentence (``», a écrit X, précisant``:
    ``écrit``, however the parser hung ``précisant``)."""
    for word in reversed(token.doc[token.sent.start : token.i]):
        if word.pos_ == "VERB" and word.dep_ in ("ROOT", "parataxis", "conj"):
            return word
    return None


def _gerund(token: Token) -> bool:
    """A present participle (``précisant``, ``démentant``)."""
    return "Part" in token.morph.get("VerbForm", []) and "Pres" in token.morph.get("Tense", [])


INVERTED_DEPS = ("nsubj", "nsubj:pass", "obj", "appos", "conj")


def inverted_subject(token: Token) -> Token | None:
    """The speaker named after the verb of an incise (the parser often takes it for an object):
    the first noun after the verb, or the name after a role (``a reconnu le chef de la police,
    Karl Brenner``)."""
    after = [
        c
        for c in token.children
        if c.i > token.i and c.dep_ in INVERTED_DEPS and c.pos_ in ("PROPN", "NOUN", "PRON")
    ]
    if not after:  # the parser hung the name elsewhere: the name right after the verb
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        named = following is not None and (following.pos_ == "PROPN" or following.ent_type_)
        return following if named else None  # a name the tagger took for a noun too
    roles = names.word_set("person_roles")
    if after[0].pos_ == "NOUN" and after[0].lower_ in roles:
        return next((c for c in after[1:] if c.pos_ == "PROPN"), after[0])
    return after[0]


DEFINITE = ("le", "la", "l'", "l’", "l", "les")  # "l": an apostrophe the tokenizer split off


POSSESSIVES = ("son", "sa", "ses", "leur", "leurs")


def _possessive(token: Token) -> bool:
    """A noun with a possessive determiner: ``ses enquêteurs``, ``sa caution``."""
    return any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in token.children)


def _definite(token: Token) -> bool:
    """A noun with a definite article: ``le club``, ``la réunion``."""
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)


ROLE_REACH = 30  # characters from a role word to the name it introduces


def _referent(subject: Token, index: EntityIndex) -> list[str]:
    """Who a subject without a name stands for (see ``referent``)."""
    found = referent(subject, index)
    return [found[0]] if found else []


def referent(subject: Token, index: EntityIndex) -> tuple[str, str] | None:
    """(entity id, how) for a subject without a name: ``il``/``elle`` the speaker of the clause
    it is in, else the person subject of the sentence before, else the person last named (see
    ``EntityIndex.pronoun_person``), ``qui`` its antecedent, ``ses enquêteurs`` the subject of an
    event of its sentence or the one before, ``le club``/``l'entreprise`` the organisation last
    introduced so (``la compagnie X``), else the organisation subject of an event of its sentence
    or the one before, else the article's main one, ``l'avocat`` the person the
    article named after that role (``l'ancien ministre``: after these words first),
    ``l'armée``/``la police`` the organisation last named with that word in its name."""
    t = triggers()
    word = subject.lower_.lstrip("-")  # "a-t-il"
    found: str | None = None
    if word in t.pronouns:
        speaker = _speaker(subject, index)
        if speaker:
            return speaker[0], "pronoun: the speaker"
        return index.pronoun_person(subject.idx)
    elif word == "qui" and subject.head.dep_ == "acl:relcl":
        ids = _entities_in(subject.head.head, index)
        return (ids[0], "qui: its antecedent") if ids else None
    elif subject.pos_ == "NOUN" and _possessive(subject):
        return index.possessor()
    elif not _definite(subject):
        return None
    elif subject.lemma_.lower() in t.org_descriptions:
        found, how = index.org_introduced(word, subject.idx), "description: the one so introduced"
        if not found:
            found, how = index.acting_org(), "description: the organisation acting before it"
        if not found:
            found, how = index.main_org_before(subject.idx), "description: the main organisation"
    elif word in names.word_set("person_roles"):
        phrase = _role_phrase(subject)  # "l'ancien Premier ministre": who was introduced so
        found = index.person_after_role(phrase, subject.idx) if phrase != word else None
        found = found or index.person_after_role(word, subject.idx)
        how = "role: the person it named"
    elif subject.pos_ == "NOUN":
        found, how = index.org_named(word, subject.idx), "description: the organisation so named"
    return (found, how) if found else None


def _role_phrase(role: Token) -> str:
    """A role with the words before it that qualify it: ``ancien premier ministre``."""
    doc = role.doc
    start = role.i
    while start > 0 and doc[start - 1].dep_ == "amod" and doc[start - 1].head == role:
        start -= 1
    return " ".join(t.lower_ for t in doc[start : role.i + 1])


def _speaker(pronoun: Token, index: EntityIndex) -> list[str]:
    """``Le club a indiqué qu'il recruterait``: a pronoun subject of reported speech is the
    one who reports it, when that one is named or stands for an organisation."""
    clause = pronoun.head
    if clause.dep_ != "ccomp":
        return []
    outer = subject_of(clause.head)
    if outer is None or outer.lower_.lstrip("-") in triggers().pronouns:
        return []
    return (_entities_in(outer, index) or _referent(outer, index))[:1]


def _named_head(subject: Token, index: EntityIndex) -> list[str]:
    """The names a noun subject puts beside itself (``le professeur Karl Brenner, chef du
    service de X``: Karl Brenner; ``le partenaire de X, Y``: Y), not those its complements
    name."""
    found: list[str] = []
    for child in subject.children:
        named = child.pos_ == "PROPN" and not any(c.dep_ == "case" for c in child.children)
        if child.dep_ == "appos" or (named and child.dep_ in ("flat:name", "flat", "nmod")):
            found += [a for a in _entities_in(child, index) if a not in found]
    return found


def actor_paths(token: Token, index: EntityIndex) -> list[tuple[str, str]]:
    """(entity id, the path from the trigger to it) for those taking part, the subject's
    first."""
    actors: list[tuple[str, str]] = []
    subject = subject_of(token)
    inverted = False
    if subject is not None:
        via = "subject" if subject.head == token else f"subject of {subject.head.lower_}"
        if subject.head != token and subject == _noun_right_before(token):
            via = "subject, the noun right before it"  # the parser hung it elsewhere
        inverted = subject.i > token.i and subject.dep_ not in SUBJECT_DEPS
        if subject.i > token.i and subject.head == token:
            via = "subject after the verb"
        named = _named_head(subject, index) if subject.pos_ == "NOUN" else []
        ids = named or _entities_in(subject, index)
        itself = {index.at(subject.idx, subject.idx + len(subject.text)), *named}
        if ids:  # a name inside the subject's phrase is not the subject: "le SFP de Valmer"
            actors += [(a, via if a in itself else via + ", in its phrase") for a in ids]
        else:
            found = referent(subject, index)
            actors += [(found[0], f"{via}, {found[1]}")] if found else []
    if token.dep_ == "acl" and dated_participle(token, index):  # "Y, fondée en 2017 par X"
        actors += [(a, "the name it qualifies") for a in _entities_in(token.head, index)]
    if token.pos_ == "NOUN" and token.dep_ != "ROOT":
        head_subject = subject_of(token.head)
        if head_subject is not None:
            via = f"subject of {token.head.lower_}"
            actors += [(a, via) for a in _entities_in(head_subject, index)]
    for child in token.children:
        if child.dep_ in ACTOR_DEPS and child.dep_ not in CLAUSE_DEPS and child != subject:
            cases = {c.lower_ for c in child.children if c.dep_ == "case"}
            if child.dep_.startswith("obl") and cases and not cases & set(ACTOR_CASES):
                continue
            if (
                inverted
                and subject
                and token.i < child.i <= subject.i
                and child.dep_ in INVERTED_DEPS
            ):
                continue  # "a reconnu le chef de X, Y": the role the speaker is named by
            via = child.dep_ + "".join(f" {c}" for c in sorted(cases))
            actors += [(a, via) for a in _entities_in(child, index)]
    seen: set[str] = set()
    out = []
    for a, via in actors:
        acting = via in ("subject", "subject after the verb")
        if a and a not in seen and (a not in index.places or acting):  # "Valmer a annoncé"
            seen.add(a)
            out.append((a, via))
    return out


def _point(t: Timex) -> str:
    """Where a timex puts the story: its value, or where a duration leads (``deux jours plus
    tôt``)."""
    return str(t.extra.get("point") or t.value or "")


def _placed(t: Timex, day: bool = True) -> bool:
    """A timex that puts the story on a day (not a duration, not the publication line), or,
    with ``day`` false, on a month, a week or a year (``fin mai``, ``quittées en 2005``)."""
    value = _point(t)
    long_enough = len(value) >= (10 if day else 4)
    return value[:4].isdigit() and long_enough and t.extra.get("role") != "publication"


class Clause(NamedTuple):
    """Where a trigger's subtree starts and ends, the offsets of its own words (outside the
    clauses it governs), and those of the words in another verb's subordinate clause."""

    start: int
    end: int
    own: frozenset[int]
    elsewhere: frozenset[int]


def _clause(token: Token, sentence: Iterable[Token] = ()) -> Clause:
    """The trigger's subtree, where the words outside the clauses it governs start (``a indiqué
    qu'il recruterait d'ici fin mai``: ``fin mai`` dates the hiring, not the statement), and
    where the words of ``sentence`` in another verb's subordinate clause start (``a réagi à la
    vidéo publiée lundi et a qualifié ses propos``: ``lundi`` dates neither saying)."""
    own, stack = [token], [c for c in token.children if c.dep_ not in CLAUSE_DEPS]
    while stack:  # not into a clause at any depth: "une attaque menée la veille"
        word = stack.pop()
        own.append(word)
        stack += [c for c in word.children if c.dep_ not in CLAUSE_DEPS]
    last = token.right_edge
    elsewhere: set[int] = set()
    above = {token.i, *(a.i for a in token.ancestors)}
    for word in sentence:
        if word.dep_ in CLAUSE_DEPS and word.i not in above:
            elsewhere.update(t.idx for t in word.subtree)
    own_offsets = frozenset(t.idx for t in own)
    return Clause(token.left_edge.idx, last.idx + len(last), own_offsets, frozenset(elsewhere))


class Dated:
    """The timexes of an article indexed for dating events (in text order, by bisection)."""

    def __init__(self, timexes: Sequence[Timex], headings: Sequence[Heading]):
        self.timexes = list(timexes)
        self.starts = [t.start for t in self.timexes]
        self.told = [t for t in self.timexes if _placed(t) and t.extra.get("narrative")]
        self.told_ends = [t.end for t in self.told]
        self.headings = [(h.start, h.end) for h in headings]
        self.heading_starts = [h.start for h in headings]

    def between(self, a: int, b: int) -> list[Timex]:
        """The timexes that start in ``[a, b)``."""
        return self.timexes[bisect_left(self.starts, a) : bisect_left(self.starts, b)]

    def last_told(self, before: int) -> Timex | None:
        """The last timex that set the story's day and ends by ``before``."""
        i = bisect_right(self.told_ends, before) - 1
        return self.told[i] if i >= 0 else None

    def in_heading(self, offset: int) -> bool:
        i = bisect_right(self.heading_starts, offset) - 1
        return i >= 0 and offset < self.headings[i][1]


REFS = ("PAST_REF", "FUTURE_REF")  # "auparavant", "à l'avenir": off the story's days


def time_of(
    start: int,
    sentence: tuple[int, int],
    timexes: Sequence[Timex] | Dated,
    headings: Sequence[Heading] = (),
    publication: str | None = None,
    clause: Clause | None = None,
    quotes: Spans | None = None,
) -> tuple[str | None, str | None]:
    """(timex id, value) that dates an event starting at ``start``: the nearest timex of its
    ``clause`` outside the clauses it governs (a day, else a month, a week or a year), else of its
    sentence outside its subtree and other verbs' subordinate clauses, else the narrative's day;
    a timex inside a quote dates only what the quote tells (``« … depuis samedi », a ajouté X``:
    not the saying)."""
    dated = timexes if isinstance(timexes, Dated) else Dated(timexes, headings)
    a, b = sentence
    own = [t for t in dated.between(a, b) if _placed(t)]
    if quotes is not None:
        voice = quotes.at(start)
        own = [t for t in own if quotes.at(t.start) == voice]
    if clause is not None:  # the trigger's own words first, then its sentence outside the
        # clauses it governs ("a indiqué qu'il serait présenté lundi": lundi is not the saying's)
        days = [t for t in own if t.start in clause.own]
        inside = dated.between(clause.start, clause.end)
        coarse = [t for t in inside if t.start in clause.own and _placed(t, False)]
        outside = [t for t in own if not clause.start <= t.start < clause.end]
        own = days or coarse or [t for t in outside if t.start not in clause.elsewhere]
    if own:
        best = min(own, key=lambda t: abs(t.start - start))
        return best.id, _point(best)
    told = [t for t in dated.between(a, b) if t.value in REFS and clause and t.start in clause.own]
    if told:  # "Auparavant, X avait rejoint Y": before the story, not on its day
        return told[0].id, told[0].value
    # the day the story is on: set by a heading or by an earlier sentence of the stretch
    last = dated.last_told(start)
    if last is None:
        return None, publication  # nothing dated yet: the story is on its publication day
    return (last.id if dated.in_heading(last.start) else None), _point(last)


def refers_back(token: Token) -> bool:
    """A trigger that names an event rather than tells it: a noun (``l'éviction de X``), an
    infinitive (``retirer la décision de destituer X``), a pluperfect (``avait évincé``)."""
    if token.pos_ == "NOUN" or "Inf" in token.morph.get("VerbForm", []):
        return True
    return any(
        c.dep_ in ("aux", "aux:tense") and "Imp" in c.morph.get("Tense", []) for c in token.children
    )


def mark_repeats(
    events: Sequence[Event],
    paragraph_of: Any,
    back: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
) -> list[Event]:
    """A one-off event told again points to its first telling: in another paragraph on the same
    day (a lead and its body), or named again later (ids in ``back``) on any day. An event named
    by a definite noun (ids in ``known``: ``la réunion``) is the one of its type told that day."""

    def same(u: Event, v: Event) -> bool:
        if u.type != v.type or u.extra.get("same_as"):
            return False
        same_day = bool(u.when and v.when and u.when[:10] == v.when[:10])
        if v.id in known and same_day:
            return True
        if v.type not in ONE_OFF:
            return False
        if not set(u.actors) & set(v.actors):
            return False
        if v.id in back:
            return True
        if not same_day:
            return False
        if len(u.when or "") > 10 and len(v.when or "") > 10 and u.when != v.when:
            return False  # two times of one day: two events
        return paragraph_of(u.trigger.start) != paragraph_of(v.trigger.start)

    def earlier(v: Event) -> list[tuple[int, Event]]:
        """Only these can be the same as ``v``: all of its type when ``v`` is a definite noun,
        those of its type that share an actor when it is a one-off, in the order they came."""
        if v.id in known:
            return by_type.get(v.type, [])
        if v.type not in ONE_OFF:
            return []
        found = {n: u for a in v.actors for n, u in by_actor.get((v.type, a), ())}
        return [(n, found[n]) for n in sorted(found)]

    out: list[Event] = []
    by_type: dict[str, list[tuple[int, Event]]] = {}
    by_actor: dict[tuple[str, str], list[tuple[int, Event]]] = {}
    for n, v in enumerate(events):
        first = next((u for _, u in earlier(v) if same(u, v)), None)
        if first is not None:
            v = Event(
                v.id, v.type, v.trigger, v.time, v.when, v.actors, {**v.extra, "same_as": first.id}
            )
        out.append(v)
        by_type.setdefault(v.type, []).append((n, v))
        for a in v.actors:
            by_actor.setdefault((v.type, a), []).append((n, v))
    return out


@cache
def _trigger_ids() -> tuple[numpy.ndarray, numpy.ndarray]:
    """The ids a Doc's arrays hold for the auxiliary relations and for the trigger nouns."""
    return (
        numpy.array([get_string_id(d) for d in AUX_DEPS], dtype=numpy.uint64),
        numpy.array([get_string_id(w) for w in triggers().nouns], dtype=numpy.uint64),
    )


def possible_triggers(doc: Doc) -> set[int]:
    """Indices of the tokens ``event_type`` may type, found over arrays (no Token objects): verbs,
    words with an auxiliary, nouns whose lemma is a trigger (or capitalised)."""
    if not len(doc):
        return set()
    pos, lemma, dep, head, title = doc.to_array([POS, LEMMA, DEP, HEAD, IS_TITLE]).T
    aux_ids, noun_ids = _trigger_ids()
    aux = numpy.isin(dep, aux_ids)
    with_aux = numpy.zeros(len(doc), dtype=bool)
    with_aux[(numpy.nonzero(aux)[0] + head[aux].astype(numpy.int64)) % len(doc)] = True
    nouns = numpy.isin(lemma, noun_ids) | (title != 0)
    mask = (numpy.isin(pos, [VERB, AUX]) & ~aux) | with_aux | ((pos == NOUN) & nouns)
    return set(numpy.nonzero(mask)[0].tolist())


TITLE_MAX_CHARS = 200


@dataclass(frozen=True)
class Rejection:
    """A candidate trigger that is not an event, and why."""

    trigger: Span
    reason: str


def rejections(doc: Doc, found: Iterable[tuple[int, str]]) -> tuple[Rejection, ...]:
    """The records of the candidates ``find_events`` turned down: (token index, reason)."""
    text = doc._.chronique_raw or doc.text
    return tuple(Rejection(_span(doc[i], text), reason) for i, reason in found)


def _span(token: Token, text: str) -> Span:
    start, end = trigger_span(token)
    return Span(start, end, text[start:end])


def semicolon_part(text: str, sentence: tuple[int, int], offset: int) -> tuple[int, int]:
    """The part of a sentence between semicolons that holds ``offset``: ``X ont été tués ; le
    lendemain, Y a suspendu`` tells two moments."""
    start, end = sentence
    before = text.rfind(";", start, offset)
    after = text.find(";", offset, end)
    return (before + 1 if before >= 0 else start), (after if after >= 0 else end)


def title_end(text: str, max_chars: int = TITLE_MAX_CHARS) -> int:
    """Where the title ends: the first line when it is short, not a sentence, and the article
    goes on (a headline announces what the body tells, and tells it without a date), else 0."""
    first, _, rest = text.partition("\n")
    line = first.rstrip()
    if line and len(line) <= max_chars and rest.strip() and line[-1] not in ".!?»…":
        return len(first)
    return 0


def find_events(
    doc: Doc,
    entities: Sequence[Entity],
    timexes: Sequence[Timex],
    headings: Sequence[Heading],
    publication: str | None = None,
    title_max_chars: int = TITLE_MAX_CHARS,
    sentences: Sequence[Sentence] | None = None,
    rejected: list[tuple[int, str]] | None = None,
) -> tuple[Event, ...]:
    """The events of a parsed document, in text order (``sentences``: the segmenter's); the
    candidates turned down are added to ``rejected`` as (token index, reason), when it is given
    (``rejections`` makes them records)."""
    text = doc._.chronique_raw or doc.text
    index = EntityIndex(entities, text, timexes)
    events: list[Event] = []
    back: set[str] = set()
    known: set[str] = set()  # definite nouns: "la réunion" is a meeting already told
    possible = possible_triggers(doc)
    dated = Dated(timexes, headings)
    title = title_end(text, title_max_chars)
    for n, sentence in enumerate(doc._.chronique_sentences if sentences is None else sentences):
        index.sentence = n
        if sentence.start < title:
            continue
        sent = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None:
            continue
        bounds = (sentence.start, sentence.end)
        for i in range(sent.start, sent.end):
            if i not in possible:
                continue
            token = doc[i]
            kind, rule = judge(token, index)
            if kind is None:
                if rule and rejected is not None:
                    rejected.append((i, rule))
                continue
            paths = actor_paths(token, index)
            if not paths:
                if rejected is not None:
                    rejected.append((i, f"{rule}; no named actor"))
                continue
            trigger = _span(token, text)
            part = semicolon_part(text, bounds, trigger.start)
            clause = _clause(token, sent) if dated.between(*part) else None  # no timex: no need
            time, when = time_of(
                trigger.start, part, dated, headings, publication, clause, index.quotes
            )
            why = {"rule": rule, "paths": [via for _, via in paths]}
            actors = tuple(a for a, _ in paths)
            events.append(Event(f"v{len(events) + 1}", kind, trigger, time, when, actors, why))
            index.tell(n, paths)
            if refers_back(token):
                back.add(events[-1].id)
            if token.pos_ == "NOUN" and _definite(token):
                known.add(events[-1].id)

    breaks = [m.start() for m in re.finditer("\n", text)]

    def paragraph_of(offset: int) -> int:
        return bisect_left(breaks, offset)

    return tuple(mark_repeats(events, paragraph_of, frozenset(back), frozenset(known)))
