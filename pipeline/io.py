"""Reading inputs and documents, writing documents atomically.

Inputs are ``.txt`` files (UTF-8, BOM tolerated, newlines kept as they are), directories (their
``*.txt``, sorted), ``.json`` / ``.jsonl`` documents and ``-`` for standard input. A bad input
becomes an ``InputError`` that names it and its problem; reading goes on with the next one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from pipeline.records import Document

#: the largest article accepted by default (``--max-bytes``): one this long is processed in
#: windows, in under 1 GB of memory and in time linear in its length
MAX_BYTES = 5_000_000
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class InputError(Exception):
    """An input that cannot be processed: ``source`` names it, ``problem`` says why."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:  # for worker processes
        return InputError, (self.source, self.problem)


@dataclass(frozen=True)
class RawInput:
    """One article to process, as read."""

    id: str
    text: str
    publication_date: str | None
    source: str
    pinned_date: bool = False  # set by the user: wins over a date the article states
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)  # kept in the output


#: keys of an input document that the pipeline reads or writes anew; ``layers`` is a gold file's
#: claim about its annotation, not true of the output. Every other key is kept.
OWN_KEYS = frozenset(
    {
        "id", "text", "publication_date", "layers", "repairs", "sentences", "headings",
        "entities", "timexes", "events",
    }
)  # fmt: skip


@cache
def function_words() -> dict[str, frozenset[str]]:
    path = resources.files("pipeline").joinpath("resources/function_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in data.items() if not lang.startswith("_")}


def french_words() -> frozenset[str]:
    return function_words()["fr"]


def language_shares(text: str, sample: int = 20_000) -> tuple[dict[str, float], int]:
    """Per language, the share of the words of ``text`` (its start) that are its function words."""
    words = _WORD.findall(text[:sample].lower())
    if not words:
        return {}, 0
    return {
        lang: sum(w in known for w in words) / len(words)
        for lang, known in function_words().items()
    }, len(words)


def french_share(text: str) -> tuple[float, int]:
    shares, n = language_shares(text)
    return shares.get("fr", 0.0), n


def check_text(text: str, source: str) -> str:
    """``text`` if it is a French article worth processing, else an ``InputError``.

    A text is refused as not French when another language's function words clearly outnumber
    French ones (a short text full of names is given the benefit of the doubt).
    """
    if not text.strip():
        raise InputError(source, "empty: there is no text to process")
    shares, n_words = language_shares(text)
    if n_words >= 8:
        best = max(shares, key=lambda lang: shares[lang])
        if best != "fr" and shares[best] - shares["fr"] >= 0.05:
            raise InputError(
                source,
                f"does not look like French (it reads as '{best}': {shares[best]:.0%} of its "
                f"{n_words} words are its function words, {shares['fr']:.0%} French ones; "
                "Chronique reads French articles only)",
            )
    return text


def too_large(size: int | None, limit: int) -> str:
    """What an input over ``limit`` bytes is told (``size`` None: not read to its end)."""
    told = f" {size:,} bytes," if size is not None else ""
    return f"too large:{told} over the limit of {limit:,} bytes (raise it with --max-bytes)"


def decode(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> str:
    """UTF-8 text of ``data`` (a leading BOM dropped), or an ``InputError`` that says why not."""
    if len(data) > max_bytes:
        raise InputError(source, too_large(len(data), max_bytes))
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file (it holds NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            source, f"not UTF-8: byte 0x{bad} at offset {exc.start} (save the file as UTF-8)"
        ) from None
    head = text[:8192]
    if head and len(_CONTROL.findall(head)) > 0.05 * len(head):
        raise InputError(source, "binary file (too many control characters), not text")
    return text


def check_date(value: Any, source: str) -> str | None:
    """An ISO date string (``2023-11-21``) or None; anything else is an ``InputError``."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problem = f"publication_date {value!r} is not an ISO date (YYYY-MM-DD)"
        raise InputError(source, problem) from None


def from_json(obj: Any, source: str, max_bytes: int = MAX_BYTES) -> RawInput:
    """The article of one JSON document (its ``id``, ``text`` and ``publication_date``); keys
    the pipeline does not use (``source``, ``url``, ...) ride along in ``extra``."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    doc_id, text = obj.get("id"), obj.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise InputError(source, "missing or empty string 'id'")
    if not isinstance(text, str):
        raise InputError(source, f"document {doc_id!r}: missing string 'text'")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise InputError(source, f"document {doc_id!r}: text {too_large(size, max_bytes)}")
    date = check_date(obj.get("publication_date"), source)
    extra = {k: v for k, v in obj.items() if k not in OWN_KEYS}
    return RawInput(doc_id, check_text(text, f"{source} ({doc_id})"), date, source, extra=extra)


def _json_lines(lines: Iterable[str], source: str, max_bytes: int) -> Iterator[Any]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            yield from_json(json.loads(line), where, max_bytes)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
        except InputError as exc:
            yield exc


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[RawInput | InputError]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from _json_lines(f, str(path), max_bytes)
    except UnicodeDecodeError as exc:
        yield InputError(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})")


def _read_json(path: Path, max_bytes: int) -> RawInput:
    text = decode(path.read_bytes(), str(path), max_bytes * 2)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
    return from_json(obj, str(path), max_bytes)


def _read_txt(path: Path, max_bytes: int) -> RawInput:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), too_large(size, max_bytes))
    text = decode(path.read_bytes(), str(path), max_bytes)
    return RawInput(path.stem, check_text(text, str(path)), None, str(path))


def _read_stdin(max_bytes: int) -> Iterator[RawInput | InputError]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    try:
        if len(data) > max_bytes:  # the rest is not read: its size is unknown
            raise InputError("<stdin>", too_large(None, max_bytes))
        text = decode(data, "<stdin>", max_bytes)
        if text.lstrip().startswith("{"):
            yield from _json_lines(text.splitlines(), "<stdin>", max_bytes)
        else:
            yield RawInput("stdin", check_text(text, "<stdin>"), None, "<stdin>")
    except InputError as exc:
        yield exc


def expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Input arguments as paths: a directory gives its ``*.txt`` files, sorted."""
    for arg in paths:
        path = Path(arg)
        if arg == "-" or path.is_file():
            yield arg
        elif path.is_dir():
            files = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not files:
                yield InputError(arg, "directory holds no .txt file")
            yield from (str(p) for p in files)
        else:
            yield InputError(arg, "no such file or directory")


def read_inputs(
    paths: Iterable[str], max_bytes: int = MAX_BYTES
) -> Iterator[RawInput | InputError]:
    """Every article of ``paths``, in order; a bad one is yielded as its ``InputError``."""
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from _read_stdin(max_bytes)
        elif item.endswith(".jsonl"):
            yield from _read_jsonl(Path(item), max_bytes)
        else:
            try:
                reader = _read_json if item.endswith(".json") else _read_txt
                yield reader(Path(item), max_bytes)
            except InputError as exc:
                yield exc
            except OSError as exc:
                yield InputError(item, f"cannot be read: {exc.strerror}")


def dumps(doc: Document) -> str:
    return doc.to_json()


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` whole, or not at all if writing fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load_json_records(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed object)`` for each document of a ``.json`` or ``.jsonl`` file.

    A line that is not JSON is yielded as ``(line, json.JSONDecodeError)`` for the caller to
    report; a ``.json`` file is one document (line 1).
    """
    path = Path(path)
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix != ".jsonl":
        try:
            yield 1, json.loads(text)
        except json.JSONDecodeError as exc:
            yield exc.lineno, exc
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, exc
