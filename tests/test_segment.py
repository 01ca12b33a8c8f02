from __future__ import annotations

import pytest

from pipeline.repair import find_repairs
from pipeline.segment import is_heading_line, segment


def sentences_of(text: str) -> list[str]:
    sentences, _ = segment(text, find_repairs(text))
    return [text[s.start : s.end] for s in sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il part. Elle reste.", ["Il part.", "Elle reste."]),
        ("Il part.Elle reste.", ["Il part.", "Elle reste."]),
        ("de NorvAI.À ce stade, fin.", ["de NorvAI.", "À ce stade, fin."]),
        ("M. Dupont arrive. Il parle.", ["M. Dupont arrive.", "Il parle."]),
        ("Selon J. R. Martin, tout va bien.", ["Selon J. R. Martin, tout va bien."]),
        ("Il a dit : « Je pars. »J'ai hâte.", ["Il a dit : « Je pars. »", "J'ai hâte."]),
        ("Une ligne\nUne autre ligne.", ["Une ligne", "Une autre ligne."]),
        ("Fin\r\n\r\nSuite.", ["Fin", "Suite."]),
        ("Le prix est de 3.5 millions. Bien.", ["Le prix est de 3.5 millions.", "Bien."]),
        ("Voltaris.com Inc. Le 19 au soir, rien.", ["Voltaris.com Inc.", "Le 19 au soir, rien."]),
        ("Vraiment ? Oui !", ["Vraiment ?", "Oui !"]),
        ("Il part.« Je reste », dit-elle.", ["Il part.", "« Je reste », dit-elle."]),
        ("Il part.«Je reste», dit-elle.", ["Il part.", "«Je reste», dit-elle."]),
        ("   ", []),
    ],
)
def test_segment_sentences(text, expected):
    assert sentences_of(text) == expected


def test_segment_headings_scope_what_follows():
    text = (
        "Titre d'ouverture du récit qui est une longue phrase de plus de dix mots au total.\n"
        "Le 17 novembre à midi\n"
        "Il arrive. Elle part.\n"
        "Plus tard,\n"
        "le conseil a voté.\n"
        "Publié le 21 novembre 2023"
    )
    _, headings = segment(text)
    assert [h.text for h in headings] == ["Le 17 novembre à midi", "Plus tard,"]
    first, second = headings
    assert first.scope_end == second.start
    assert second.scope_end == len(text)
    for h in headings:
        assert text[h.start : h.end] == h.text


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Le 17 novembre à midi", True),
        ("À 00h19", True),
        ("Plus tard,", True),
        ("Le 19 novembre, il rejoint Tarsis", True),
        ("Il est parti.", False),
        ("la suite du récit", False),
        ("« Nous revenons »", False),
        (
            "Une phrase bien trop longue pour être un titre de section dans un article de presse",
            False,
        ),
    ],
)
def test_segment_heading_shape(line, heading):
    assert is_heading_line(line) is heading


def test_segment_last_line_is_no_heading():
    _, headings = segment("Un récit.\nHeure de publication : 21 novembre 2023")
    assert headings == []
