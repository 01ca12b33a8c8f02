"""The ``chronique`` command: a thin typer layer over the library.

Each command parses its arguments, calls a library function, writes, and says where it wrote.
Data goes to stdout or files; messages and progress go to stderr. Exit codes: 0 when all went
well, 1 when an input failed (the others are still written), 2 for a usage error.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import sys
import tempfile
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from pipeline import __version__, io, repair, report, score, validate
from pipeline.io import InputError, RawInput
from pipeline.records import Document

app = typer.Typer(
    name="chronique",
    help="Structured events on one timeline from noisy machine-translated French news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
log = logging.getLogger("chronique")


class Engine(str, enum.Enum):
    local = "local"
    dask = "dask"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chronique {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("-v", "--verbose", help="Log progress, and an input's traceback if it fails."),
    ] = False,
) -> None:
    """Structured events on one timeline from noisy machine-translated French news."""
    _log_to_stderr(logging.DEBUG if verbose else logging.WARNING)


class _Stderr(logging.StreamHandler):
    """The library's log on the current stderr (a test runner swaps it per call)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.setStream(sys.stderr)
        super().emit(record)


def _log_to_stderr(level: int) -> None:
    library = logging.getLogger("pipeline")
    for handler in [h for h in library.handlers if isinstance(h, _Stderr)]:
        library.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    library.addHandler(handler)
    library.setLevel(level)
    library.propagate = False


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _iso_date(value: str | None) -> str | None:
    try:
        return io.check_date(value, "--publication-date")
    except InputError:
        raise typer.BadParameter(f"{value!r} is not an ISO date such as 2023-11-21") from None


#: ``--publication-date``, as ``run`` and ``explain`` take it
PublicationDate = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD",
        help="Anchor date for every input (overrides the input's own).",
        callback=_iso_date,
    ),
]


def _with_date(items: Iterator[RawInput | InputError], date: str | None) -> Iterator:
    for item in items:
        if date and isinstance(item, RawInput):
            item = dataclasses.replace(item, publication_date=date, pinned_date=True)
        yield item


def _spool(partial: Path | None, append: bool) -> IO[str]:
    """Where documents wait for their corpus keys: ``OUT.partial`` (kept if the run dies), or a
    temporary file when writing to stdout."""
    if partial is None:
        return tempfile.TemporaryFile("w+", encoding="utf-8")
    partial.parent.mkdir(parents=True, exist_ok=True)
    return partial.open("a+" if append else "w+", encoding="utf-8")


def _resume(output: Path, partial: Path, linker: Any) -> set[str]:
    """Ids already written by an interrupted run (its partial file, or a finished output)."""
    if not partial.exists() and output.exists():
        partial.write_text(output.read_text(encoding="utf-8"), encoding="utf-8")
    if not partial.exists():
        return set()
    done: set[str] = set()
    kept: list[str] = []
    for line in partial.read_text(encoding="utf-8").splitlines():
        try:
            doc = json.loads(line)
        except json.JSONDecodeError:
            continue  # the line a crash cut short: that document is done again
        done.add(doc["id"])
        kept.append(line + "\n")
        linker.add_dict(doc)
    partial.write_text("".join(kept), encoding="utf-8")
    return done


def _unique_ids(results: Iterator, seen: set[str] | None = None) -> Iterator[Document | InputError]:
    seen = set(seen or ())
    for result in results:
        if isinstance(result, Document):
            if result.id in seen:
                result = InputError(result.id, "duplicate document id in this run; skipped")
            seen.add(getattr(result, "id", ""))
        yield result


def summary_line(doc: Document) -> str:
    return (
        f"{doc.id}: {len(doc.text):,} chars, {len(doc.sentences)} sentences, "
        f"{len(doc.headings)} headings, {len(doc.repairs)} repairs, "
        f"{len(doc.entities)} entities, {len(doc.timexes)} timexes, {len(doc.events)} events"
    )


@app.command()
def run(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="ARTICLE...",
            help="Files (.txt, .json, .jsonl), directories of .txt, or - for stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="JSONL file to write (atomically); stdout if absent or -.",
        ),
    ] = None,
    publication_date: PublicationDate = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes, each loading the model once.",
        ),
    ] = 1,
    max_bytes: Annotated[
        int, typer.Option(min=1, metavar="BYTES", help="Largest article accepted, in bytes.")
    ] = io.MAX_BYTES,
    summary: Annotated[bool, typer.Option(help="Print a line per document on stderr.")] = False,
    resume: Annotated[
        bool, typer.Option(help="Skip the documents an earlier, interrupted run already wrote.")
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option(help="local: this machine, --jobs processes; dask: chronique[dask] workers."),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Dask scheduler address (tcp://host:8786); a local cluster without it.",
        ),
    ] = None,
) -> None:
    """Run the pipeline on articles; write one document per line (JSONL).

    Example: chronique run corpus/ -o out/corpus.jsonl --summary
    """
    from pipeline.process import CorpusLinker, annotate_all  # loads spaCy: only for this command

    output = None if output == Path("-") else output
    if resume and output is None:
        raise typer.BadParameter("--resume needs -o/--output")
    paths = list(inputs)
    linker = CorpusLinker()
    partial = output.with_name(output.name + ".partial") if output else None
    done = _resume(output, partial, linker) if resume and output and partial else set()
    if done:
        _err(f"resuming: {len(done)} document{'s' * (len(done) != 1)} already written, skipped")
    items = _with_date(io.read_inputs(paths, max_bytes), publication_date)
    items = (x for x in items if not (isinstance(x, RawInput) and x.id in done))
    if engine is Engine.dask:
        from pipeline.process import annotate_dask

        produced = annotate_dask(items, scheduler=scheduler, workers=max(jobs, 1))
    else:
        produced = annotate_all(items, jobs=jobs)
    results = _unique_ids(produced, done)
    several = len(paths) > 1 or any(Path(p).is_dir() or p.endswith(".jsonl") for p in paths)
    written = failed = 0
    with _spool(partial, append=bool(done)) as spool:
        # each document is on disk as soon as it is done: a crash loses nothing (--resume)
        for result in _progress(results, several):
            if isinstance(result, InputError):
                failed += 1
                _err(f"error: {result}")
                continue
            spool.write(io.dumps(result) + "\n")
            spool.flush()
            linker.add(result)
            written += 1
            if summary:
                _err(summary_line(result))
        # entities that are one person or organisation across articles share a key
        spool.seek(0)
        sink = io.atomic_writer(output) if output else nullcontext(sys.stdout)
        with sink as out:
            for line in linker.with_keys(spool):
                out.write(line)
    if partial:
        partial.unlink(missing_ok=True)
    written += len(done)
    where = str(output) if output else "stdout"
    _err(
        f"wrote {written} document{'s' * (written != 1)} to {where}"
        + (f"; {failed} input{'s' * (failed != 1)} failed" if failed else "")
    )
    if failed:
        raise typer.Exit(1)


def _progress(results: Iterator, show: bool) -> Iterator:
    if not show or not sys.stderr.isatty():
        yield from results
        return
    n = 0
    for n, result in enumerate(results, 1):
        sys.stderr.write(f"\rprocessed {n} document{'s' * (n != 1)}")
        sys.stderr.flush()
        yield result
    sys.stderr.write("\n")


def _read_article(
    path: str, doc_id: str | None = None, date: str | None = None, several: str = ""
) -> RawInput:
    """The one article of ``path`` (``doc_id`` picks one of a document file), or exit: 2 when
    there is not exactly one (``several``: what to say when there are more), 1 when it cannot be
    read."""
    items = list(_with_date(io.read_inputs([path]), date))
    if doc_id is not None:
        items = [x for x in items if isinstance(x, RawInput) and x.id == doc_id]
    if len(items) != 1:
        found = f"no document {doc_id!r}" if doc_id else f"{len(items)}{several * (len(items) > 1)}"
        raise typer.BadParameter(f"{path}: expected one article, found {found}")
    item = items[0]
    if isinstance(item, InputError):
        _err(f"error: {item}")
        raise typer.Exit(1)
    return item


@app.command()
def clean(
    file: Annotated[
        str, typer.Argument(metavar="ARTICLE", help="A .txt article (or - for stdin).")
    ],
    diff: Annotated[
        bool, typer.Option("--diff", help="Show each repair in context instead.")
    ] = False,
) -> None:
    """Print the article with its translation noise repaired (the file is not changed).

    Example: chronique clean corpus/openai-2023-11.txt --diff
    """
    text = _read_article(file).text
    repairs = repair.find_repairs(text)
    if diff:
        for r in repairs:
            typer.echo(repair.describe(text, r))
        _err(f"{len(repairs)} repairs in {file}")
    else:
        typer.echo(repair.apply_repairs(text, repairs), nl=False)


@app.command()
def explain(
    file: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE", help="A .txt article, - for stdin, or a .json/.jsonl document."
        ),
    ],
    doc_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The document to explain in a .jsonl file."),
    ] = None,
    publication_date: PublicationDate = None,
) -> None:
    """Show, sentence by sentence, why each event was kept (+, its type rule and each actor's
    path) and each candidate turned down (-, the filter that rejected it).

    Example: chronique explain corpus/openai-2023-11.txt
    """
    from pipeline.explanation import explain_raw
    from pipeline.process import shared_annotator

    article = _read_article(file, doc_id, publication_date, " articles (pick one: --id)")
    typer.echo(str(explain_raw(article, shared_annotator())), nl=False)


def _documents_for_timeline(inputs: list[str]) -> tuple[list[Document], int]:
    """Documents with events: read from pipeline output, or made by running the pipeline."""
    docs: list[Document] = []
    failed = 0
    raw: list[str] = []
    for arg in inputs:
        if arg.endswith((".json", ".jsonl")) and _has_events(Path(arg)):
            found, problems = validate.load_documents(arg)
            docs += found
            failed += len(problems)
            for problem in problems:
                _err(f"error: {problem}")
        else:
            raw.append(arg)
    if raw:
        from pipeline.process import annotate_all

        for result in annotate_all(io.read_inputs(raw)):
            if isinstance(result, InputError):
                failed += 1
                _err(f"error: {result}")
            else:
                docs.append(result)
    return docs, failed


def _has_events(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            first = json.loads(f.readline() if path.suffix == ".jsonl" else f.read())
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and "events" in first


@app.command()
def timeline(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...", help="Pipeline output (.jsonl/.json with events) or articles."
        ),
    ],
    html_out: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Write a self-contained page (no network)."),
    ] = None,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", metavar="FILE", help="Write the events as CSV.")
    ] = None,
) -> None:
    """Print the events in time order: when, type, actors, and their sentence.

    Example: chronique timeline out/corpus.jsonl --html out/timeline.html
    """
    from pipeline import timeline as views

    docs, failed = _documents_for_timeline(list(inputs))
    rows = views.rows_of(docs)
    typer.echo(views.render_text(rows), nl=False)
    for path, text in (
        (html_out, lambda: views.render_html(docs, rows)),
        (csv_out, lambda: views.render_csv(rows)),
    ):
        if path:
            with io.atomic_writer(path) as f:
                f.write(text())
            _err(f"wrote {path}")
    _err(f"{len(rows)} events from {len(docs)} document{'s' * (len(docs) != 1)}")
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    gold: Annotated[
        Path,
        typer.Argument(metavar="GOLD", help="Gold documents: a .json/.jsonl file or a directory."),
    ],
    pred: Annotated[
        Path, typer.Argument(metavar="PRED", help="Predicted documents: a file or a directory.")
    ],
    json_out: Annotated[
        Path | None, typer.Option("--json", metavar="FILE", help="Write the flat figures as JSON.")
    ] = None,
    report_out: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write a report (.html or .md) with the misses in context.",
        ),
    ] = None,
) -> None:
    """Score predictions against gold, per layer (documents matched by id).

    Only the layers the gold lists in "layers" are scored; "—" (null in JSON) is not measured.
    Example: chronique eval gold/ out/corpus.jsonl --report out/eval.html
    """
    if report_out and report_out.suffix not in (".html", ".md"):
        raise typer.BadParameter("--report must end in .html or .md")
    gold_docs, problems = validate.load_documents(gold)
    pred_docs, pred_problems = validate.load_documents(pred)
    for problem in problems + pred_problems:
        _err(f"error: {problem}")
    pairs, pairing = score.pair_documents(gold_docs, pred_docs)
    for message in pairing:
        _err(f"warning: {message}")
    if not pairs:
        _err(f"error: {gold}: no valid gold document to score")
        raise typer.Exit(1)
    figures, per_doc = score.evaluate(pairs)
    typer.echo(report.terminal_table(figures))
    if json_out:
        with io.atomic_writer(json_out) as f:
            json.dump(figures, f, indent=1)
        _err(f"wrote figures to {json_out}")
    if report_out:
        diffs = {g.id: score.differences(g, p) for g, p in pairs}
        docs = {g.id: g for g, _ in pairs}
        render = report.html_page if report_out.suffix == ".html" else report.markdown
        with io.atomic_writer(report_out) as f:
            f.write(render(figures, per_doc, diffs, docs))
        _err(f"wrote report to {report_out}")
    if problems or pred_problems:
        raise typer.Exit(1)


@app.command("validate")
def validate_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="Document files (.json or .jsonl), directories."),
    ],
) -> None:
    """Check documents against the format: schema, offsets rule, ids. Lists every problem.

    Example: chronique validate out/corpus.jsonl gold/
    """
    paths = [p for f in files for p in (sorted(f.glob("*.json*")) if f.is_dir() else [f])]
    bad = 0
    for path in paths:
        problems = validate.validate_file(path)
        for problem in problems:
            typer.echo(str(problem))
        bad += bool(problems)
        if not problems:
            _err(f"{path}: valid")
    if bad:
        _err(f"{bad} of {len(paths)} file{'s' * (len(paths) != 1)} invalid")
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app(args=argv, prog_name="chronique")
