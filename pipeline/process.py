"""Running the pipeline: raw articles in, documents of the format out, in input order.

``Annotator`` loads the pipeline once and turns batches of ``RawInput`` into ``Document`` records
(``to_document`` converts an annotated ``Doc``);
an article that fails is returned as its ``InputError`` and the others go on. ``annotate_all``
runs batches in this process or in ``jobs`` worker processes, each loading the model once.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.io import InputError, RawInput
from pipeline.names import link_keys
from pipeline.nlp import STAGES, WINDOW_CHARS, build_nlp, parse_windows, sentences_of
from pipeline.records import Document

log = logging.getLogger(__name__)

Item = RawInput | InputError
Result = Document | InputError
BATCH = 16


def to_document(doc: Doc, raw: RawInput) -> Document:
    """The document record of ``doc``, annotated by ``build_nlp()``'s pipeline, for ``raw``
    (its id and the input keys the pipeline does not use)."""
    return Document(
        id=raw.id,
        text=raw.text,
        publication_date=doc._.chronique_publication_date,
        repairs=tuple(doc._.chronique_repairs),
        sentences=sentences_of(doc),
        headings=tuple(doc._.chronique_headings),
        entities=tuple(doc._.chronique_entities),
        timexes=tuple(doc._.chronique_timexes),
        events=tuple(doc._.chronique_events),
        extra=raw.extra,
    )


def _dated(doc: Doc, raw: RawInput) -> Doc:
    doc._.chronique_publication_date = raw.publication_date
    doc._.chronique_date_pinned = raw.pinned_date
    return doc


class Annotator:
    """The loaded pipeline; ``annotate`` maps a batch of inputs to results, in order."""

    def __init__(self, nlp: Language | None = None, window: int = WINDOW_CHARS):
        self.nlp = nlp or build_nlp()
        self.window = window  # a longer article goes through the model in windows

    def make_doc(self, raw: RawInput) -> Doc:
        """The tokenized article, with its publication date set for the timex stage."""
        return _dated(self.nlp.make_doc(raw.text), raw)

    def parse(self, raw: RawInput) -> Doc:
        """The annotated article; a long one goes through the model in windows first."""
        if len(raw.text) <= self.window:
            return self.nlp(self.make_doc(raw))
        doc = _dated(parse_windows(self.nlp, raw.text, self.window), raw)
        for stage in STAGES:
            doc = self.nlp.get_pipe(stage)(doc)
        return doc

    def annotate_one(self, raw: RawInput) -> Result:
        try:
            return to_document(self.parse(raw), raw)
        except Exception as exc:  # one bad article must not sink the batch
            log.debug("failed on %s", raw.source, exc_info=True)  # the traceback with -v
            return InputError(raw.source, f"pipeline failed: {type(exc).__name__}: {exc}")

    def annotate(self, items: Sequence[Item]) -> list[Result]:
        raws = [x for x in items if isinstance(x, RawInput)]
        longs = {id(r): self.annotate_one(r) for r in raws if len(r.text) > self.window}
        raws = [r for r in raws if id(r) not in longs]
        try:
            docs = self.nlp.pipe(self.make_doc(x) for x in raws)
            done: dict[int, Result] = {
                id(r): to_document(d, r) for r, d in zip(raws, docs, strict=True)
            }
        except Exception:
            done = {id(r): self.annotate_one(r) for r in raws}
        done.update(longs)
        return [x if isinstance(x, InputError) else done[id(x)] for x in items]


class CorpusLinker:
    """Corpus-level keys: entities of several articles that are one person or organisation.

    ``add`` keeps only each entity's name and label (documents stream through); ``with_keys``
    then adds an extra ``key`` to every entity of the JSONL lines it is given.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, doc: Document) -> None:
        self.rows += [(doc.id, e.id, e.name, e.label) for e in doc.entities]

    def add_dict(self, doc: dict[str, Any]) -> None:
        """A document already written (as parsed JSON)."""
        self.rows += [(doc["id"], e["id"], e["name"], e["label"]) for e in doc.get("entities", [])]

    def keys(self) -> dict[tuple[str, str], str]:
        found = link_keys([(name, label) for _, _, name, label in self.rows])
        return {(d, e): f"k{k + 1}" for (d, e, _, _), k in zip(self.rows, found, strict=True)}

    def with_keys(self, lines: Iterable[str]) -> Iterator[str]:
        keys = self.keys()
        for line in lines:
            doc = json.loads(line)
            for entity in doc["entities"]:
                entity["key"] = keys[(doc["id"], entity["id"])]
            yield json.dumps(doc, ensure_ascii=False) + "\n"


@cache
def shared_annotator() -> Annotator:
    """One annotator per process, loaded on first use."""
    return Annotator()


def batches(items: Iterable[Item], size: int = BATCH) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _work(batch: list[Item]) -> list[Result]:
    return shared_annotator().annotate(batch)


# one thread per worker for the numeric libraries: two workers on two cores must not each start
# a thread per core and fight over them (read when the worker imports numpy, so set before spawn)
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


@contextmanager
def worker_pool(jobs: int) -> Iterator[Any]:
    """``jobs`` spawned worker processes, each loading the model once as it starts."""
    saved = {name: os.environ.get(name) for name in ONE_THREAD}
    os.environ.update(ONE_THREAD)
    try:
        pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=shared_annotator)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value
    with pool:
        yield pool


def annotate_all(
    items: Iterable[Item],
    jobs: int = 1,
    annotator: Annotator | None = None,
    pool: Any = None,
) -> Iterator[Result]:
    """Results for ``items`` in input order, with ``jobs`` processes (1: this one).

    ``pool`` is a running ``worker_pool`` to reuse; without it one is started for this call.
    """
    if jobs <= 1 and pool is None:
        annotator = annotator or shared_annotator()
        for batch in batches(items):
            yield from annotator.annotate(batch)
        return
    if pool is None:
        with worker_pool(jobs) as pool:
            yield from annotate_all(items, jobs, pool=pool)
        return
    # a bounded window of batches in flight (Pool.imap would read the whole input at once)
    window: list[Any] = []
    for batch in batches(items):
        window.append(pool.apply_async(_work, (batch,)))
        if len(window) >= 2 * max(jobs, 1):
            yield from window.pop(0).get()
    for pending in window:
        yield from pending.get()


def annotate_dask(
    items: Iterable[Item], scheduler: str | None = None, workers: int = 2, in_flight: int = 4
) -> Iterator[Result]:
    """Results for ``items`` in input order, computed by Dask workers.

    ``scheduler`` is the address of a running ``dask.distributed`` scheduler; without it a
    ``LocalCluster`` of ``workers`` processes is started. Each worker loads the model once (on its
    first batch); at most ``in_flight`` batches per worker are queued, so memory stays flat.
    """
    import dask
    from dask.distributed import Client, LocalCluster  # optional: chronique[dask]

    dask.config.set({"logging.distributed": "warning"})
    logging.getLogger("distributed").setLevel(logging.WARNING)

    cluster = (
        None
        if scheduler
        else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    )
    client = Client(scheduler or cluster)
    try:
        limit = in_flight * max(1, len(client.scheduler_info()["workers"]))
        pending: list[Any] = []
        for n, batch in enumerate(batches(items)):
            pending.append(client.submit(_work, batch, key=f"chronique-batch-{n}", pure=False))
            if len(pending) >= limit:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
