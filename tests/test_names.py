"""Name merging: a table of pairs that must and must not merge, and its properties."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names import (
    Form,
    canonical,
    fold,
    link_keys,
    merge_forms,
    name_tokens,
    score_pair,
    skeleton,
)


def form(text: str, label: str = "PER") -> Form:
    return Form(text, label, name_tokens(text, label))


MUST_MERGE = [
    ("Vladimir Petrov", "Vladimir Petrof"),
    ("Yury Solovyov", "Yuri Soloviev"),
    ("Mohammed Hamsho", "Muhammad Hamshu"),
    ("Ihor Bezler", "Igor Bezler"),
    ("Khalil Khoury", "Khalil Khouri"),
    ("Ivan Kouznetsov", "Ivan Kuznetsov"),
    ("Mohammed Al-Rashid", "Mohamed Al Rachid"),
    ("Karolina Nowak", "Karolina Novak"),
    ("Nowak", "Karolina Novak"),
    ("Olga Belova", "Olga Bellova"),
    ("Takahasi", "Kenta Takahashi"),
    ("Pierre Marchand", "P. Marchand"),
    ("Jean-Luc Moreau", "Jean-Luc Morreau"),
    ("Dr Ana Lima", "Ana Lima"),
    ("Yuri Gagarin", "Iouri Gagarine"),
    ("Aleksandr Zaitsev", "Alexander Zaitsev"),
    ("Sergueï Lavrov", "Sergei Lavrov"),
    ("Hassan Rouhani", "Hasan Rohani"),
    ("Gonzalez", "Maria Gonzales"),
    ("Schmitt", "Anna Schmidt"),
    ("Kowalski", "Kowalsky"),
    ("Abdelvoran Benali", "Abdel Voran Benali"),
    ("Chen Jianguo", "Chen Jian-guo"),
    ("Thomas Müller", "Thomas Mueller"),
    ("Kerimov", "Kelimov"),  # r/l swap
    ("Valeria Santorini", "Valeria Santorin"),  # a dropped last letter
    ("Herrera", "Joana Helera"),  # r/l swap and a single r
    ("Youssef Bensaid", "Youssef Ben Said"),  # a surname glued in one spelling, split in the other
    ("Haydar Morvani", "Heider Morvani"),  # vowels changed as transliteration changes them
    ("Rady Korbanov", "Radii Korbanov"),
    ("Nadir Hudrum", "Nadir Hodrom"),
    ("Abdul Karim Nasri", "Abdulkarim Nasri"),  # a compound given name split or glued
    ("Abd al-Rovan Tazi", "Abdurrovan Tazi"),
    ("Zhou Minghao", "Minghao Zhou"),  # the family name first or last
    ("Zhou Ming-hao", "Minghao Zhou"),
    ("Herrera Solis", "Ana Lucia Herrera Solis"),  # two surnames, the first name left out
    ("Herrera", "Ana Lucia Herrera Solis"),  # the first of two surnames alone
]

MUST_NOT_MERGE = [
    ("Jack Miller", "Sam Miller"),
    ("Marco Rossi", "Marco Russo"),
    ("Ana Lima", "Ina Lima"),
    ("Vladimir Petrov", "Ivan Petrov"),
    ("Anna Kowalska", "Anna Nowak"),
    ("Anna", "Anna Nowak"),
    ("Paul Durand", "Pierre Durand"),
    ("Marie Dubois", "Marc Dubois"),
    ("Li Wei", "Li Na"),
    ("Jean Martin", "Jean Morin"),
    ("Robert Lewandowski", "Robert Kubica"),
    ("Ali Hassan", "Ali Hussein"),
    ("Kim Jong-un", "Kim Jong-il"),
    ("Tom", "Tom Keller"),
    ("Eva", "Ivo"),
    ("Lars Nilsson", "Lars Larsson"),
    ("Lopez", "Perez"),
    ("Ana Lima", "Ana Lins"),
    ("Hugo Brandt", "Hugo Lang Hansen"),
    ("Sofia Rossi", "Sofia Russo"),
    ("Marek Zielinski", "Tomasz Zielinski"),
    ("Olga Petrova", "Olga Pavlova"),
    ("Nadia Benali", "Karim Benali"),
    ("Hassan Morvani", "Hussein Morvani"),  # a for u is not a transliteration change
    ("Abdul Karim Nasri", "Abdul Rovan Nasri"),  # compound given names differ after the head
    ("Abdul Rovan Nasri", "Abdulvaren Nasri"),
    ("Pavel Rogozin", "Pavel Lukashenko"),  # one skeleton starts the other, little else shared
    ("Lucia", "Ana Lucia Herrera Solis"),  # a given name alone
]


@pytest.mark.parametrize(("a", "b"), MUST_MERGE)
def test_names_must_merge(a, b):
    groups, evidence = merge_forms([form(a), form(b)])
    assert groups == [[0, 1]]
    assert evidence and evidence[0].rule and evidence[0].score > 0


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MERGE)
def test_names_must_not_merge(a, b):
    groups, evidence = merge_forms([form(a), form(b)])
    assert groups == [[0], [1]] and evidence == []


def test_names_table_is_large_and_balanced():
    assert len(MUST_MERGE) + len(MUST_NOT_MERGE) >= 40
    assert min(len(MUST_MERGE), len(MUST_NOT_MERGE)) >= 20


def test_names_bare_surname_of_two_persons_stays_alone():
    forms = [form("Tom Keller"), form("Eva Keller"), form("Keller"), form("Keler")]
    groups, _ = merge_forms(forms)
    assert [0] in groups and [1] in groups and [2] in groups and [3] in groups


def test_names_bare_surname_spelled_as_one_persons_goes_to_that_person():
    forms = [form("Pavel Sokolov"), form("Pavel Sokolof"), form("Igor Sokolov")]
    groups, _ = merge_forms([*forms, form("Sokolof"), form("Sokolov")])
    assert sorted(groups) == [[0, 1, 3], [2], [4]]  # "Sokolov" was spelled for both: alone


def test_names_two_full_names_never_meet_through_a_bare_one():
    forms = [form("Jack Miller"), form("Miller"), form("Sam Miller")]
    groups, _ = merge_forms(forms)
    assert all(not {0, 2} <= set(g) for g in groups)


def test_names_spellings_linked_through_others_may_differ_more_than_two_compared():
    for chain in [
        ("Volha Marozava", "Volga Marozava", "Olga Marozava"),
        ("Pavel Vrakdel", "Pavel Vrakdal", "Pavel Verdakal"),
    ]:
        ends, _ = merge_forms([form(chain[0]), form(chain[2])])
        assert ends == [[0], [1]]  # too far apart to merge on their own
        groups, _ = merge_forms([form(t) for t in chain])
        assert groups == [[0, 1, 2]]


@pytest.mark.parametrize("first", [("Jack", "J.", "Sam"), ("Daniel", "D.", "David")])
def test_names_an_initial_never_links_two_first_names(first):
    groups, _ = merge_forms([form(f"{name} Miller") for name in first])
    assert all(not {0, 2} <= set(g) for g in groups)


def test_names_organisations_and_labels():
    assert score_pair(form("Voltaris SA", "ORG"), form("Voltaris", "ORG")) is not None
    assert score_pair(form("Voltaris", "ORG"), form("Voltaris", "PER")) is not None  # same text
    full, later = (
        Form("Voltaris Research", "ORG", ("voltaris", "research")),
        Form("Voltaris", "MISC", ("voltaris",), first=40),
    )
    short = score_pair(later, full)
    assert short is not None and short.rule == "organisation's short name"
    assert score_pair(dataclasses.replace(later, first=0), full) is None  # named before it
    assert score_pair(later, full, 5.0) is None  # across articles, too little
    other = Form("Voltaris Capital", "ORG", ("voltaris", "capital"), first=20)
    assert [2] in merge_forms([full, other, later])[0]  # the short name of which?
    assert score_pair(form("Berlin", "LOC"), form("Berlino", "PER")) is None


def test_names_canonical_is_the_fullest_best_attested():
    forms = [
        Form("Brenner", "PER", ("brenner",), 5),
        Form("Karl Brenner", "PER", ("karl", "brenner"), 1),
    ]
    assert canonical(forms).text == "Karl Brenner"


@pytest.mark.parametrize(
    ("text", "folded", "skel"),
    [
        ("D'Angelo", "dangelo", "tnkr"),
        ("Mulatti", "mulatti", "mrt"),
        ("Al-Sayyed", "al sayyed", "rst"),
        ("Yılmaz", "yilmaz", "rms"),  # a dotless i, which does not decompose
    ],
)
def test_names_fold_and_skeleton(text, folded, skel):
    assert fold(text) == folded
    assert skeleton(folded.replace(" ", "")) == skel


def test_names_link_keys_across_articles_is_stricter():
    names = [
        ("Karl Brenner", "PER"),
        ("Karl Brener", "PER"),
        ("Brenner", "PER"),
        ("Voltaris", "ORG"),
        ("Voltaris SA", "ORG"),
        ("Eva Brenner", "PER"),
    ]
    keys = link_keys(names)
    assert keys[0] == keys[1]  # a full-name variant
    assert keys[2] not in (keys[0], keys[5])  # a bare name alone says too little across articles
    assert keys[3] == keys[4] and keys[0] != keys[5]


def test_names_link_keys_compares_names_alike_in_shape_not_only_in_letters():
    names = [  # later names whose letters differ too much for the similar-token search
        ("Omar Khuri", "PER"),
        ("Omar Khoury", "PER"),
        ("Reza Karimi Nejad", "PER"),
        ("Reza Kariminejad", "PER"),
        ("Omar Kharis", "PER"),
    ]
    keys = link_keys(names)
    assert keys[0] == keys[1] and keys[2] == keys[3] and keys[4] not in (keys[0], keys[2])


def test_names_link_keys_compares_names_with_the_same_first_and_last_names():
    names = [  # the surname is too frequent to block on; first and last name together are not
        ("Omar Haddad", "PER"),
        ("Omar Karim Haddad", "PER"),
        ("Sami Haddad", "PER"),
        ("Lina Haddad", "PER"),
    ]
    assert link_keys(names, frequent=2) == [0, 0, 1, 2]


names_strategy = st.lists(
    st.sampled_from([a for pair in MUST_MERGE + MUST_NOT_MERGE for a in pair]),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(names_strategy, st.randoms())
def test_names_merging_is_deterministic_and_order_free(texts, rng):
    def partition(order):
        forms = [form(t) for t in order]
        groups, _ = merge_forms(forms)
        return sorted(sorted(order[i] for i in g) for g in groups)

    shuffled = texts[:]
    rng.shuffle(shuffled)
    assert partition(texts) == partition(texts) == partition(shuffled)


@settings(max_examples=40, deadline=None)
@given(names_strategy, st.randoms())
def test_names_link_keys_is_order_free(texts, rng):
    def partition(order):
        keys = link_keys([(t, "PER") for t in order])
        groups: dict[int, list[str]] = {}
        for text, key in zip(order, keys, strict=True):
            groups.setdefault(key, []).append(text)
        return sorted(sorted(g) for g in groups.values())

    shuffled = texts[:]
    rng.shuffle(shuffled)
    assert partition(texts) == partition(shuffled)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abdeilmnorsu", min_size=1, max_size=12), max_size=40))
def test_names_similar_tokens_finds_what_comparing_every_pair_finds(tokens):
    from rapidfuzz import fuzz

    from pipeline.names import _similar_tokens

    found = {frozenset((a, b)) for a, b, _ in _similar_tokens(tokens, cutoff=80, chunk=7)}
    distinct = sorted(set(tokens))
    brute = {
        frozenset((a, b))
        for i, a in enumerate(distinct)
        for b in distinct[i:]
        if fuzz.ratio(a, b) >= 80
    }
    assert found == brute
