"""Entities on hand-built French sentences, through the whole pipeline."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.entities import occurrences
from pipeline.io import RawInput
from pipeline.records import Document


def entities(annotator, text: str) -> dict[str, tuple[str, set[str]]]:
    (doc,) = annotator.annotate([RawInput("t", text, "2024-03-14", "t")])
    assert isinstance(doc, Document)
    return {e.name: (e.label, {m.text for m in e.mentions}) for e in doc.entities}


def mention_at(text: str, word: str, start: int = 0, label: str = "PER"):
    """The model's mention of ``word`` in ``text``, its first occurrence from ``start``."""
    from pipeline.entities import Mention

    i = text.index(word, start)
    return Mention(i, i + len(word), label)


def test_entities_variants_merge_into_one_person(annotator):
    text = (
        "Le directeur Karl Brenner a quitté la société Voltaris mardi. "
        "Selon Brenner, la décision était prise. Plus tard, Brener a confirmé son départ."
    )
    found = entities(annotator, text)
    assert found["Karl Brenner"] == ("PER", {"Karl Brenner", "Brenner", "Brener"})
    assert found["Voltaris"][0] == "ORG"


def test_entities_a_surname_behind_a_lowercase_particle_is_found(annotator):
    text = (
        "Le général Omar al-Vashir dirige l'armée. Plus tard, al-Vashire a déclaré que tout "
        "allait bien. Selon al-Vashir, la ville est calme."
    )
    found = entities(annotator, text)
    assert found["Omar al-Vashir"] == ("PER", {"Omar al-Vashir", "al-Vashire", "al-Vashir"})


def test_entities_cues_fix_the_label_of_every_mention(annotator):
    text = (
        "Le PDG de Quantelis, Marc Olivier, a démissionné. Les employés de Quantelis ont été "
        "surpris. Quantelis a publié un communiqué."
    )
    label, mentions = entities(annotator, text)["Quantelis"]
    assert label == "ORG" and len(mentions) == 1  # one spelling, every occurrence
    (doc,) = annotator.annotate([RawInput("t", text, None, "t")])
    quantelis = next(e for e in doc.entities if e.name == "Quantelis")
    assert len(quantelis.mentions) == 3


def test_entities_time_words_and_capitalised_common_words_are_not_names(annotator):
    text = "Mercredi soir\nBonne chance à tous, a écrit Lena Vogt.\nPrécurseur de tout cela, Vogt a parlé."
    found = entities(annotator, text)
    assert set(found) == {"Lena Vogt"}
    assert found["Lena Vogt"][1] == {"Lena Vogt", "Vogt"}


def test_entities_two_persons_with_one_surname_stay_apart(annotator):
    text = "Le président Viktor Sarkov et son frère Pavel Sarkov ont parlé. Sarkov a refusé."
    found = entities(annotator, text)
    assert found["Viktor Sarkov"][1] == {"Viktor Sarkov"}
    assert found["Pavel Sarkov"][1] == {"Pavel Sarkov"}


def test_entities_a_bare_surname_beside_a_relative_named_once_is_the_protagonists():
    from pipeline.entities import build_entities

    text = (
        "Viktor Sarkov a parlé. Viktor Sarkov a voyagé. Viktor Sarkov a signé.\n"
        "Viktor Sarkov et son frère Pavel Sarkov ont parlé. Sarkov a refusé."
    )
    mentions = [mention_at(text, "Viktor Sarkov", start) for start in (0, 23, 47, 70)]
    pavel, bare = mention_at(text, "Pavel Sarkov"), mention_at(text, "Sarkov", text.index(". S"))
    found = build_entities(text, [*mentions, pavel, bare])
    people = {e.name: [m.start for m in e.mentions] for e in found}
    assert bare.start in people["Viktor Sarkov"]  # named four times, his brother once
    assert people["Pavel Sarkov"] == [pavel.start]


def test_entities_keep_their_evidence(annotator):
    (doc,) = annotator.annotate(
        [
            RawInput(
                "t",
                "Le ministre Ivan Kouznetsov a parlé. Kuznetsov a ensuite quitté Moscou.",
                None,
                "t",
            )
        ]
    )
    person = next(e for e in doc.entities if e.label == "PER")
    assert {m.text for m in person.mentions} == {"Ivan Kouznetsov", "Kuznetsov"}
    (why,) = person.extra["evidence"]
    assert why["rule"] == "surname of full name" and why["score"] >= 80


def test_entities_a_country_named_like_its_adjective_stays_a_place(annotator):
    found = entities(annotator, "Karl Brenner vit en Suisse depuis 2019. La Suisse l'a accueilli.")
    assert found["Suisse"][0] == "LOC"


def test_entities_a_letter_or_a_numeral_alone_is_no_person_or_place(annotator):
    from pipeline.entities import Mention, clean_mentions

    nlp = annotator.nlp
    text = "Le chapitre II commence ici, écrit I. Berger, et X publie la suite."
    doc = nlp(text)
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("II", "X")}
    at["I"] = (text.index("I."), text.index("I.") + 1)
    kept = clean_mentions(
        doc,
        [Mention(*at["II"], "MISC"), Mention(*at["I"], "PER"), Mention(*at["X"], "ORG")],
        (),
        frozenset(),
    )
    assert [text[m.start : m.end] for m in kept] == ["X"]  # the platform X stays


@pytest.mark.parametrize(
    ("text", "name", "model", "label"),
    [
        ("Le patron de Voltaris Group, Omer Tekin, a parlé.", "Omer Tekin", "LOC", "PER"),
        ("Vogt a écrit un long message sur Zapnet hier.", "Zapnet", "MISC", "ORG"),
        ("Dans une vidéo publiée sur Korvo, Vogt a parlé.", "Korvo", "LOC", "ORG"),
        ("Il a quitté la ville.Selon Le Monde, il reviendra.", "Le Monde", "MISC", "ORG"),
        ("Selon Lena Vogt, tout va bien.", "Lena Vogt", "PER", None),
        ("Le club espagnol du Racing Valmer a gagné.", "Racing Valmer", "LOC", "ORG"),
        ("Elle a nommé son adjointe, Lena Aday, directrice.", "Lena Aday", "LOC", "PER"),
        ("Il a été arrêté à son domicile de Valmer.", "Valmer", "PER", "LOC"),
        ("Le corps est à la morgue de Valmer.", "Valmer", "PER", "LOC"),
        ("Il travaille dans les locaux de la société à Valmer.", "Valmer", "ORG", None),
        ("Il a écrit sur Lena Vogt.", "Lena Vogt", "PER", None),
        ("La Cour suprême a tranché.", "Cour suprême", "LOC", "ORG"),  # an institution's name
        ("La Haute Cour de Valmer a tranché.", "Haute Cour de Valmer", "LOC", "ORG"),
        ("Le groupe turc Norvalia Tekstil a gagné.", "Norvalia Tekstil", "LOC", "ORG"),
        ("Il a rejoint l'équipe de Mark Vell.", "Mark Vell", "PER", None),  # whose team
        ("Il a parlé au patron de Mark Vell.", "Mark Vell", "PER", None),  # whose boss
        ("Il a parlé au patron de Norvalia.", "Norvalia", "PER", "ORG"),
        ("Il a rejoint la société de conseil Vell Partners.", "Vell Partners", "PER", "ORG"),
        ("Selon l'agence de notation Korvo, tout va bien.", "Korvo", "PER", "ORG"),
        ("Il a rejoint l'équipe de France Valmer.", "France Valmer", "PER", None),
        ("Le président de la Valdorie a parlé.", "Valdorie", "LOC", None),  # a country's
        ("Le président de Norvalia a parlé.", "Norvalia", "MISC", "ORG"),
        ("Le fondateur de Norvalia a parlé.", "Norvalia", "LOC", "ORG"),  # a company's only
    ],
)
def test_entities_context_cues(text, name, model, label):
    from pipeline.entities import CUES, FAMILIES, Mention, label_cues

    mention = Mention(text.index(name), text.index(name) + len(name), model)
    cue = label_cues(text, mention)
    assert (cue.label if cue else None) == label
    if cue is not None:  # the evidence it keeps names a cue that can be switched off
        assert cue.rule in CUES and cue.rule in FAMILIES
        assert label_cues(text, mention, off=frozenset(CUES)) is None


def test_entities_a_title_stays_out_and_a_short_name_is_its_organisation(annotator):
    text = (
        "Le PDG de Tarsis Bay a démissionné. Selon son avocat, Me Karl Brenner, il conteste. "
        "La société Tarsis Bay Energy a nommé Lena Aday. Mme Aday a parlé."
    )
    found = entities(annotator, text)
    assert found["Karl Brenner"] == ("PER", {"Karl Brenner"})
    assert found["Lena Aday"] == ("PER", {"Lena Aday", "Aday"})
    assert found["Tarsis Bay Energy"] == ("ORG", {"Tarsis Bay", "Tarsis Bay Energy"})


def test_entities_a_bare_name_starting_an_organisation_named_before_is_it():
    from pipeline.entities import Mention, build_entities

    text = "Korvane Electronics a perdu. Hier, Korvane a annoncé un plan. Korvane Dupuis a parlé."
    full, bare = text.index("Korvane Electronics"), text.index("Korvane a")
    person = text.index("Korvane Dupuis")
    mentions = [
        Mention(full, full + 19, "ORG"),
        Mention(bare, bare + 7, "PER"),
        Mention(person, person + 14, "PER"),
    ]
    found = {e.name: (e.label, len(e.mentions)) for e in build_entities(text, mentions)}
    assert found == {"Korvane Electronics": ("ORG", 2), "Korvane Dupuis": ("PER", 1)}


def test_entities_functions_are_no_names_and_an_acronym_is_its_name(annotator):
    text = (
        "Le chancelier a limogé son ministre des Finances, Karl Brenner. Il avait rencontré "
        "la présidente de l'Office national des forêts (ONF), Lena Vogt. L'ONF a démenti."
    )
    found = entities(annotator, text)
    assert not [n for n in found if "Finances" in n]
    assert found["Office national des forêts"] == ("ORG", {"Office national des forêts", "ONF"})
    assert found["Karl Brenner"][0] == "PER"


def test_entities_bare_name_of_a_club_is_the_club_unless_it_is_the_place():
    from pipeline.entities import Mention, build_entities

    def labels(text: str) -> dict[str, tuple[str, int]]:
        club = text.index("FC Valdoria")
        bare = text.index("Valdoria", club + 11)
        mentions = [Mention(club, club + 11, "ORG"), Mention(bare, bare + 8, "LOC")]
        return {e.name: (e.label, len(e.mentions)) for e in build_entities(text, mentions)}

    assert labels("Le FC Valdoria a limogé son entraîneur. Valdoria a perdu.") == {
        "FC Valdoria": ("ORG", 2)
    }
    assert labels("Le FC Valdoria a limogé son entraîneur. On a joué à Valdoria.") == {
        "FC Valdoria": ("ORG", 1),
        "Valdoria": ("LOC", 1),
    }


def test_entities_a_qualifier_glued_to_a_known_name_is_dropped():
    from pipeline.entities import Mention, known_names_inside

    text = "Le club de Division 3 FC Valdoria recrute. Le FC Valdoria a gagné."
    glued = Mention(text.index("Division"), text.index(" recrute"), "ORG")
    alone = Mention(text.rindex("FC Valdoria"), text.rindex("FC Valdoria") + 11, "ORG")
    fixed = known_names_inside(text, [glued, alone])
    assert [text[m.start : m.end] for m in fixed] == ["FC Valdoria", "FC Valdoria"]


@pytest.mark.parametrize(
    ("text", "cut", "whole"),
    [
        (
            "La Commission des rivières et des canaux (CRC) a parlé.",
            "Commission des rivières",
            "Commission des rivières et des canaux",
        ),
        (
            "L'Office des contrats à terme sur les grains (OCTG) enquête.",
            "Office des contrats",
            "Office des contrats à terme sur les grains",
        ),
        ("La Commission a tranché sur ce point (AFP).", "Commission", "Commission"),
        ("Norvalia et des partenaires (NP) ont signé.", "Norvalia", "Norvalia"),  # no institution
    ],
)
def test_entities_an_institution_s_name_goes_on_to_its_acronym(text, cut, whole):
    from pipeline.entities import to_acronym
    from pipeline.names import word_set

    start = text.index(cut)
    end = to_acronym(text, start, start + len(cut), word_set("institution_heads"))
    assert text[start:end] == whole


def test_entities_an_organisation_named_by_its_place_keeps_its_name():
    from pipeline.entities import Mention, known_names_inside

    text = "La Bourse de Port Valen a fermé. Port Valen dort."
    bourse = Mention(text.index("Bourse"), text.index(" a fermé"), "ORG")
    place = Mention(text.rindex("Port Valen"), text.rindex("Port Valen") + 10, "LOC")
    fixed = known_names_inside(text, [bourse, place])
    assert [text[m.start : m.end] for m in fixed] == ["Bourse de Port Valen", "Port Valen"]


@given(st.text(alphabet="ab -_é1", max_size=40), st.text(alphabet="ab-é", min_size=1, max_size=3))
def test_entities_occurrences_are_what_a_word_pattern_finds(text, name):
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    assert list(occurrences(text, name)) == [m.span() for m in pattern.finditer(text)]


def test_entities_a_company_named_like_a_french_word_is_kept(annotator):
    # "Chaloupe" is a French noun: found capitalised inside a sentence, it is a name everywhere
    text = (
        "Le groupe a racheté Chaloupe en octobre.\nChaloupe a licencié la moitié de ses employés."
    )
    doc = annotator.annotate_one(RawInput("t", text, None, "t"))
    (chaloupe,) = [e for e in doc.entities if e.name == "Chaloupe"]
    assert len(chaloupe.mentions) == 2


def test_entities_an_adjective_used_as_a_noun_needs_its_determiner(annotator):
    assert not entities(annotator, "Les Français ont voté dimanche.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karim Belhadj, surnommé Ouragan, a fui. Ouragan est recherché.", "alias (surnommé)"),
        (
            "Le réseau Norvo (anciennement Brisant) a ouvert. Norvo a grandi.",
            "alias (anciennement)",
        ),
        (
            "Le fondateur Karel Vondrak-Haas (KVH) a démissionné. KVH a parlé.",
            "initials (in parentheses)",
        ),
        (
            "Karim Belhadj, surnommé « KB », a fui. KB est recherché.",
            "alias (surnommé)",
        ),
        (
            "Le général Karim Belhadj, plus connu sous le surnom de « Zorvan », a fui. "
            "Zorvan est recherché.",
            "alias (plus connu sous le surnom de)",
        ),
    ],
)
def test_entities_an_alias_the_text_states_is_the_same_entity(annotator, text, expected):
    doc = annotator.annotate_one(RawInput("t", text, None, "t"))
    assert len(doc.entities) == 1
    (entity,) = doc.entities
    assert len(entity.mentions) == 3
    assert expected in [e["rule"] for e in entity.extra["evidence"]]


def test_entities_a_role_before_a_name_stays_out_of_it(annotator):
    text = "Le Premier ministre Lina Ferrant a parlé. Le Premier ministre a ensuite quitté Valmer."
    found = entities(annotator, text)
    assert found["Lina Ferrant"] == ("PER", {"Lina Ferrant"})
    assert not [name for name in found if "ministre" in name.lower()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un grand homme d'État est mort à Valmer.", {"Valmer": "LOC"}),
        (
            "Il a été arrêté par la police municipale de Valmer.",
            {"police municipale de Valmer": "ORG"},
        ),
        ("Le Comité d'enquête a ouvert un dossier.", {"Comité d'enquête": "ORG"}),
    ],
)
def test_entities_common_nouns_and_institutions(annotator, text, expected):
    assert {k: v[0] for k, v in entities(annotator, text).items()} == expected


def test_entities_a_bare_surname_goes_to_the_person_the_passage_is_about(annotator):
    text = (
        "Le ministre Tomas Valen a été blessé mardi. Valen a été opéré dans la nuit.\n"
        "Son épouse, Ilse Valen, est arrivée le soir. Valen a parlé aux journalistes.\n"
        "Mercredi, Valen a quitté l'hôpital."
    )
    doc = annotator.annotate_one(RawInput("t", text, None, "t"))
    people = {e.name: [m.start for m in e.mentions] for e in doc.entities if e.label == "PER"}
    # in Ilse's paragraph the bare name is hers; elsewhere it is the protagonist's
    assert people["Ilse Valen"] == [text.index("Ilse Valen"), text.index("Valen a parlé")]
    assert set(people["Tomas Valen"]) == {
        text.index("Tomas Valen"),
        text.index("Valen a été opéré"),
        text.index("Valen a quitté"),
    }


def test_entities_a_body_named_by_its_acronym_is_an_organisation():
    from pipeline.entities import Mention, build_entities

    text = "Les Brigades du fleuve (BDF) ont attaqué. Les BDF ont reculé."
    long, short = text.index("Brigades du fleuve"), text.rindex("BDF")
    mentions = [
        Mention(long, long + len("Brigades du fleuve"), "MISC"),
        Mention(text.index("BDF"), text.index("BDF") + 3, "MISC"),
        Mention(short, short + 3, "MISC"),
    ]
    (entity,) = build_entities(text, mentions)
    assert entity.label == "ORG" and entity.extra["evidence"][0]["rule"] == "acronym"


def test_entities_a_misspelt_bare_surname_goes_to_the_person_named_last():
    """A bare surname spelled as neither person's (``Valenn`` beside ``Tomas Valen`` and ``Ilse
    Valen``) is resolved like one spelled as theirs; one after an article is no surname."""
    from pipeline.entities import build_entities

    text = (
        "Le ministre Tomas Valen a été blessé mardi. Tomas Valen a été opéré. Valenn a parlé.\n"
        "Son épouse, Ilse Valen, est arrivée le soir. Valenn a pleuré.\n"
        "Le convoi a longé la côte de la Valenn."
    )

    tomas, again, ilse = (
        mention_at(text, "Tomas Valen"),
        mention_at(text, "Tomas Valen", 20),
        mention_at(text, "Ilse Valen"),
    )
    first, second, coast = (
        mention_at(text, "Valenn", start) for start in (0, ilse.end, text.index("côte"))
    )
    people = {
        e.name: [m.start for m in e.mentions]
        for e in build_entities(text, [tomas, again, first, ilse, second])
    }
    assert people["Tomas Valen"] == [tomas.start, again.start, first.start]
    assert people["Ilse Valen"] == [ilse.start, second.start]
    with_coast = build_entities(text, [tomas, again, first, ilse, second, coast])
    alone = [e for e in with_coast if e.name == "Valenn"]
    assert [len(e.mentions) for e in alone] == [3]  # "la Valenn": not a surname, not resolved


def test_entities_a_bare_surname_is_not_a_part_of_a_hyphenated_one():
    """``Brenner`` beside ``Karl Brenner-Vogt`` (named last) and his father ``Otto Brenner``:
    a hyphenated surname is not shortened to its first part, so it is the father's."""
    from pipeline.entities import Mention, build_entities

    text = (
        "Karl Brenner-Vogt a fondé Norlande. Son père, Otto Brenner, enseigne.\n"
        "Karl Brenner-Vogt a parlé mardi. Son père, le professeur Brenner, s'est tu."
    )

    karl, otto, again = (
        mention_at(text, "Karl Brenner-Vogt"),
        mention_at(text, "Otto Brenner"),
        mention_at(text, "Karl Brenner-Vogt", 20),
    )
    bare = mention_at(text, "Brenner,", otto.end)
    bare = Mention(bare.start, bare.start + len("Brenner"), "PER")
    people = {
        e.name: [m.start for m in e.mentions]
        for e in build_entities(text, [karl, otto, again, bare])
    }
    assert people["Otto Brenner"] == [otto.start, bare.start]
    assert people["Karl Brenner-Vogt"] == [karl.start, again.start]


def test_entities_a_bare_name_after_a_role_is_the_person_introduced_with_it():
    """``l'analyste Zhan`` beside ``Karl Zhan`` (whose surname it spells) and ``Zhan Lanxi,
    analyste au cabinet Orvel`` (a family name told first): the analyst."""
    from pipeline.entities import build_entities

    text = (
        "Le fondateur de Norvex, Karl Zhan, a parlé. Zhan a démissionné.\n"
        "Hier, Zhan Lanxi, analyste au cabinet Orvel, a parlé. L'analyste Zhan estime que Zhan "
        "a gagné."
    )

    karl, lanxi = mention_at(text, "Karl Zhan"), mention_at(text, "Zhan Lanxi")
    first, analyst = mention_at(text, "Zhan", karl.end), mention_at(text, "Zhan", lanxi.end)
    last = mention_at(text, "Zhan", analyst.end)
    entities = build_entities(text, [karl, first, lanxi, analyst, last])
    people = {e.name: [m.start for m in e.mentions] for e in entities}
    assert people["Zhan Lanxi"] == [lanxi.start, analyst.start]
    assert people["Karl Zhan"] == [karl.start, first.start, last.start]
    (lanxi_entity,) = [e for e in entities if e.name == "Zhan Lanxi"]
    assert lanxi_entity.extra["evidence"][0]["rule"] == "role: introduced as analyste"


def test_entities_a_name_after_an_article_is_no_persons_surname():
    from pipeline.entities import build_entities

    text = "Lena Valdor a parlé. Le navire a longé les côtes de la Valdore. Valdore a répondu."

    coast = mention_at(text, "Valdore", label="LOC")
    labels = {
        e.name: e.label
        for e in build_entities(text, [mention_at(text, "Lena Valdor", label="PER"), coast])
    }
    assert labels["Valdore"] == "LOC"  # "la Valdore": a place, though it spells her surname
    alone = mention_at(text, "Valdore", coast.end, label="LOC")
    found = build_entities(text, [mention_at(text, "Lena Valdor", label="PER"), alone])
    (holder,) = [e for e in found if any(m.start == alone.start for m in e.mentions)]
    assert holder.label == "PER"  # without an article: her surname


@pytest.mark.parametrize(
    "people, owner",
    [
        (["Oleksa Varenko", "Ilse Brenner"], "Oleksa Varenko"),  # a given name: that person
        (["Zhan Lanxi", "Ilse Brenner"], "Zhan Lanxi"),  # a family name told first
        (["Oleksa Varenko", "Oleksa Brenner"], "Oleksa"),  # two persons with that first name
        (["Oleksa Varenko", "Ilse Oleksa"], "Ilse Oleksa"),  # the other's surname: hers
    ],
)
def test_entities_a_bare_first_name_goes_to_the_one_person_it_starts(people, owner):
    from pipeline.entities import Mention, build_entities

    bare = people[0].split()[0]
    text = f"{people[0]} a parlé. {people[1]} a répondu. Plus tard, {bare} a quitté la salle."
    mentions = [Mention(text.index(w), text.index(w) + len(w), "PER") for w in people]
    last = Mention(text.rindex(bare), text.rindex(bare) + len(bare), "PER")
    entities = build_entities(text, [*mentions, last])
    (holder,) = [e.name for e in entities if last.start in {m.start for m in e.mentions}]
    assert holder == owner


def test_entities_a_person_only_where_places_are_is_a_place():
    from pipeline.entities import Mention, build_entities

    text = (
        "Oleksa Varenko vit à Korvik. Il a parlé à Varenko mardi. "
        "La filiale, basée à Korvik, a fermé. Selon Brannt, Korvik attend."
    )

    def all_of(word: str) -> list[Mention]:
        found = re.finditer(rf"\b{word}\b", text)
        return [Mention(m.start(), m.end(), "PER") for m in found]

    mentions = all_of("Oleksa Varenko") + all_of("Korvik")[:2] + all_of("Brannt")
    mentions += [Mention(text.rindex("Varenko"), text.rindex("Varenko") + 7, "PER")]
    found = {e.name: e for e in build_entities(text, mentions)}
    labels = {name: e.label for name, e in found.items()}
    assert labels["Korvik"] == "LOC"  # only ever after "à"
    assert found["Korvik"].extra["label_evidence"] == ["only where places are"]
    assert "label_evidence" not in found["Brannt"].extra  # the model's label
    switched = build_entities(text, mentions, off=frozenset({"places"}))
    assert {e.name: e.label for e in switched}["Korvik"] == "PER"  # the family switched off
    assert labels["Oleksa Varenko"] == "PER"  # "à Varenko": a person's surname stays his
    assert labels["Brannt"] == "PER"  # a name not after "à"
    everywhere = build_entities(text, [*mentions, *all_of("Korvik")[2:]])
    assert {e.name: e.label for e in everywhere}["Korvik"] == "PER"  # not only after "à"


def test_entities_rule_families_are_named_and_checked():
    from pipeline.entities import FAMILIES
    from pipeline.nlp import EntityFinder

    assert {"places", "bare surnames", "cue: a title before"} <= set(FAMILIES)
    with pytest.raises(ValueError, match="unknown entity rule families"):
        EntityFinder(None, off=["places", "nowhere"])  # type: ignore[arg-type]


def test_entities_a_country_opening_a_title_line_is_a_place(annotator):
    text = (
        "Norvège : démission du ministre Karl Brenner\n"
        "Le 3 mars, Karl Brenner a quitté la société Voltaris."
    )
    found = entities(annotator, text)
    assert found["Norvège"] == ("LOC", {"Norvège"})
    assert found["Karl Brenner"][0] == "PER"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Les combattants du Front valdorien (FV) ont attaqué.", "Front valdorien"),
        (
            "Le Conseil national pour la survie de la Valdorie (CNSV) a parlé.",
            "Conseil national pour la survie de la Valdorie",
        ),
        (
            "Selon l'Agence valdorienne d'Énergie (AVE), tout va bien.",
            "Agence valdorienne d'Énergie",
        ),
        ("Il a publié un long message hier (AFP).", None),  # the initials do not spell it
    ],
)
def test_entities_a_name_is_taken_back_as_far_as_its_acronym_spells(text, name):
    from pipeline.entities import acronym_span

    at = text.index("(")
    span = acronym_span(text, at, text[at + 1 : text.index(")")])
    assert (text[span[0] : span[1]] if span else None) == name


def test_entities_a_name_the_model_cut_before_its_acronym_is_whole_everywhere(annotator):
    text = (
        "Les combattants de l'État valdorien (EV) ont attaqué la ville. "
        "Le lendemain, l'État valdorien a revendiqué l'attaque."
    )  # the model sees "État", a place, and "EV", an organisation
    found = entities(annotator, text)
    assert found == {"État valdorien": ("ORG", {"État valdorien", "EV"})}


def test_entities_an_institution_head_is_named_with_its_adjective():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.entities import named_by_adjective

    words = ["l'", "Union", "norvalienne", "a", "voté", "une", "loi", "nouvelle"]
    heads = [1, 4, 1, 4, 4, 6, 4, 6]
    deps = ["det", "nsubj", "amod", "aux:tense", "ROOT", "det", "obj", "amod"]
    pos = ["DET", "NOUN", "ADJ", "AUX", "VERB", "DET", "NOUN", "ADJ"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    heads_ = frozenset({"union", "loi"})
    end = named_by_adjective(doc[1:2], heads_)
    assert doc.text[doc[1].idx : end] == "Union norvalienne"
    assert named_by_adjective(doc[6:7], heads_) is None  # "loi": not capitalised, no name
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos[:2] + ["VERB"] + pos[3:])
    assert named_by_adjective(doc[1:2], heads_) is None  # no adjective after it


@pytest.mark.parametrize(
    ("text", "name", "stripped"),
    [
        ("L'UNV a voté. Karl a parlé.", "L'UNV", "UNV"),  # an acronym takes no article
        ("La Norlande a voté. Karl a visité la Norlande.", "La Norlande", "Norlande"),
        ("Le Courrier a écrit. Karl lit Le Courrier.", "Le Courrier", "Le Courrier"),
        ("La Brèche a écrit.", "La Brèche", "La Brèche"),  # named once: nothing says
        ("L'arrivée de Karl.", "L'arrivée", "L'arrivée"),  # no name after it
    ],
)
def test_entities_an_article_opening_a_sentence_leaves_a_name_spelled_without_it(
    text, name, stripped
):
    from pipeline.entities import strip_article

    start = text.index(name)
    assert text[strip_article(text, start, start + len(name)) : start + len(name)] == stripped


def test_entities_a_place_spelled_like_a_surname_stays_a_place():
    from pipeline.entities import build_entities

    text = "Otto Korvika a gagné. Il a joué à Korvik. Karl Brenner était aussi à Korvik."
    otto = mention_at(text, "Otto Korvika")
    places = [mention_at(text, "Korvik", start, "LOC") for start in (30, 60)]
    found = {e.name: e for e in build_entities(text, [otto, *places])}
    assert found["Korvik"].label == "LOC"  # only ever after "à": no surname of Otto Korvika
    assert len(found["Otto Korvika"].mentions) == 1
    text = text.replace("à Korvik", "avec Korvik")  # a surname where persons stand
    places = [mention_at(text, "Korvik", start, "LOC") for start in (30, 60)]
    found = {e.name: e for e in build_entities(text, [otto, *places])}
    assert found["Otto Korvika"].label == "PER" and len(found["Otto Korvika"].mentions) == 3
