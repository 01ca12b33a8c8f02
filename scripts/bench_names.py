"""Name merging on real transliteration variants: B³ on article-sized pools and on one big pool.

``names-dev.jsonl`` holds persons with their real spelling variants and one-name distractors.
Pools of about ten persons (distractors included) are merged with ``names.merge_forms``, as in
one article; so are pools of ten persons whose surnames are alike (sorted by the surname's
consonant skeleton), where precision is tested harder; the whole set is linked with
``names.link_keys``, as across a corpus. Also times merging per pool and linking of a synthetic
corpus of N names (the set's names with noise).

Usage:
    python scripts/bench_names.py ../shared/benchmarks/names-dev.jsonl
    python scripts/bench_names.py ../shared/benchmarks/names-dev.jsonl --scale 100000
    python scripts/bench_names.py ../shared/benchmarks/names-dev.jsonl --any-first-name
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline import names as names_module
from pipeline.names import (
    Form,
    UnionFind,
    first_names_compatible,
    link_keys,
    merge_forms,
    name_tokens,
    phonetic,
    skeleton,
)
from pipeline.score import b_cubed


def b3_f(truth: Sequence[int], predicted: Sequence[int]) -> tuple[float, float, float]:
    keys: dict[int, set[int]] = {}
    response: dict[int, set[int]] = {}
    for i, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        keys.setdefault(t, set()).add(i)
        response.setdefault(p, set()).add(i)
    r, p, n, _ = b_cubed(list(keys.values()), list(response.values()))
    recall, precision = r / n, p / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def pools(entries: list[dict], size: int, seed: int = 0) -> list[list[dict]]:
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i : i + size] for i in range(0, len(shuffled), size)]


def alike_pools(entries: list[dict], size: int) -> list[list[dict]]:
    """Pools of persons with several spellings whose surnames are alike."""
    persons = [e for e in entries if len(e["variants"]) > 1]
    persons.sort(key=lambda e: (skeleton(name_tokens(e["variants"][0])[-1]), e["id"]))
    return [persons[i : i + size] for i in range(0, len(persons), size)]


def score_pools(all_pools: list[list[dict]]) -> tuple[float, float, float]:
    truth: list[int] = []
    predicted: list[int] = []
    for n, pool in enumerate(all_pools):
        t, p = merge_pool(pool)
        truth += [n * 1000 + x for x in t]
        predicted += [n * 1000 + x for x in p]
    return b3_f(truth, predicted)


def merge_pool(pool: list[dict]) -> tuple[list[int], list[int]]:
    names = [(v, k) for k, e in enumerate(pool) for v in e["variants"]]
    forms = [Form(v, "PER", name_tokens(v)) for v, _ in names]
    groups, _ = merge_forms(forms)
    predicted = [0] * len(names)
    for g, members in enumerate(groups):
        for i in members:
            predicted[i] = g
    return [k for _, k in names], predicted


def ceiling(entries: list[dict], alike: float = 101.0) -> tuple[float, float, float]:
    """B³ of the best grouping that keeps two full names with incompatible first names apart:
    each person's spellings, split only where no chain of compatible first names joins them;
    first names with ``alike`` % of their spelling in common count as compatible too."""
    truth: list[int] = []
    predicted: list[int] = []
    for k, e in enumerate(entries):
        forms = [Form(v, "PER", name_tokens(v)) for v in e["variants"]]
        sets = UnionFind(len(forms))
        for i, a in enumerate(forms):
            for j, b in enumerate(forms[:i]):
                x, y = a.core[0], b.core[0]
                alike_enough = fuzz.ratio(phonetic(x), phonetic(y)) >= alike
                if not (a.is_full and b.is_full) or first_names_compatible(x, y) or alike_enough:
                    sets.union(i, j)
        truth += [k] * len(forms)
        predicted += [k * 1000 + g for g in sets.labels(range(len(forms)))]
    return b3_f(truth, predicted)


def noisy(name: str, rng: random.Random) -> str:
    letters = list(name)
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(letters))
        letters[i] = rng.choice("aeiourlnst")
    return "".join(letters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--pool", type=int, default=10, help="persons per article-sized pool")
    parser.add_argument("--scale", type=int, default=0, help="also time linking N names")
    parser.add_argument(
        "--any-first-name",
        action="store_true",
        help="what the rule 'Jack X is not Sam X' costs here: every first name compatible",
    )
    args = parser.parse_args()
    if args.any_first_name:
        names_module.first_names_compatible = lambda a, b: True
    with open(args.path, encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]

    start = time.perf_counter()
    all_pools = pools(entries, args.pool)
    p, r, f = score_pools(all_pools)
    per_pool_ms = (time.perf_counter() - start) * 1000 / len(all_pools)
    print(
        f"pools of {args.pool} persons ({len(all_pools)} pools): B3 P={p:.3f} R={r:.3f} F={f:.3f}; "
        f"{per_pool_ms:.2f} ms per pool"
    )
    p, r, f = ceiling(entries)
    print(f"  best possible under 'Jack X is not Sam X': B3 P={p:.3f} R={r:.3f} F={f:.3f}")
    for alike in (50, 40):
        p, r, f = ceiling(entries, alike)
        print(f"  ... if first names {alike}% alike were one: B3 P={p:.3f} R={r:.3f} F={f:.3f}")
    alike = alike_pools(entries, args.pool)
    p, r, f = score_pools(alike)
    print(
        f"pools of {args.pool} persons with alike surnames ({len(alike)} pools): "
        f"B3 P={p:.3f} R={r:.3f} F={f:.3f}"
    )

    names = [(v, "PER") for e in entries for v in e["variants"]]
    truth = [k for k, e in enumerate(entries) for _ in e["variants"]]
    start = time.perf_counter()
    keys = link_keys(names)
    seconds = time.perf_counter() - start
    p, r, f = b3_f(truth, keys)
    print(f"one pool of all {len(names)} names: B3 P={p:.3f} R={r:.3f} F={f:.3f}; {seconds:.1f} s")

    if args.scale:
        rng = random.Random(1)
        corpus = [(noisy(rng.choice(names)[0], rng), "PER") for _ in range(args.scale)]
        start = time.perf_counter()
        link_keys(corpus)
        print(f"linking {args.scale:,} names: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
