"""The document format's contract, checked: the JSON Schema, then what a schema cannot say.

``check_document`` returns every problem of one parsed document as ``(JSON path, message)``;
``validate_file`` adds the file and line. Beyond the schema: the offsets rule
(``text[start:end] == span["text"]`` for every span), unique ids, and events that name only
entities and timexes that exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.io import load_json_records
from pipeline.records import Document

SPAN_LAYERS = ("repairs", "headings", "timexes")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}"


@cache
def schema() -> dict[str, Any]:
    text = resources.files("pipeline").joinpath("resources/document.schema.json").read_text()
    return dict(json.loads(text))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _json_path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def _check_span(text: str, span: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    start, end = span["start"], span["end"]
    if not start <= end <= len(text):
        yield path, f"offsets [{start}:{end}] out of order or past the text's end ({len(text)})"
    elif "text" in span and text[start:end] != span["text"]:
        yield path, f"text {span['text']!r} is not text[{start}:{end}] = {text[start:end]!r}"


def _check_ids(items: list[dict[str, Any]], layer: str) -> Iterator[tuple[str, str]]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item["id"] in seen:
            yield (
                f"$.{layer}[{i}].id",
                f"duplicate id {item['id']!r} (also {layer}[{seen[item['id']]}])",
            )
        seen.setdefault(item["id"], i)


def _semantic(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    text = doc["text"]
    for layer in SPAN_LAYERS:
        for i, span in enumerate(doc.get(layer, [])):
            yield from _check_span(text, span, f"$.{layer}[{i}]")
    for i, sent in enumerate(doc.get("sentences", [])):
        yield from _check_span(text, sent, f"$.sentences[{i}]")
    for i, head in enumerate(doc.get("headings", [])):
        if not head["end"] <= head["scope_end"] <= len(text):
            yield (
                f"$.headings[{i}].scope_end",
                "scope_end must lie between the heading's end and the text's end",
            )
    for i, ent in enumerate(doc.get("entities", [])):
        for j, mention in enumerate(ent["mentions"]):
            yield from _check_span(text, mention, f"$.entities[{i}].mentions[{j}]")
    entities, timexes, events = (doc.get(k, []) for k in ("entities", "timexes", "events"))
    yield from _check_ids(entities, "entities")
    yield from _check_ids(timexes, "timexes")
    yield from _check_ids(events, "events")
    entity_ids = {e["id"] for e in entities}
    timex_ids = {t["id"] for t in timexes}
    for i, event in enumerate(events):
        yield from _check_span(text, event["trigger"], f"$.events[{i}].trigger")
        if event.get("time") is not None and event["time"] not in timex_ids:
            yield f"$.events[{i}].time", f"names timex {event['time']!r}, which does not exist"
        for j, actor in enumerate(event.get("actors", [])):
            if actor not in entity_ids:
                yield f"$.events[{i}].actors[{j}]", f"names entity {actor!r}, which does not exist"


def check_document(doc: Any) -> list[tuple[str, str]]:
    """Every problem of one parsed document, as ``(JSON path, message)``; empty when valid."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:  # the semantic checks assume the shape is right
        return [(_json_path(e.absolute_path), e.message) for e in errors]
    return list(_semantic(doc))


def _checked(path: str | Path) -> Iterator[tuple[int | None, Any, list[Problem]]]:
    """Each record of a file with its problems: ``(line, object or None, problems)``.

    A file that cannot be read, or is not UTF-8, is one record with its one problem.
    """
    name = str(path)
    try:
        records = list(load_json_records(path))
    except OSError as exc:
        yield None, None, [Problem(name, None, "$", f"cannot be read: {exc.strerror}")]
        return
    except UnicodeDecodeError as exc:
        yield None, None, [Problem(name, None, "$", f"not UTF-8 (byte {exc.start})")]
        return
    for line, obj in records:
        if isinstance(obj, json.JSONDecodeError):
            yield line, None, [Problem(name, line, "$", f"invalid JSON: {obj.msg}")]
        else:
            yield line, obj, [Problem(name, line, p, m) for p, m in check_document(obj)]


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem of a ``.json`` or ``.jsonl`` file of documents, with its line."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, obj, found in _checked(path):
        problems += found
        doc_id = obj.get("id") if isinstance(obj, dict) else None
        if isinstance(doc_id, str) and line is not None:
            if doc_id in seen:
                message = f"duplicate document id {doc_id!r} (line {seen[doc_id]})"
                problems.append(Problem(str(path), line, "$.id", message))
            seen.setdefault(doc_id, line)
    if not problems and not seen:
        problems.append(Problem(str(path), None, "$", "holds no document"))
    return problems


def document_files(path: str | Path) -> list[Path]:
    """A file, or a directory's ``.json`` and ``.jsonl`` files, sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
    return [path]


def load_documents(path: str | Path) -> tuple[list[Document], list[Problem]]:
    """The valid documents of a file or directory, and the problems of the others."""
    docs: list[Document] = []
    problems: list[Problem] = []
    files = document_files(path)
    if not files:
        problems.append(Problem(str(path), None, "$", "directory holds no .json or .jsonl file"))
    for file in files:
        for _, obj, found in _checked(file):
            problems += found
            if obj is not None and not found:
                docs.append(Document.from_dict(obj))
    return docs, problems
