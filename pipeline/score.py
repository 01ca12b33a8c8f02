"""Scoring predictions against gold, per layer, as pure functions.

Documents are matched by id. Only the layers a gold document lists in ``layers`` are scored; a
layer no gold document annotated reports ``None`` (not measured), never 0. Figures are
micro-averaged over documents: counts are summed, then turned into ratios. Keys are flat and
part of the interface (``ents_strict_f``, ``clusters_conll_f``, ``timex_value_f``, ...).

Matching one to one is a maximum bipartite matching (``match``), so a span is never credited
twice and the result does not depend on list order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.records import LABELS, Document, Entity, Event, Timex
from pipeline.timeline import timeline_key

Figures = dict[str, float | None]
Mention = tuple[str, int, int]  # label, start, end


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1; an empty side with nothing to find scores 1.0, else 0.0."""
        empty = self.tp + self.fp + self.fn == 0
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float(empty)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else float(empty)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def prf_keys(prefix: str, counts: Counts | None) -> Figures:
    if counts is None:
        return {f"{prefix}_p": None, f"{prefix}_r": None, f"{prefix}_f": None}
    p, r, f = counts.prf()
    return {f"{prefix}_p": p, f"{prefix}_r": r, f"{prefix}_f": f}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def match(
    n_gold: int,
    n_pred: int,
    ok: Callable[[int, int], bool],
    prefer: Callable[[int, int], float] | None = None,
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold items to predicted items (augmenting paths).

    ``ok(g, p)`` says whether gold ``g`` and prediction ``p`` may be paired. With ``prefer``
    (lower is better), the closest pairs are made first, over all items, and augmenting paths
    then only add the pairs a maximum matching needs: like pairs with like (an event with the
    prediction at its own trigger, not with one of the same type told elsewhere). The result is
    deterministic and does not depend on list order beyond ties.
    """
    edges = [[p for p in range(n_pred) if ok(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}
    if prefer is not None:
        rank = prefer
        edges = [sorted(ps, key=lambda p: (rank(g, p), p)) for g, ps in enumerate(edges)]  # noqa: B023
        paired: set[int] = set()
        for _, g, p in sorted((rank(g, p), g, p) for g, ps in enumerate(edges) for p in ps):
            if g not in paired and p not in owner:
                owner[p] = g
                paired.add(g)

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    matched = set(owner.values())
    for g in range(n_gold):
        if g not in matched:
            augment(g, set())
    return sorted((g, p) for p, g in owner.items())


# --- entity mentions ------------------------------------------------------------------------


def mentions_of(doc: Document) -> list[Mention]:
    return [(e.label, m.start, m.end) for e in doc.entities for m in e.mentions]


def strict_counts(gold: Sequence[Any], pred: Sequence[Any]) -> Counts:
    """Exact matches as multisets: a duplicate counts once per copy on each side."""
    common = sum((Counter(gold) & Counter(pred)).values())
    return Counts(common, len(pred) - common, len(gold) - common)


def fuzzy_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> Counts:
    """Overlapping spans with the same label, matched one to one."""
    pairs = match(
        len(gold),
        len(pred),
        lambda g, p: gold[g][0] == pred[p][0] and overlaps(gold[g][1:], pred[p][1:]),
        lambda g, p: abs(gold[g][1] - pred[p][1]) + abs(gold[g][2] - pred[p][2]),
    )
    return Counts(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))


def entity_counts(gold: Document, pred: Document) -> dict[str, Counts]:
    g, p = mentions_of(gold), mentions_of(pred)
    out = {"ents_strict": strict_counts(g, p), "ents_fuzzy": fuzzy_counts(g, p)}
    for label in LABELS:
        gl = [m for m in g if m[0] == label]
        pl = [m for m in p if m[0] == label]
        out[f"ents_{label}_strict"] = strict_counts(gl, pl)
        out[f"ents_{label}_fuzzy"] = fuzzy_counts(gl, pl)
    return out


# --- clusters -------------------------------------------------------------------------------


def clusters_over_gold_mentions(
    gold: Iterable[Entity], pred: Iterable[Entity]
) -> tuple[list[set[tuple[int, int]]], list[set[tuple[int, int]]]]:
    """Gold clusters and predicted clusters restricted to gold mentions (exact spans).

    A gold mention the prediction misses becomes a singleton of the prediction.
    """
    keys = [{(m.start, m.end) for m in e.mentions} for e in gold]
    keys = [k for k in keys if k]
    every = set().union(*keys) if keys else set()
    response = [{(m.start, m.end) for m in e.mentions} & every for e in pred]
    response = [r for r in response if r]
    covered = set().union(*response) if response else set()
    response += [{m} for m in sorted(every - covered)]
    return keys, response


def muc(keys: list[set[Any]], response: list[set[Any]]) -> tuple[float, float, float, float]:
    """MUC recall numerator/denominator, then precision numerator/denominator."""

    def part(a: list[set[Any]], b: list[set[Any]]) -> tuple[float, float]:
        num = den = 0
        for k in a:
            touched = sum(1 for r in b if k & r)
            loose = len(k - set().union(*b)) if b else len(k)
            num += len(k) - (touched + loose)
            den += len(k) - 1
        return num, den

    rn, rd = part(keys, response)
    pn, pd = part(response, keys)
    return rn, rd, pn, pd


def b_cubed(keys: list[set[Any]], response: list[set[Any]]) -> tuple[float, float, int, int]:
    """Summed per-mention B³ recall and precision, with the mention counts."""
    key_of = {m: k for k in keys for m in k}
    resp_of = {m: r for r in response for m in r}
    recall = sum(len(k & resp_of.get(m, {m})) / len(k) for k in keys for m in k)
    precision = sum(len(r & key_of.get(m, {m})) / len(r) for r in response for m in r)
    return recall, precision, sum(map(len, keys)), sum(map(len, response))


def assignment(score: list[list[float]]) -> float:
    """Best total of a one-to-one assignment of rows to columns (Hungarian, O(n³))."""
    n = len(score)
    m = len(score[0]) if n else 0
    if not n or not m:
        return 0.0
    transposed = n > m
    if transposed:
        score = [list(col) for col in zip(*score, strict=True)]
        n, m = m, n
    cost = [[-x for x in row] for row in score]
    u, v, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1)
    p = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [math.inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], math.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sum(score[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def ceafe(keys: list[set[Any]], response: list[set[Any]]) -> tuple[float, int, int]:
    """CEAF-e: the best alignment's summed φ4 similarity, with both cluster counts."""
    sim = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in keys]
    return assignment(sim), len(keys), len(response)


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def cluster_figures(totals: Mapping[str, float]) -> Figures:
    muc_f = _f(
        _ratio(totals["muc_pn"], totals["muc_pd"]), _ratio(totals["muc_rn"], totals["muc_rd"])
    )
    b3_p, b3_r = _ratio(totals["b3_p"], totals["b3_pn"]), _ratio(totals["b3_r"], totals["b3_rn"])
    b3_f = _f(b3_p, b3_r)
    ceafe_f = _f(
        _ratio(totals["ceafe"], totals["ceafe_pn"]), _ratio(totals["ceafe"], totals["ceafe_rn"])
    )
    return {
        "clusters_muc_f": muc_f,
        "clusters_b3_p": b3_p,
        "clusters_b3_r": b3_r,
        "clusters_b3_f": b3_f,
        "clusters_ceafe_f": ceafe_f,
        "clusters_conll_f": (muc_f + b3_f + ceafe_f) / 3,
    }


def cluster_totals(gold: Document, pred: Document) -> Counter[str]:
    keys, response = clusters_over_gold_mentions(gold.entities, pred.entities)
    rn, rd, pn, pd = muc(keys, response)
    b3r, b3p, n_keys, n_resp = b_cubed(keys, response)
    phi, n_k, n_r = ceafe(keys, response)
    return Counter(
        {
            "muc_rn": rn, "muc_rd": rd, "muc_pn": pn, "muc_pd": pd,
            "b3_r": b3r, "b3_p": b3p, "b3_rn": n_keys, "b3_pn": n_resp,
            "ceafe": phi, "ceafe_rn": n_k, "ceafe_pn": n_r,
        }
    )  # fmt: skip


# --- time expressions -----------------------------------------------------------------------


@dataclass
class TimexTally:
    strict: Counts = field(default_factory=Counts)
    relaxed: Counts = field(default_factory=Counts)
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: TimexTally) -> None:
        self.strict.add(other.strict)
        self.relaxed.add(other.relaxed)
        self.type_ok += other.type_ok
        self.value_ok += other.value_ok


def timex_pairs(gold: Sequence[Timex], pred: Sequence[Timex]) -> list[tuple[int, int]]:
    return match(
        len(gold),
        len(pred),
        lambda g, p: overlaps((gold[g].start, gold[g].end), (pred[p].start, pred[p].end)),
        lambda g, p: abs(gold[g].start - pred[p].start) + abs(gold[g].end - pred[p].end),
    )


def timex_tally(gold: Sequence[Timex], pred: Sequence[Timex]) -> TimexTally:
    spans = strict_counts([(t.start, t.end) for t in gold], [(t.start, t.end) for t in pred])
    pairs = timex_pairs(gold, pred)
    relaxed = Counts(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    type_ok = sum(gold[g].type == pred[p].type for g, p in pairs)
    value_ok = sum(gold[g].value == pred[p].value for g, p in pairs)
    return TimexTally(spans, relaxed, type_ok, value_ok)


def timex_figures(tally: TimexTally | None, with_values: bool) -> Figures:
    out: Figures = {**prf_keys("timex_strict", tally.strict if tally else None)}
    out.update(prf_keys("timex_relaxed", tally.relaxed if tally else None))
    matched = tally.relaxed.tp if tally else 0
    # accuracies are over relaxed matches: with none, they are not measured
    out["timex_type_acc"] = tally.type_ok / matched if tally and matched else None
    out["timex_value_acc"] = out["timex_value_f"] = None
    if tally and with_values:
        value_acc = tally.value_ok / matched if matched else None
        out["timex_value_acc"] = value_acc
        out["timex_value_f"] = (value_acc or 0.0) * tally.relaxed.prf()[2]
    return out


# --- events ---------------------------------------------------------------------------------


def gold_entity_of(gold: Document, pred: Document) -> dict[str, set[str]]:
    """For each predicted entity id, the gold entities it shares an overlapping mention with."""
    spans = [(e.id, (m.start, m.end)) for e in gold.entities for m in e.mentions]
    out: dict[str, set[str]] = {}
    for e in pred.entities:
        out[e.id] = {
            gid for gid, span in spans for m in e.mentions if overlaps(span, (m.start, m.end))
        }
    return out


def distinct_events(doc: Document) -> list[Event]:
    """Events that are not marked as the same as an earlier one."""
    return [v for v in doc.events if not v.extra.get("same_as")]


def event_pairs(gold: Document, pred: Document) -> list[tuple[Event, Event]]:
    g, p = distinct_events(gold), distinct_events(pred)
    to_gold = gold_entity_of(gold, pred)

    def ok(i: int, j: int) -> bool:
        a, b = g[i], p[j]
        shared = set(a.actors) & {x for actor in b.actors for x in to_gold.get(actor, ())}
        same_day = a.when is not None and b.when is not None and a.when[:10] == b.when[:10]
        return a.type == b.type and same_day and bool(shared)

    def distance(i: int, j: int) -> float:
        return abs(g[i].trigger.start - p[j].trigger.start)

    return [(g[i], p[j]) for i, j in match(len(g), len(p), ok, distance)]


def day_counts(gold: Document, pred: Document) -> Counter[str]:
    """Timed gold events whose trigger a predicted event shares, and how many of those the
    prediction puts on the gold day (whatever it says of type and actors)."""
    out: Counter[str] = Counter()
    predicted = [(v.trigger.start, v.trigger.end, v.when) for v in pred.events]
    for g in distinct_events(gold):
        if not g.when:
            continue
        span = (g.trigger.start, g.trigger.end)
        found = [when for a, b, when in predicted if overlaps(span, (a, b))]
        if found:
            out["timed"] += 1
            out["right_day"] += any(w and w[:10] == g.when[:10] for w in found)
    return out


def concordance(pairs: Sequence[tuple[Event, Event]]) -> Counter[str]:
    """Pair counts for Kendall's τ-b between the gold and predicted order of matched events."""
    keys = [(timeline_key(g.when), timeline_key(p.when)) for g, p in pairs]
    keys = [(a, b) for a, b in keys if a is not None and b is not None]
    out: Counter[str] = Counter()
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            dg = (keys[i][0] > keys[j][0]) - (keys[i][0] < keys[j][0])  # type: ignore[operator]
            dp = (keys[i][1] > keys[j][1]) - (keys[i][1] < keys[j][1])  # type: ignore[operator]
            out["pairs"] += 1
            out["concordant"] += dg * dp > 0
            out["discordant"] += dg * dp < 0
            out["gold_ties"] += dg == 0
            out["pred_ties"] += dp == 0
    return out


def kendall_tau(c: Mapping[str, int]) -> float | None:
    n0 = c.get("pairs", 0)
    if n0 == 0:
        return None
    den = math.sqrt((n0 - c.get("gold_ties", 0)) * (n0 - c.get("pred_ties", 0)))
    return (c.get("concordant", 0) - c.get("discordant", 0)) / den if den else None


# --- documents ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Summed counts for a set of documents, by layer (None: no document annotated it)."""

    spans: dict[str, Counts] | None = None
    clusters: Counter[str] | None = None
    timex: TimexTally | None = None
    timex_values: bool = False
    events: Counts | None = None
    order: Counter[str] | None = None
    days: Counter[str] | None = None
    documents: int = 0

    def add_document(self, gold: Document, pred: Document) -> None:
        layers = set(gold.layers or ())
        self.documents += 1
        if "entities" in layers:
            self.spans = self.spans or {}
            for key, counts in entity_counts(gold, pred).items():
                self.spans.setdefault(key, Counts()).add(counts)
        if "clusters" in layers:
            self.clusters = (self.clusters or Counter()) + cluster_totals(gold, pred)
        if "timexes" in layers:
            self.timex = self.timex or TimexTally()
            self.timex.add(timex_tally(gold.timexes, pred.timexes))
            self.timex_values = self.timex_values or "timex_values" in layers
        if "events" in layers:
            pairs = event_pairs(gold, pred)
            n_gold, n_pred = len(distinct_events(gold)), len(distinct_events(pred))
            self.events = self.events or Counts()
            self.events.add(Counts(len(pairs), n_pred - len(pairs), n_gold - len(pairs)))
            self.order = (self.order or Counter()) + concordance(pairs)
            self.days = (self.days or Counter()) + day_counts(gold, pred)

    def figures(self) -> Figures:
        out: Figures = {"documents": float(self.documents)}
        for key in ["ents_strict", "ents_fuzzy"] + [
            f"ents_{label}_{kind}" for label in LABELS for kind in ("strict", "fuzzy")
        ]:
            out.update(prf_keys(key, self.spans[key] if self.spans else None))
        if self.clusters is not None:
            out.update(cluster_figures(self.clusters))
        else:
            out.update(
                dict.fromkeys(
                    (
                        "clusters_muc_f",
                        "clusters_b3_p",
                        "clusters_b3_r",
                        "clusters_b3_f",
                        "clusters_ceafe_f",
                        "clusters_conll_f",
                    )
                )
            )
        out.update(timex_figures(self.timex, self.timex_values))
        out.update(prf_keys("events", self.events))
        out["timeline_tau"] = kendall_tau(self.order) if self.order is not None else None
        days = self.days or Counter()
        out["events_day_acc"] = days["right_day"] / days["timed"] if days["timed"] else None
        return out


def empty_like(gold: Document) -> Document:
    return Document(id=gold.id, text=gold.text)


def evaluate(pairs: Iterable[tuple[Document, Document]]) -> tuple[Figures, dict[str, Figures]]:
    """Micro-averaged figures over ``(gold, prediction)`` pairs, and each document's own."""
    total = Tally()
    per_doc: dict[str, Figures] = {}
    for g, p in pairs:
        total.add_document(g, p)
        one = Tally()
        one.add_document(g, p)
        per_doc[g.id] = one.figures()
    return total.figures(), per_doc


# --- what went wrong, for the report ---------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One item a user should look at: where it is in the text and what is wrong with it."""

    layer: str
    kind: str  # missed, spurious, wrong label, wrong value, split, merged
    start: int
    end: int
    detail: str


def _mention_differences(gold: Document, pred: Document) -> list[Difference]:
    g, p = Counter(mentions_of(gold)), Counter(mentions_of(pred))
    text = gold.text
    out = []
    pred_spans = {(s, e): label for label, s, e in p}
    gold_spans = {(s, e): label for label, s, e in g}
    for label, s, e in sorted((g - p).elements(), key=lambda m: m[1]):
        if (s, e) in pred_spans:
            detail = f"{text[s:e]!r}: {pred_spans[(s, e)]} instead of {label}"
            out.append(Difference("entities", "wrong label", s, e, detail))
        else:
            out.append(Difference("entities", "missed", s, e, f"{label} {text[s:e]!r}"))
    for label, s, e in sorted((p - g).elements(), key=lambda m: m[1]):
        if (s, e) not in gold_spans:
            out.append(Difference("entities", "spurious", s, e, f"{label} {text[s:e]!r}"))
    return out


def _cluster_differences(gold: Document, pred: Document) -> list[Difference]:
    out = []
    owner = {(m.start, m.end): e for e in pred.entities for m in e.mentions}
    gold_owner = {(m.start, m.end): e for e in gold.entities for m in e.mentions}
    for e in gold.entities:
        parts = {owner[(m.start, m.end)].id for m in e.mentions if (m.start, m.end) in owner}
        if len(parts) > 1:
            m = e.mentions[0]
            detail = f"{e.name!r} is split over {len(parts)} predicted entities"
            out.append(Difference("clusters", "split", m.start, m.end, detail))
    for e in pred.entities:
        sources = {
            gold_owner[(m.start, m.end)].name for m in e.mentions if (m.start, m.end) in gold_owner
        }
        if len(sources) > 1:
            m = e.mentions[0]
            detail = f"{e.name!r} merges {', '.join(sorted(sources))}"
            out.append(Difference("clusters", "merged", m.start, m.end, detail))
    return out


def _timex_differences(gold: Document, pred: Document, values: bool) -> list[Difference]:
    pairs = timex_pairs(gold.timexes, pred.timexes)
    out = []
    for g, p in pairs:
        a, b = gold.timexes[g], pred.timexes[p]
        if values and a.value != b.value:
            detail = f"{b.text!r} = {b.value} instead of {a.value}"
            out.append(Difference("timexes", "wrong value", b.start, b.end, detail))
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    out += [
        Difference("timexes", "missed", t.start, t.end, f"{t.type} {t.text!r} = {t.value}")
        for i, t in enumerate(gold.timexes)
        if i not in matched_g
    ]
    out += [
        Difference("timexes", "spurious", t.start, t.end, f"{t.type} {t.text!r} = {t.value}")
        for i, t in enumerate(pred.timexes)
        if i not in matched_p
    ]
    return out


def _event_differences(gold: Document, pred: Document) -> list[Difference]:
    pairs = event_pairs(gold, pred)
    hit_g, hit_p = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    out = []
    for kind, doc, hit in (("missed", gold, hit_g), ("spurious", pred, hit_p)):
        names = {e.id: e.name for e in doc.entities}
        for v in distinct_events(doc):
            if id(v) not in hit:
                actors = ", ".join(names.get(a, a) for a in v.actors)
                detail = f"{v.type} {v.trigger.text!r} ({actors}) when {v.when}"
                out.append(Difference("events", kind, v.trigger.start, v.trigger.end, detail))
    return out


def differences(gold: Document, pred: Document) -> list[Difference]:
    """What a user should fix, for the layers the gold document annotated, in text order."""
    layers = set(gold.layers or ())
    out: list[Difference] = []
    if "entities" in layers:
        out += _mention_differences(gold, pred)
    if "clusters" in layers:
        out += _cluster_differences(gold, pred)
    if "timexes" in layers:
        out += _timex_differences(gold, pred, "timex_values" in layers)
    if "events" in layers:
        out += _event_differences(gold, pred)
    return sorted(out, key=lambda d: (d.start, d.layer, d.kind))


def pair_documents(
    gold: Iterable[Document], pred: Iterable[Document]
) -> tuple[list[tuple[Document, Document]], list[str]]:
    """Each gold document with its prediction (matched by id), and what did not fit.

    A gold document without a prediction, or whose prediction has another text (its offsets
    cannot be compared), is paired with an empty prediction, and the problem is said.
    """
    by_id: dict[str, Document] = {}
    for d in pred:
        by_id.setdefault(d.id, d)
    pairs, problems = [], []
    gold_ids = set()
    for g in gold:
        gold_ids.add(g.id)
        p = by_id.get(g.id)
        if p is None:
            problems.append(f"{g.id}: no prediction; scored as an empty one")
        elif p.text != g.text:
            problems.append(
                f"{g.id}: the prediction's text differs from the gold's; scored as empty"
            )
            p = None
        pairs.append((g, p or empty_like(g)))
    problems += [
        f"{i}: prediction has no gold document; not scored" for i in sorted(set(by_id) - gold_ids)
    ]
    return pairs, problems
