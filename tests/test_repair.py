from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.repair import (
    DOUBLED_PUNCT,
    GLUED_CASE,
    GLUED_COMMA,
    GLUED_DIGIT,
    GLUED_QUOTE,
    GLUED_SENTENCE,
    GLUED_TITLE,
    apply_repairs,
    cut_points,
    describe,
    find_repairs,
    word_before,
)

# (raw, cleaned): what a reader should get. Cases where raw == cleaned must not change.
REPAIR_TABLE = [
    # glued digits
    ("Tard dans la nuit de19 novembre", "Tard dans la nuit de 19 novembre"),
    ("16Novembre, après", "16 Novembre, après"),
    ("le 17novembre à midi", "le 17 novembre à midi"),
    ("depuis2019 déjà", "depuis 2019 déjà"),
    ("Depuis2020, rien", "Depuis 2020, rien"),
    ("vers17 heures", "vers 17 heures"),
    ("à19h précises", "à 19h précises"),
    ("une entreprise de 90milliards", "une entreprise de 90 milliards"),
    ("le 21 novembre2023 au soir", "le 21 novembre 2023 au soir"),
    ("à 21heures", "à 21 heures"),
    ("un entraînement à 9h.Jeudi, le club", "un entraînement à 9h. Jeudi, le club"),
    ("une hausse de 3.5 points à 9h. Puis", None),
    # lowercase word glued to a capitalised one
    ("de19 novembreHeure locale", "de 19 novembre Heure locale"),
    (
        "le départ de l'entrepriseTarsis a surpris",
        "le départ de l'entreprise Tarsis a surpris",
    ),
    ("ils ont annoncéLundi la nouvelle", "ils ont annoncé Lundi la nouvelle"),
    # an acronym glued to the lowercase word after it
    ("mais les FRVont répliqué", "mais les FRV ont répliqué"),
    ("le siège de l'ONUet celui du PAM", "le siège de l'ONU et celui du PAM"),
    ("des CEOs, les PMEs, un ETFs", None),  # a plural, not a word of its own
    # sentences glued together
    ("de PDG par intérim de NorvAI.À ce stade", "de PDG par intérim de NorvAI. À ce stade"),
    ("rejoindraient Tarsis.Brenner et lui", "rejoindraient Tarsis. Brenner et lui"),
    ("il part demain!Le conseil", "il part demain! Le conseil"),
    ("qui sait?Personne ne", "qui sait? Personne ne"),
    ("en 2023.Le conseil", "en 2023. Le conseil"),
    # glued quotes
    ("pour toujours. »J'ai hâte", "pour toujours. » J'ai hâte"),
    ("« Oui »De nombreux employés", "« Oui » De nombreux employés"),
    ('a décidé ainsi."Si cela', 'a décidé ainsi." Si cela'),
    # glued comma
    ("À l'époque,la directrice", "À l'époque, la directrice"),
    ("en pourparlers;le conseil", "en pourparlers; le conseil"),
    ("« La confiance est rompue »,a écrit", "« La confiance est rompue », a écrit"),
    # doubled punctuation
    ("a finalement pris fin..", "a finalement pris fin."),
    ("le conseil,, puis", "le conseil, puis"),
    ("Note:: voir", "Note: voir"),
    # must not change
    ("Il hésite... puis signe.", "Il hésite... puis signe."),
    ("une filiale d'Voltaris.com Inc.", "une filiale d'Voltaris.com Inc."),
    ("M.Dupont et Mme.Durand", "M. Dupont et Mme. Durand"),  # a title, not a sentence end
    ("J.R.R. Tolkien", "J.R.R. Tolkien"),
    ("Selon M. Dupont, p. 12 et M.A. Durand", None),
    ("une hausse de 3.5 % et 2,7 %", "une hausse de 3.5 % et 2,7 %"),
    ("voir https://example.com/2023/11/19novembre.Html et www.test.fr/a,b", None),
    ("NorvAI, KestrelGPT, VoltMind, YouTube, iPhone, eBay, McDonald, macOS", None),
    ("À 00h19, à 12 h 23 et à 17h35", None),
    ("le 1er, le 3ème, le 2e et 10km ou 5G, A380, 4x4", None),
    ("mp3, x86, COVID-19, H1N1, B2B", None),
    ("écrivez à contact@exemple.fr ou @NorvAI, #IA2023", None),
    ("le commit 6acdbb4ceba4f9bf", None),
    ("ASP.NET et Node.js", None),
    ("Il a dit « oui ». Puis il est parti.", None),
]


@pytest.mark.parametrize(("raw", "cleaned"), REPAIR_TABLE)
def test_repair_table(raw, cleaned):
    assert apply_repairs(raw, find_repairs(raw)) == (raw if cleaned is None else cleaned)


def test_repair_table_has_enough_must_not_change_cases():
    unchanged = [r for r, c in REPAIR_TABLE if c is None or c == r]
    assert len(REPAIR_TABLE) >= 30
    assert len(unchanged) >= len(REPAIR_TABLE) / 3


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("de19 mai", [GLUED_DIGIT]),
        ("mainLe", [GLUED_CASE]),
        ("NorvAI.À", [GLUED_SENTENCE]),
        ("»De", [GLUED_QUOTE]),
        ("époque,la", [GLUED_COMMA]),
        ("fin..", [DOUBLED_PUNCT]),
        ("Valmer.M.Brenner", [GLUED_SENTENCE, GLUED_TITLE]),
    ],
)
def test_repair_kinds(raw, kinds):
    assert [r.kind for r in find_repairs(raw)] == kinds


def test_repair_records_point_into_raw_text():
    raw = "de19 novembreHeure. Fin..Le"
    for r in find_repairs(raw):
        assert raw[r.start : r.end] == r.text
        assert (r.start == r.end) == (r.text == "")


def test_repair_cut_points_cover_both_edges():
    raw = "fin..Le"
    repairs = find_repairs(raw)
    assert cut_points(repairs) == [3, 5]


def test_repair_describe_shows_context():
    raw = "ligne\nla nuit de19 novembre"
    (r,) = find_repairs(raw)
    line = describe(raw, r, width=8)
    assert line.startswith("2:11 glued-digit")
    assert "nuit de[+' ']19 novem" in line


noisy = st.text(
    alphabet=st.sampled_from(list("aeéiouàlnrsmdtLMOÀA .,;..!?»«\"19h\n-'’:/")), max_size=200
)


@given(noisy)
def test_repair_spans_hold_and_cleaning_only_adds_or_drops_noise(text):
    repairs = find_repairs(text)
    assert repairs == sorted(repairs, key=lambda r: (r.start, r.end))
    for r in repairs:
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start : r.end] == r.text
    cleaned = apply_repairs(text, repairs)
    assert cleaned.replace(" ", "") == apply_repairs(
        text, [r for r in repairs if r.kind == DOUBLED_PUNCT]
    ).replace(" ", "")


@given(st.text(alphabet=st.sampled_from(list("aéZ .\n")), max_size=150), st.data())
def test_word_before_is_the_letter_run_ending_there(text, data):
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    run = end
    while run > start and (text[run - 1].isalpha()):
        run -= 1
    assert word_before(text, end, start) == text[run:end]
