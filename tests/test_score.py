from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.records import Document, Entity, Event, Span, Timex
from pipeline.score import (
    Counts,
    assignment,
    differences,
    evaluate,
    event_pairs,
    fuzzy_counts,
    match,
    overlaps,
    pair_documents,
    strict_counts,
)

TEXT = "x" * 100
ALL = ("entities", "clusters", "timexes", "timex_values", "events")


def doc(entities=(), timexes=(), events=(), layers=ALL, text=TEXT, doc_id="d"):
    return Document(
        id=doc_id,
        text=text,
        layers=layers,
        entities=tuple(entities),
        timexes=tuple(timexes),
        events=tuple(events),
    )


def ents(*mentions):
    """One single-mention entity per (label, start, end)."""
    return [
        Entity(f"e{i}", label, "n", (Span(s, e, TEXT[s:e]),))
        for i, (label, s, e) in enumerate(mentions)
    ]


def score(gold, pred):
    figures, _ = evaluate([(gold, pred)])
    return figures


GOLD_MENTIONS = [
    ("PER", 0, 5),
    ("PER", 10, 15),
    ("ORG", 20, 25),
    ("LOC", 30, 35),
    ("ORG", 40, 45),
    ("MISC", 40, 45),
]
PRED_MENTIONS = [
    ("PER", 0, 5),
    ("PER", 10, 14),
    ("ORG", 20, 25),
    ("ORG", 30, 35),
    ("MISC", 40, 45),
    ("PER", 50, 55),
]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ents_strict_p", 3 / 6),
        ("ents_strict_r", 3 / 6),
        ("ents_strict_f", 0.5),
        ("ents_fuzzy_p", 4 / 6),
        ("ents_fuzzy_r", 4 / 6),
        ("ents_fuzzy_f", 4 / 6),
        ("ents_PER_strict_p", 1 / 3),
        ("ents_PER_strict_r", 1 / 2),
        ("ents_PER_strict_f", 0.4),
        ("ents_PER_fuzzy_p", 2 / 3),
        ("ents_PER_fuzzy_r", 1.0),
        ("ents_PER_fuzzy_f", 0.8),
        ("ents_ORG_strict_p", 0.5),
        ("ents_ORG_strict_r", 0.5),
        ("ents_LOC_strict_p", 0.0),
        ("ents_LOC_strict_r", 0.0),
        ("ents_LOC_strict_f", 0.0),
        ("ents_MISC_strict_f", 1.0),
    ],
)
def test_score_entities_hand_computed_multi_label(key, expected):
    figures = score(doc(ents(*GOLD_MENTIONS)), doc(ents(*PRED_MENTIONS)))
    assert figures[key] == pytest.approx(expected)


def test_score_empty_gold_and_empty_prediction():
    both_empty = score(doc(), doc())
    assert both_empty["ents_strict_f"] == 1.0 and both_empty["timex_relaxed_f"] == 1.0
    assert both_empty["timex_value_acc"] is None  # nothing matched: not measured
    nothing_predicted = score(doc(ents(*GOLD_MENTIONS)), doc())
    assert (nothing_predicted["ents_strict_p"], nothing_predicted["ents_strict_r"]) == (0.0, 0.0)
    nothing_to_find = score(doc(), doc(ents(*PRED_MENTIONS)))
    assert nothing_to_find["ents_strict_p"] == 0.0 and nothing_to_find["ents_strict_f"] == 0.0


def test_score_layers_not_annotated_are_none_not_zero():
    figures = score(doc(ents(*GOLD_MENTIONS), layers=("entities",)), doc())
    assert figures["ents_strict_r"] == 0.0
    for key in ("clusters_conll_f", "timex_strict_f", "timex_value_f", "events_f", "timeline_tau"):
        assert figures[key] is None, key
    timexes_only = score(doc(layers=("timexes",)), doc())
    assert timexes_only["timex_strict_f"] == 1.0 and timexes_only["timex_value_f"] is None


def cluster(eid, *spans):
    return Entity(eid, "PER", eid, tuple(Span(s, e, TEXT[s:e]) for s, e in spans))


A, B, C, D, E = (0, 1), (2, 3), (4, 5), (6, 7), (8, 9)


def test_score_clusters_textbook_example():
    gold = doc([cluster("k1", A, B, C), cluster("k2", D, E)])
    pred = doc([cluster("r1", A, B), cluster("r2", C, D, E)])
    figures = score(gold, pred)
    assert figures["clusters_muc_f"] == pytest.approx(2 / 3)
    assert figures["clusters_b3_f"] == pytest.approx(11 / 15)
    assert figures["clusters_ceafe_f"] == pytest.approx(0.8)
    assert figures["clusters_conll_f"] == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_score_clusters_use_gold_mentions_only():
    gold = doc([cluster("k1", A, B), cluster("k2", C)])
    # (20, 25) is not a gold mention: ignored; B is missed: a singleton of the response
    pred = doc([cluster("r1", A, (20, 25)), cluster("r2", C)])
    figures = score(gold, pred)
    assert figures["clusters_muc_f"] == 0.0  # the one gold link (A-B) is lost
    assert figures["clusters_b3_f"] == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert (figures["clusters_b3_p"], figures["clusters_b3_r"]) == pytest.approx((1, 2 / 3))


def tx(s, e, typ="DATE", value=None):
    return Timex(f"t{s}", s, e, TEXT[s:e], typ, value)


def test_score_timexes_hand_computed():
    gold = doc(
        timexes=[
            tx(0, 10, "DATE", "2023-11-17"),
            tx(20, 25, "TIME", "2023-11-17T12:00"),
            tx(30, 35, "DATE", "2023"),
        ]
    )
    pred = doc(
        timexes=[
            tx(0, 10, "DATE", "2023-11-17"),
            tx(18, 24, "TIME", "2023-11-18T12:00"),
            tx(50, 55, "DATE", "2023"),
        ]
    )
    f = score(gold, pred)
    assert (f["timex_strict_p"], f["timex_strict_r"]) == pytest.approx((1 / 3, 1 / 3))
    assert f["timex_relaxed_f"] == pytest.approx(2 / 3)
    assert f["timex_type_acc"] == 1.0
    assert f["timex_value_acc"] == 0.5
    assert f["timex_value_f"] == pytest.approx(0.5 * 2 / 3)


def ev(eid, typ, start, when, *actors, **extra):
    return Event(
        eid, typ, Span(start, start + 2, TEXT[start : start + 2]), None, when, tuple(actors), extra
    )


def test_score_events_match_on_type_day_and_actor_and_tau():
    entities = [cluster("p1", A), cluster("p2", B)]
    gold = doc(
        entities,
        events=[
            ev("v1", "meeting", 10, "2023-11-16", "p1"),
            ev("v2", "dismissal", 20, "2023-11-17T12:00", "p1", "p2"),
            ev("v3", "post", 30, "2023-11-18TEV", "p2"),
            ev("v4", "post", 40, "2023-11-18TNI", "p2", same_as="v3"),
        ],
    )
    pred = doc(
        entities,
        events=[
            ev("w1", "meeting", 10, "2023-11-16T09:00", "p1"),  # same day: match
            ev("w2", "dismissal", 20, "2023-11-17", "p2"),  # shares p2: match
            ev("w3", "post", 30, "2023-11-19", "p2"),  # wrong day: no match
            ev("w4", "meeting", 50, "2023-11-16", "p2"),  # no shared actor: spurious
        ],
    )
    f = score(gold, pred)
    assert (f["events_p"], f["events_r"]) == pytest.approx((2 / 4, 2 / 3))
    assert f["timeline_tau"] == 1.0
    assert f["events_day_acc"] == pytest.approx(2 / 3)  # w3 finds v3's trigger, not its day
    reversed_pred = doc(
        entities,
        events=[
            ev("w1", "meeting", 10, "2023-11-16T23:00", "p1"),
            ev("w2", "dismissal", 20, "2023-11-16T08:00", "p1"),
        ],
    )
    reversed_gold = doc(
        entities,
        events=[
            ev("v1", "meeting", 10, "2023-11-16T01:00", "p1"),
            ev("v2", "dismissal", 20, "2023-11-16T02:00", "p1"),
        ],
    )
    assert score(reversed_gold, reversed_pred)["timeline_tau"] == -1.0


def test_score_events_pair_each_event_with_the_prediction_at_its_trigger():
    """Among predictions of the same type, day and actor, an event pairs with the one at its
    own trigger; a farther one only when a maximum matching needs it. Pairing by whichever came
    first would put 09:00 against 11:00 and turn a right order into a wrong one."""
    entities = [cluster("p1", A)]
    gold = doc(
        entities,
        events=[
            ev("v1", "other", 10, "2023-11-16T09:00", "p1"),
            ev("v2", "other", 12, "2023-11-16T10:00", "p1"),
        ],
    )
    pred = doc(
        entities,
        events=[
            ev("w1", "other", 10, "2023-11-16T09:00", "p1"),
            ev("w2", "other", 70, "2023-11-16T11:00", "p1"),
            ev("w3", "other", 40, "2023-11-16T10:00", "p1"),
        ],
    )
    pairs = [(g.id, p.id) for g, p in event_pairs(gold, pred)]
    assert pairs == [("v1", "w1"), ("v2", "w3")]
    assert score(gold, pred)["timeline_tau"] == 1.0
    assert match(2, 2, lambda g, p: (g, p) != (1, 1), lambda g, p: abs(g - p)) == [(0, 1), (1, 0)]


def test_score_pairing_reports_missing_and_foreign_predictions():
    gold = [doc(doc_id="a"), doc(doc_id="b")]
    pred = [doc(doc_id="a", text="autre"), doc(doc_id="z")]
    pairs, problems = pair_documents(gold, pred)
    assert [(g.id, p.text == g.text, len(p.entities)) for g, p in pairs] == [
        ("a", True, 0),
        ("b", True, 0),
    ]
    assert problems == [
        "a: the prediction's text differs from the gold's; scored as empty",
        "b: no prediction; scored as an empty one",
        "z: prediction has no gold document; not scored",
    ]


def test_score_differences_say_what_to_fix():
    gold = doc(ents(("PER", 0, 5), ("ORG", 20, 25)), timexes=[tx(30, 35, "DATE", "2023")])
    pred = doc(
        ents(("PER", 0, 5), ("LOC", 20, 25), ("PER", 50, 55)), timexes=[tx(30, 34, "DATE", "2024")]
    )
    kinds = [(d.layer, d.kind) for d in differences(gold, pred)]
    assert kinds == [
        ("entities", "wrong label"),
        ("timexes", "wrong value"),
        ("entities", "spurious"),
    ]


# --- brute-force references -----------------------------------------------------------------

labels = st.sampled_from(["PER", "ORG"])
spans = st.tuples(st.integers(0, 12), st.integers(1, 4)).map(lambda t: (t[0], t[0] + t[1]))
mention_lists = st.lists(st.tuples(labels, spans).map(lambda t: (t[0], *t[1])), max_size=6)


def brute_force_matching(gold, pred, ok):
    best = 0
    for k in range(min(len(gold), len(pred)), 0, -1):
        for gs in itertools.combinations(range(len(gold)), k):
            for ps in itertools.permutations(range(len(pred)), k):
                if all(ok(gold[g], pred[p]) for g, p in zip(gs, ps, strict=True)):
                    return k
    return best


@given(mention_lists, mention_lists)
def test_score_fuzzy_matching_is_maximum(gold, pred):
    counts = fuzzy_counts(gold, pred)
    expected = brute_force_matching(
        gold, pred, lambda a, b: a[0] == b[0] and overlaps(a[1:], b[1:])
    )
    assert counts == Counts(expected, len(pred) - expected, len(gold) - expected)


@given(mention_lists, mention_lists)
def test_score_strict_counts_match_brute_force(gold, pred):
    expected = brute_force_matching(gold, pred, lambda a, b: a == b)
    assert strict_counts(gold, pred).tp == expected


@given(st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=1, max_size=4))
def test_score_assignment_is_optimal(matrix):
    n, m = len(matrix), len(matrix[0])
    best = max(
        sum(matrix[i][j] for i, j in zip(rows, cols, strict=True))
        for k in [min(n, m)]
        for rows in itertools.permutations(range(n), k)
        for cols in itertools.combinations(range(m), k)
    )
    assert assignment(matrix) == pytest.approx(best)


def test_score_match_prefers_like_with_like():
    pairs = match(2, 2, lambda g, p: True, lambda g, p: abs(g - p))
    assert pairs == [(0, 0), (1, 1)]
