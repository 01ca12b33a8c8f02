"""Time expressions: detection and values, one expression at a time and along a narrative."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repair import find_repairs
from pipeline.segment import segment
from pipeline.timex import (
    _alts,
    _valid,
    candidates,
    detect,
    find_timexes,
    grammar,
    infer_year,
    publication_date,
)

PUB = dt.date(2024, 3, 14)  # a Thursday


def timexes(text: str, pub: dt.date | None = PUB) -> list[tuple[str, str, str | None]]:
    sentences, headings = segment(text, find_repairs(text))
    found, _ = find_timexes(text, pub, sentences, headings)
    return [(t.text, t.type, t.value) for t in found]


def values(text: str, pub: dt.date | None = PUB) -> dict[str, str | None]:
    """Each expression's text -> its value."""
    return {t: v for t, _, v in timexes(text, pub)}


# (sentence, the expression found in it, its type, its value), publication date 2024-03-14
EXPRESSIONS = [
    # absolute dates
    ("Il est arrivé le 12 mars.", "le 12 mars", "DATE", "2024-03-12"),
    ("Il est arrivé le 2 avril.", "le 2 avril", "DATE", "2024-04-02"),
    ("Il est arrivé le 20 décembre.", "le 20 décembre", "DATE", "2023-12-20"),
    ("Le mardi 5 mars 2019 fut calme.", "Le mardi 5 mars 2019", "DATE", "2019-03-05"),
    ("le 1er mai 1962", "le 1er mai 1962", "DATE", "1962-05-01"),
    ("le 1 er octobre", "le 1 er octobre", "DATE", "2023-10-01"),
    ("Rendez-vous le 09/03/2024.", "le 09/03/2024", "DATE", "2024-03-09"),
    ("La date 2024-02-29 est valide.", "2024-02-29", "DATE", "2024-02-29"),
    ("Le 09.03.24, il", "Le 09.03.24", "DATE", "2024-03-09"),
    ("le 09-03-2024", "le 09-03-2024", "DATE", "2024-03-09"),
    ("le 2024/03/09", "2024/03/09", "DATE", "2024-03-09"),
    ("le 9.3.2024 à 14:05", "le 9.3.2024 à 14:05", "TIME", "2024-03-09T14:05"),
    ("Dès le 3 févr. il part.", "le 3 févr.", "DATE", "2024-02-03"),
    ("le 10 novembre 93", "le 10 novembre 93", "DATE", "1993-11-10"),
    ("le 6 mai dernier", "le 6 mai dernier", "DATE", "2023-05-06"),
    ("le 13 avril prochain", "le 13 avril prochain", "DATE", "2024-04-13"),
    ("C'était en janvier.", "janvier", "DATE", "2024-01"),
    ("C'était en octobre.", "octobre", "DATE", "2023-10"),
    ("en juin prochain", "juin prochain", "DATE", "2024-06"),
    ("début octobre", "début octobre", "DATE", "2023-10"),
    ("en août 2001", "août 2001", "DATE", "2001-08"),
    ("octobre 98", "octobre 98", "DATE", "1998-10"),
    ("Il est né en 1975.", "1975", "DATE", "1975"),
    ("deux pannes en 95 (en mars, puis en juin)", "95", "DATE", "1995"),
    ("deux pannes en 95 (en mars, puis en juin)", "mars", "DATE", "1995-03"),
    ("En 2019, au printemps, il est parti.", "printemps", "DATE", "2019-SP"),
    ("la saison 2014-2015", "2014", "DATE", "2014"),
    ("dès l'année 2001", "l'année 2001", "DATE", "2001"),
    # glued and noisy forms
    ("la nuit de12 mars", "la nuit de12 mars", "TIME", "2024-03-12TNI"),
    ("8Mars, il part.", "8Mars", "DATE", "2024-03-08"),
    ("Le 9Mars à 17h", "Le 9Mars à 17h", "TIME", "2024-03-09T17:00"),
    ("depuis le12 mars", "le12 mars", "DATE", "2024-03-12"),
    ("Il part mardi à9h.", "mardi à9h", "TIME", "2024-03-12T09:00"),
    # clock times
    ("À 00h19, il appelle.", "00h19", "TIME", "2024-03-14T00:19"),
    ("à 12 h 23 précises", "12 h 23", "TIME", "2024-03-14T12:23"),
    ("A 17h35, rien.", "17h35", "TIME", "2024-03-14T17:35"),
    ("à 21 heures", "21 heures", "TIME", "2024-03-14T21:00"),
    ("vers 24 heures", "vers 24 heures", "TIME", "2024-03-14T24:00"),
    ("à 1 heure du matin", "1 heure du matin", "TIME", "2024-03-14T01:00"),
    ("à 8 heures du soir", "8 heures du soir", "TIME", "2024-03-14T20:00"),
    ("à midi", "midi", "TIME", "2024-03-14T12:00"),
    ("à 14h", "14h", "TIME", "2024-03-14T14:00"),
    ("à 9\u202fh\u202f55 UTC", "9\u202fh\u202f55 UTC", "TIME", "2024-03-14T09:55"),
    ("la date limite de 17 heures", "17 heures", "TIME", "2024-03-14T17:00"),
    ("Vers 0 h 40, un choc.", "Vers 0 h 40", "TIME", "2024-03-14T00:40"),
    ("Peu après 6 heures du matin, rien.", "6 heures du matin", "TIME", "2024-03-14T06:00"),
    ("bloqués dans la journée", "la journée", "DATE", "2024-03-14"),
    # parts of day
    ("Le 12 mars au soir, il part.", "Le 12 mars au soir", "TIME", "2024-03-12TEV"),
    ("le matin du 12", "le matin du 12", "TIME", "2024-03-12TMO"),
    ("au soir du 11 mars", "soir du 11 mars", "TIME", "2024-03-11TEV"),
    ("Tôt le matin, il part.", "Tôt le matin", "TIME", "2024-03-14TMO"),
    ("ce matin", "ce matin", "TIME", "2024-03-14TMO"),
    ("cette nuit", "cette nuit", "TIME", "2024-03-14TNI"),
    ("Hier soir, il a parlé.", "Hier soir", "TIME", "2024-03-13TEV"),
    ("Lundi matin, il a parlé.", "Lundi matin", "TIME", "2024-03-11TMO"),
    ("Hier à 20 h 45, il a parlé.", "Hier à 20 h 45", "TIME", "2024-03-13T20:45"),
    ("ce soir-là", "ce soir-là", "TIME", "2024-03-14TEV"),
    ("le matin même", "le matin même", "TIME", "2024-03-14TMO"),
    # deictic
    ("hier", "hier", "DATE", "2024-03-13"),
    ("avant-hier", "avant-hier", "DATE", "2024-03-12"),
    ("demain", "demain", "DATE", "2024-03-15"),
    ("aujourd'hui vendredi", "aujourd'hui vendredi", "DATE", "2024-03-14"),
    ("Mercredi, il a signé.", "Mercredi", "DATE", "2024-03-13"),
    ("Samedi, il signera.", "Samedi", "DATE", "2024-03-16"),
    ("vendredi dernier", "vendredi dernier", "DATE", "2024-03-08"),
    ("lundi prochain", "lundi prochain", "DATE", "2024-03-18"),
    ("la semaine dernière", "la semaine dernière", "DATE", "2024-W10"),
    ("cette semaine", "cette semaine", "DATE", "2024-W11"),
    ("le mois dernier", "le mois dernier", "DATE", "2024-02"),
    ("l'année dernière", "l'année dernière", "DATE", "2023"),
    ("la fin de l'année dernière", "la fin de l'année dernière", "DATE", "2023"),
    ("ce week-end", "ce week-end", "DATE", "2024-W11-WE"),
    ("il y a 8 ans", "il y a 8 ans", "DATE", "2016"),
    ("il y a trois mois", "il y a trois mois", "DATE", "2023-12"),
    ("il y a deux jours", "il y a deux jours", "DATE", "2024-03-12"),
    ("il y a deux semaines", "il y a deux semaines", "DATE", "2024-W09"),
    # a part of a day named by its date or weekday: one expression
    ("Dans la soirée du mardi 12 mars, il", "la soirée du mardi 12 mars", "TIME", "2024-03-12TEV"),
    ("le matin du samedi 9 mars 2024", "le matin du samedi 9 mars 2024", "TIME", "2024-03-09TMO"),
    ("Dans la nuit de lundi à mardi, il", "la nuit de lundi à mardi", "TIME", "2024-03-11TNI"),
    ("dans la nuit du 10 au 11, il", "la nuit du 10 au 11", "TIME", "2024-03-10TNI"),
    ("Le 12 mars dans l'après-midi, il", "Le 12 mars dans l'après-midi", "TIME", "2024-03-12TAF"),
    ("Mardimatin, il est parti.", "Mardimatin", "TIME", "2024-03-12TMO"),
    (
        "Le 12 mars dans l'après-midiHeure locale, il",
        "Le 12 mars dans l'après-midi",
        "TIME",
        "2024-03-12TAF",
    ),
    ("à midiHeure locale", "midi", "TIME", "2024-03-14T12:00"),
    ("dans les années 2000, puis", "les années 2000", "DATE", "200"),
    ("les années 90", "les années 90", "DATE", "199"),
    ("Au début du mois, il", "début du mois", "DATE", "2024-03"),
    ("qui a duré plus d'une demi-heure", "plus d'une demi-heure", "DURATION", "PT30M"),
    ("En début d'après-midi, il", "début d'après-midi", "TIME", "2024-03-14TAF"),
    ("en fin de matinée", "fin de matinée", "TIME", "2024-03-14TMO"),
    # anaphoric (the narrative is on the publication day here)
    ("la veille", "la veille", "DATE", "2024-03-13"),
    ("le lendemain", "le lendemain", "DATE", "2024-03-15"),
    ("Plus tard, il revient.", "Plus tard", "DATE", "2024-03-14"),
    ("Auparavant, il était là.", "Auparavant", "DATE", "PAST_REF"),
    ("désormais", "désormais", "DATE", "PRESENT_REF"),
    ("Il vit maintenant à Lyon.", "maintenant", "DATE", "PRESENT_REF"),
    ("Pour l'instant, rien.", "Pour l'instant", "DATE", "PRESENT_REF"),
    ("lors des prochaines élections", "prochaines", "TIME", "FUTURE_REF"),
    ("la même époque", "la même époque", "DATE", "2024-03"),
    # durations
    ("près de 60 heures", "près de 60 heures", "DURATION", "PT60H"),
    ("pendant quelques heures", "quelques heures", "DURATION", "PTXH"),
    ("depuis 3 ans", "3 ans", "DURATION", "P3Y"),
    ("dix-huit mois", "dix-huit mois", "DURATION", "P18M"),
    ("30,4 secondes", "30,4 secondes", "DURATION", "PT30.4S"),
    ("moins de deux ans après", "moins de deux ans", "DURATION", "P2Y"),
    ("près d'une heure", "près d'une heure", "DURATION", "PT1H"),
    ("environ une heure plus tard", "environ une heure", "DURATION", "PT1H"),
    ("il y a quelques mois", "quelques mois", "DURATION", "PXM"),
    ("un quinquennat", "quinquennat", "DURATION", "P5Y"),
    ("ces derniers jours", "ces derniers jours", "DURATION", "PXD"),
    ("une semaine", "une semaine", "DURATION", "P1W"),
    ("pays.Quatre jours plus tard, il", "Quatre jours", "DURATION", "P4D"),
    ("une peine de 12 ans de prison", "12 ans", "DURATION", "P12Y"),
    ("un mandat de 5 ans", "5 ans", "DURATION", "P5Y"),
    ("pendant près de 24 heures", "près de 24 heures", "DURATION", "PT24H"),
    # sets
    ("chaque jour", "chaque jour", "SET", "P1D"),
    ("tous les jeudis", "tous les jeudis", "SET", "XXXX-WXX-4"),
    ("deux fois par an", "an", "SET", "P1Y"),
    ("son rapport annuel", "annuel", "SET", "P1Y"),
    ("un travail quotidien", "quotidien", "SET", "P1D"),
    # seasons
    ("cet été", "été", "DATE", "2024-SU"),
    ("Eté comme hiver", "Eté", "DATE", "XXXX-SU"),
]


@pytest.mark.parametrize(("sentence", "text", "kind", "value"), EXPRESSIONS)
def test_timex_expression(sentence, text, kind, value):
    assert (text, kind, value) in timexes(sentence), timexes(sentence)


FALSE_FRIENDS = [
    "Sam a dit que Je ne sais pas.",
    "sa maison et un chien",
    "sept personnes sont venues",
    "La sonde a atteint Mars en orbite.",
    "Il a été élu et a été réélu.",
    "Il lit le quotidien du matin chaque semaine de sa vie",
    "Un budget de 2000 euros pour 1500 personnes.",
    "Agé de 54 ans, Paul Martin, 38 ans, et une fillette de 6 ans.",
    "un homme de 41 ans",
    "les Jeux Olympiques d'hiver",
    "Il habite au 10, rue de la Paix, le 10, rue Haute.",
    "en dehors des heures de bureau",
    "un homme de l'époque",
    "il y a un problème",
    "A380 et G7",
    "Appelez le 01.23.45.67.89 ou le 06-12-34-56-78.",
    "Il a écrit en 95 pages ce que d'autres écrivent en 300.",
    "la version 1.2.3 et le 31.02.2023",
    "la journée mondiale de l'eau",
]


@pytest.mark.parametrize("sentence", FALSE_FRIENDS)
def test_timex_false_friends_are_not_tagged(sentence):
    found = timexes(sentence)
    assert not [t for t in found if t[0] not in ("chaque semaine", "matin")], found


@pytest.mark.parametrize(
    ("sentence", "text", "mod"),
    [
        ("début mai 2021", "début mai 2021", "START"),
        ("mi-mars", "mi-mars", "MID"),
        ("Tard dans la soirée, il", "Tard dans la soirée", "END"),
        ("Vers 15 h 30, il", "Vers 15 h 30", "APPROX"),
        ("depuis plus de deux ans", "plus de deux ans", "MORE_THAN"),
        ("le 12 mars", "le 12 mars", None),
        ("Au début du mois, il", "début du mois", "START"),
    ],
)
def test_timex_mod_says_what_qualifies_the_expression(sentence, text, mod):
    sentences, headings = segment(sentence, find_repairs(sentence))
    found, _ = find_timexes(sentence, PUB, sentences, headings)
    assert [(t.text, t.extra.get("mod")) for t in found] == [(text, mod)]


def test_timex_table_is_large_enough():
    assert len(EXPRESSIONS) + len(FALSE_FRIENDS) >= 80


def test_timex_headings_date_the_paragraphs_under_them():
    text = (
        "Résumé de l'affaire en une phrase assez longue pour ne pas être un titre du tout.\n"
        "Le 3 février, la crise\n"
        "Le 3 février à midi\n"
        "Il a démissionné. À 21 heures, il a parlé.\n"
        "Le lendemain matin,\n"
        "la direction a réagi. La veille au soir, elle avait hésité.\n"
        "A 14h,\n"
        "Le conseil a voté. Cette nuit, tout a changé.\n"
        "Le 5 au soir,\n"
        "rien de neuf, vers 23 heures.\n"
        "Publié le 10 février 2025"
    )
    found = values(text, None)
    assert found["Le 3 février à midi"] == "2025-02-03T12:00"
    assert found["21 heures"] == "2025-02-03T21:00"
    assert found["Le lendemain matin"] == "2025-02-04TMO"
    assert found["La veille au soir"] == "2025-02-03TEV"  # a flashback moves nothing
    assert found["14h"] == "2025-02-04T14:00"
    assert found["Cette nuit"] == "2025-02-04TNI"  # far from publication: the narrative's night
    assert found["Le 5 au soir"] == "2025-02-05TEV"
    assert found["vers 23 heures"] == "2025-02-05T23:00"


# (rule, text, publication date, expected values of some of its expressions)
IN_CONTEXT = [
    (
        "a reported future does not move the narrative",
        "Le 4 juin, il lui a demandé de venir le lendemain à midi. Le même soir, il a appelé.",
        dt.date(2022, 6, 10),
        {"le lendemain à midi": "2022-06-05T12:00", "Le même soir": "2022-06-04TEV"},
    ),
    (
        "a quote keeps the speaker's day",
        "Le 4 juin\nÀ 16h05, il écrit : « Je pars aujourd'hui. »",
        dt.date(2022, 6, 20),
        {"aujourd'hui": "2022-06-04"},
    ),
    (
        "a quote without a day of its own counts from publication",
        "Il a dit : « Je pars aujourd'hui. »",
        dt.date(2022, 6, 20),
        {"aujourd'hui": "2022-06-20"},
    ),
    (
        "a deictic near publication stays deictic",
        "Il a été limogé hier soir.\nCe matin,\nle club a confirmé.",
        dt.date(2021, 9, 8),
        {"hier soir": "2021-09-07TEV", "Ce matin": "2021-09-08TMO"},
    ),
    (
        "a story counted back from today keeps 'ce matin' today, and a time after it",
        "Dimanche soir, le conseil s'est réuni. Il a annoncé ce matin son départ. "
        "Vers 15 h 30, la société a confirmé.",
        dt.date(2024, 6, 4),
        {"Dimanche soir": "2024-06-02TEV", "ce matin": "2024-06-04TMO"}
        | {"Vers 15 h 30": "2024-06-04T15:30"},
    ),
    (
        "'le matin même' is the morning of the day last told, a flashback too",
        "Le 13 février\nIl est arrivé vers 13 h 40. La veille au soir, Karl Brenner avait "
        "démissionné. Selon l'AFP, il a quitté Valmer le matin même.",
        dt.date(2025, 2, 14),
        {"La veille au soir": "2025-02-12TEV", "le matin même": "2025-02-12TMO"},
    ),
    (
        "a bare time takes the day of its sentence",
        "Le feu a pris vers 15 h 30, hier.",
        dt.date(2003, 2, 23),
        {"vers 15 h 30": "2003-02-22T15:30"},
    ),
]


@pytest.mark.parametrize(
    ("rule", "text", "pub", "expected"), IN_CONTEXT, ids=[c[0] for c in IN_CONTEXT]
)
def test_timex_values_in_context(rule, text, pub, expected):
    found = values(text, pub)
    assert {k: found[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un récit.\nHeure de publication : 21 mai 2020", dt.date(2020, 5, 21)),
        ("Publié le jeudi 4 juin 2015 à 08h15\nUn récit.", dt.date(2015, 6, 4)),
        ("Un récit.\nMis à jour le 02/06/2021 à 11h40", dt.date(2021, 6, 2)),
        ("BERLIN, 9 août 2022 (dépêche) - Un récit.", dt.date(2022, 8, 9)),
        ("Un récit.\nMis à jour le 21.11.2023 à 14:05", dt.date(2023, 11, 21)),
        ("Publié le 21-11-2023\nUn récit.", dt.date(2023, 11, 21)),
        ("Un récit.\nHeure de publication : 2023/11/21 14h05", dt.date(2023, 11, 21)),
        ("Publié le 21.11.23 - 14h05\nUn récit.", dt.date(2023, 11, 21)),
        ("Un récit.\nMis à jour le 21 nov. 2023, 14:05", dt.date(2023, 11, 21)),
        ("Un récit sans date de publication, le 3 mai.", None),
    ],
)
def test_timex_publication_date_stated_in_the_article(text, expected):
    assert publication_date(text) == expected


def test_timex_stated_publication_date_wins_unless_pinned():
    text = "Hier, il a parlé.\nPublié le 5 mai 2020"
    given = dt.date(2001, 1, 1)
    found, anchor = find_timexes(text, given)
    assert anchor == dt.date(2020, 5, 5) and found[0].value == "2020-05-04"
    found, anchor = find_timexes(text, given, prefer_given=True)
    assert anchor == given and found[0].value == "2000-12-31"


def test_timex_without_publication_date_leaves_deictic_values_unknown():
    assert timexes("hier", None) == [("hier", "DATE", None)]


@pytest.mark.parametrize(
    ("month", "day", "anchor", "year"),
    [
        (12, 20, dt.date(2024, 1, 5), 2023),
        (1, 10, dt.date(2023, 12, 28), 2024),
        (6, 2, dt.date(1999, 5, 17), 1999),
    ],
)
def test_timex_year_of_a_date_without_one(month, day, anchor, year):
    assert infer_year(month, day, anchor) == year


def test_timex_spans_point_into_raw_text():
    text = "Tard dans la nuit de9 mars, puis le 10Mars à 17h, rien..\nLe 11 au soir"
    for c in detect(text):
        assert 0 <= c.start < c.end <= len(text)


words = st.lists(st.text(alphabet="abé-", min_size=1, max_size=4), min_size=1, max_size=8)


@given(words, st.text(alphabet="abé- ", max_size=12))
def test_timex_word_tree_matches_like_an_alternation_longest_first(ws, text):
    longest_first = "|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True))
    for suffix in ("", r"\b", "(?= |$)"):  # what follows decides which word the tree keeps
        tree, plain = (re.compile(f"(?:{p}){suffix}", re.I) for p in (_alts(ws), longest_first))
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


# pieces of lines where time expressions start, end, overlap and hide in glued words
PIECES = [
    "le ",
    "Le ",
    "17",
    "1er",
    " novembre",
    "novembreHeure",
    " 2023",
    "à ",
    "vers ",
    "00h19",
    " h",
    "21 heures",
    " midi",
    "Til matin",
    " soir",
    " la veille",
    "Plus tard,",
    " lundi",
    " dernier",
    " il y a ",
    "deux ",
    " ans",
    "/03/",
    "-",
    " été",
    "\n",
    "chaque ",
    "semaine",
    "l'an ",
    " au ",
    "MARS",
    ", ",
    ". ",
]


def unscanned_candidates(text: str) -> list[tuple[int, int, int]]:
    """What ``candidates`` finds, from every rule over every line: no line keys."""
    out = []
    lines = [m.span() for m in re.finditer(r"[^\n]+", text)]
    for priority, rule in enumerate(grammar().rules):
        for m in (m for a, b in lines for m in rule.pattern.finditer(text, a, b)):
            if _valid(rule.kind, m, text):
                x = m.groupdict().get("x") is not None
                start, end = m.span("x") if x else m.span()
                if start < end:
                    out.append((priority, start, end))
    return sorted(out)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_timex_line_keys_skip_only_lines_without_a_match(text):
    assert sorted((c.priority, c.start, c.end) for c in candidates(text)) == unscanned_candidates(
        text
    )


def test_timex_a_day_alone_on_its_line_is_a_day():
    text = "Le 17 mars, Karl Brenner a parlé.\nLe 19\nIl a démissionné."
    assert values(text) == {"Le 17 mars": "2024-03-17", "Le 19": "2024-03-19"}


def test_timex_a_duration_later_or_earlier_keeps_the_point_it_leads_to():
    text = (
        "Le 6 novembre à 21 h, il a parlé. Deux jours plus tôt, il avait vu Lena Vogt. "
        "Trois heures plus tard, il a signé. Il y a passé deux heures."
    )
    sentences, headings = segment(text, find_repairs(text))
    found = {t.text: t for t in find_timexes(text, PUB, sentences, headings)[0]}
    earlier, later = found["Deux jours"], found["Trois heures"]
    assert (earlier.type, earlier.value, earlier.extra["point"]) == (
        "DURATION",
        "P2D",
        "2023-11-04",
    )
    assert later.extra["point"] == "2023-11-07T00:00"
    assert "point" not in found["deux heures"].extra  # a duration alone leads nowhere


SATURDAY = "2024-03-16"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il signera mardi.", {"mardi": ("2024-03-19", "future")}),
        ("La trêve doit entrer en vigueur lundi.", {"lundi": ("2024-03-18", "future")}),
        ("Venez samedi !", {"samedi": ("2024-03-16", "future")}),
        ("Mardi, il a signé.", {"Mardi": ("2024-03-12", "past")}),
        ("Il signera en novembre.", {"novembre": ("2024-11", "future")}),
        ("Il a signé en novembre.", {"novembre": ("2023-11", "past")}),
        # a day to come, in a reported clause, does not move the story
        (
            "Le syndicat a annoncé que lundi serait chômé.\nPeu après, le maire a parlé.",
            {"lundi": ("2024-03-18", "future"), "Peu après": ("2024-03-16", None)},
        ),
    ],
)
def test_timex_weekday_and_month_take_their_direction_from_the_tense(annotator, text, expected):
    from pipeline.io import RawInput

    doc = annotator.annotate_one(RawInput("t", text, SATURDAY, "t"))
    found = {t.text: (t.value, t.extra.get("tense")) for t in doc.timexes}
    assert {k: found.get(k) for k in expected} == expected


def test_timex_that_weekday_is_the_one_of_the_story():
    text = "Le 4 mars, un rapport est paru.\nCe mercredi-là, le conseil a voté."
    assert values(text)["Ce mercredi-là"] == "2024-03-06"  # the story's week, not today's


@pytest.mark.parametrize(
    ("form", "lemma", "conditional"),
    [
        ("partirait", "partir", True),
        ("déclareraient", "déclarer", True),
        ("prendrait", "prendre", True),
        ("déclarait", "déclarer", False),
        ("partait", "partir", False),
        ("prenait", "prendre", False),
    ],
)
def test_timex_conditional_form_reads_the_infinitive_stem(form, lemma, conditional):
    from pipeline.timex import conditional_form

    assert conditional_form(form, lemma) is conditional


def test_timex_a_compound_past_is_past_whatever_the_participle_was_tagged():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.timex import verb_tense

    words = ["Lundi", ",", "Karl", "a", "tweeté", "un", "message"]
    doc = Doc(
        Vocab(),
        words=words,
        pos=["NOUN", "PUNCT", "PROPN", "AUX", "X", "DET", "NOUN"],
        heads=[2, 2, 4, 4, 4, 6, 4],
        deps=["nmod", "punct", "nsubj", "aux:tense", "ROOT", "det", "obj"],
    )
    assert verb_tense(doc[4]) == "past"  # "tweeté" read as a foreign word: no VerbForm


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Karl a dit : « Nous partons. » Puis il a quitté Valmer.", "« Nous partons. »"),
        ("Karl a dit : « Nous partons. Adieu.\nLena a quitté Valmer.", "« Nous partons. Adieu."),
        # machine translation closes a « with the English quote: the quote ends there
        ('Karl a dit : « Nous partons demain." Lena a quitté Valmer.', '« Nous partons demain."'),
        ('Karl : « Le mot "fin" est juste » et Lena est partie.', '« Le mot "fin" est juste »'),
        ("Karl a écrit “Nous partons” hier.", "“Nous partons”"),
    ],
)
def test_quote_spans_end_at_the_closing_mark(text, quoted):
    from pipeline.timex import quote_spans

    assert [text[a:b] for a, b in quote_spans(text)][0] == quoted
