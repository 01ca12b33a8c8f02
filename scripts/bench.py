"""Throughput and memory: the whole pipeline against bare ``fr_core_news_md``, in one run.

Builds a corpus of N articles from ``corpus/`` (each article's paragraphs reshuffled, so no two
texts are the same), then measures on one core, in rounds: bare ``nlp.pipe`` of the model as
published and the full pipeline, batch by batch, alternating which goes first (the speed of a
shared machine drifts by tens of percent within a minute; paired batches see the same drift):
docs/s, tokens/s, the ratio full/bare per round and its median, and the time of each stage of
the full pipeline. Peak RSS is read off a separate
``chronique run`` process on the same articles (this one holds two models).

``--jobs 2`` also times ``annotate_all`` with two worker processes against one, both warm (models
loaded before the clock starts). ``--flat N`` checks that memory stays flat: peak RSS of
``chronique run`` on JSONL inputs of N/10 and N short documents. ``--long`` instead times
``chronique run`` on one article each of 10k to 5M characters: seconds, seconds per 100k
characters once loaded, peak RSS.

Usage:
    python scripts/bench.py --docs 200 --rounds 3 --jobs 2 --flat 10000
    python scripts/bench.py --long
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from pipeline.io import RawInput
from pipeline.nlp import STAGES, build_nlp
from pipeline.process import Annotator, annotate_all, worker_pool

ROOT = Path(__file__).resolve().parent.parent
MODEL = "model (tokenizer, segmenter, spaCy)"


def make_corpus(n: int, seed: int = 0) -> list[str]:
    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        lines = articles[i % len(articles)].split("\n")
        head, body = lines[:1], lines[1:]
        if i >= len(articles):
            rng.shuffle(body)
        texts.append("\n".join(head + body))
    return texts


def short_docs(n: int, seed: int = 0) -> list[str]:
    """``n`` texts of one to three paragraphs each, drawn from the corpus."""
    paragraphs = [p for text in make_corpus(4) for p in text.split("\n") if len(p.split()) >= 8]
    rng = random.Random(seed)
    return ["\n".join(rng.sample(paragraphs, rng.randint(1, 3))) for _ in range(n)]


def time_bare(nlp: spacy.Language, texts: list[str], batch: int) -> tuple[float, int]:
    start = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=batch))
    return time.perf_counter() - start, tokens


def time_full(nlp: spacy.Language, texts: list[str], batch: int) -> tuple[float, dict[str, float]]:
    """The full pipeline over ``texts``: the model's part through ``nlp.pipe``, then each of our
    stages (spaCy components) timed on its own."""
    names = dict(zip(STAGES, ("time expressions", "entities", "events"), strict=True))
    stages = {MODEL: 0.0, **{name: 0.0 for name in names.values()}}
    start = tick = time.perf_counter()
    with nlp.select_pipes(disable=list(STAGES)):
        for doc in nlp.pipe(texts, batch_size=batch):
            now = time.perf_counter()
            stages[MODEL] += now - tick
            for stage in STAGES:
                nlp.get_pipe(stage)(doc)
                tick, now = now, time.perf_counter()
                stages[names[stage]] += now - tick
            tick = time.perf_counter()
    return time.perf_counter() - start, stages


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak, current) resident memory of a live process, from ``/proc`` (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    kb = [float(fields.get(k, "0 kB").split()[0]) for k in ("VmHWM", "VmRSS")]
    return kb[0] / 1024, kb[1] / 1024


def paired_round(
    bare: spacy.Language, nlp: spacy.Language, texts: list[str], batch: int
) -> tuple[float, float, int, dict[str, float]]:
    """Both systems over ``texts``, batch by batch, each batch first by one then by the other
    (alternating): a slow spell of the machine hits both alike. Returns bare and full seconds,
    tokens, and the full pipeline's time per stage."""
    bare_s = full_s = 0.0
    tokens = 0
    stages: dict[str, float] = {}
    for n, start in enumerate(range(0, len(texts), batch)):
        chunk = texts[start : start + batch]
        for system in ("bare", "full") if n % 2 == 0 else ("full", "bare"):
            if system == "bare":
                seconds, count = time_bare(bare, chunk, batch)
                bare_s, tokens = bare_s + seconds, tokens + count
            else:
                seconds, times = time_full(nlp, chunk, batch)
                full_s += seconds
                for name, value in times.items():
                    stages[name] = stages.get(name, 0.0) + value
    return bare_s, full_s, tokens, stages


def run_memory_mb(texts: list[str], workdir: Path, name: str) -> tuple[float, float, float]:
    """Peak RSS of a ``chronique run`` process over ``texts`` given as one JSONL file, and its
    RSS halfway through the run and at the end.

    Read from ``/proc`` while it runs (``ru_maxrss`` would count this process's memory, inherited
    at the fork before ``exec``).
    """
    source = workdir / f"{name}.jsonl"
    with source.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"{name}-{i}", "text": text}, ensure_ascii=False) + "\n")
    command = [sys.executable, "-m", "pipeline", "run", str(source), "-o", str(workdir / "o.jsonl")]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, samples = 0.0, []
    while child.poll() is None:
        hwm, rss = memory_mb(child.pid)
        peak = max(peak, hwm)
        if rss:
            samples.append(rss)
        time.sleep(0.2)
    if child.returncode != 0:
        sys.exit(f"chronique run failed on {source}: {child.stderr.read().decode()[-2000:]}")
    return peak, samples[len(samples) // 2], samples[-1]


LONG = (10_000, 100_000, 1_000_000, 5_000_000)


def long_article(size: int, seed: int = 0) -> str:
    """An article of at most ``size`` UTF-8 bytes: corpus articles, paragraphs reshuffled, one
    after the other (blank lines between them)."""
    texts = make_corpus(400, seed)
    parts: list[str] = []
    used = 0
    for i in range(10**6):
        text = texts[i % len(texts)] + "\n\n"
        need = len(text.encode("utf-8"))
        if used + need > size:
            break
        parts.append(text)
        used += need
    return "".join(parts)


def run_article(text: str, workdir: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a ``chronique run`` process over ``text`` as one .txt file."""
    source = workdir / "long.txt"
    source.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "run", str(source), "-o", str(workdir / "o.jsonl")]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, memory_mb(child.pid)[0])
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"chronique run failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, peak


def bench_long(sizes: tuple[int, ...] = LONG) -> None:
    """Time and peak memory of ``chronique run`` against article length."""
    with tempfile.TemporaryDirectory() as tmp:
        load, load_peak = run_article("Le conseil a annoncé mardi son départ.\n", Path(tmp))
        print(f"loading (a one-line article): {load:.1f} s, peak RSS {load_peak:,.0f} MB")
        print(
            f"{'characters':>11}{'bytes':>11}{'seconds':>9}{'s after load':>14}"
            f"{'s per 100k chars':>18}{'peak RSS MB':>13}"
        )
        for size in sizes:
            text = long_article(size)
            seconds, peak = run_article(text, Path(tmp))
            work = seconds - load
            rate = work / len(text) * 100_000
            print(
                f"{len(text):>11,}{len(text.encode()):>11,}{seconds:>9.1f}{work:>14.1f}"
                f"{rate:>18.2f}{peak:>13,.0f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--flat", type=int, default=0, help="largest input of the memory check")
    parser.add_argument("--long", action="store_true", help="time and memory against length")
    args = parser.parse_args()
    if args.long:
        bench_long()
        return
    texts = make_corpus(args.docs)
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} articles, {chars:,} characters")

    bare = spacy.load("fr_core_news_md")
    nlp = build_nlp()
    list(bare.pipe(texts[:4]))
    list(nlp.pipe(texts[:4]))
    ratios, bare_times, full_times = [], [], []
    stages: dict[str, float] = {}
    for r in range(args.rounds):
        bare_s, full_s, tokens, stages = paired_round(bare, nlp, texts, args.batch)
        ratios.append(bare_s / full_s)
        bare_times.append(bare_s)
        full_times.append(full_s)
        print(f"round {r + 1}: bare {bare_s:.1f} s, full {full_s:.1f} s, ratio {ratios[-1]:.2f}")

    print(f"{'':<26}{'docs/s':>9}{'tokens/s':>11}{'chars/s':>11}   (median of rounds)")
    for name, times in (("fr_core_news_md alone", bare_times), ("chronique (full)", full_times)):
        seconds = statistics.median(times)
        rates = f"{len(texts) / seconds:>9.1f}{tokens / seconds:>11,.0f}{chars / seconds:>11,.0f}"
        print(f"{name:<26}{rates}")
    print(
        f"ratio full/bare: median {statistics.median(ratios):.2f} "
        f"(rounds: {', '.join(f'{x:.2f}' for x in ratios)})"
    )
    print("stages of the full pipeline, last round:")
    for name, seconds in stages.items():
        print(f"  {name:<38} {seconds:6.2f} s ({seconds / full_s:5.1%})")
    del bare

    with tempfile.TemporaryDirectory() as tmp:
        peak, _, _ = run_memory_mb(texts, Path(tmp), "articles")
        print(f"peak RSS of `chronique run` on the {len(texts)} articles: {peak:,.0f} MB")
        for n in (args.flat // 10, args.flat) if args.flat else ():
            start = time.perf_counter()
            peak, half, end = run_memory_mb(short_docs(n), Path(tmp), f"short{n}")
            print(
                f"`chronique run` on {n:,} short documents ({time.perf_counter() - start:.0f} s): "
                f"RSS peak {peak:,.0f} MB, halfway {half:,.0f} MB, at the end {end:,.0f} MB"
            )

    if args.jobs > 1:
        raws = [RawInput(f"a{i}", t, None, f"a{i}") for i, t in enumerate(texts)]
        warm = raws[: 16 * args.jobs]
        one = Annotator(nlp)
        start = time.perf_counter()
        for _ in annotate_all(iter(raws), annotator=one):
            pass
        single = time.perf_counter() - start
        with worker_pool(args.jobs) as pool:
            for _ in annotate_all(iter(warm), args.jobs, pool=pool):
                pass
            start = time.perf_counter()
            for _ in annotate_all(iter(raws), args.jobs, pool=pool):
                pass
            several = time.perf_counter() - start
        print(
            f"annotate_all, models loaded: 1 process {single:.1f} s, {args.jobs} processes "
            f"{several:.1f} s, speed-up {single / several:.2f}"
        )


if __name__ == "__main__":
    main()
