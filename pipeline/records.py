"""Frozen record types of the document format (see FORMAT.md) and their one JSON mapping.

Every record converts with ``to_dict`` / ``from_dict``. Keys the format does not name are kept in
``extra`` and written back after the known keys, so a round trip loses nothing and two runs diff
cleanly (known keys always in declaration order).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")

LABELS = ("PER", "ORG", "LOC", "MISC")


class FormatError(ValueError):
    """A mapping does not have the shape of a record of the document format."""


@dataclass(frozen=True)
class Record:
    """Base: generic, declaration-ordered conversion to and from plain JSON values."""

    #: field name -> record type of its items (for tuples) or of its value
    children: ClassVar[Mapping[str, type[Record]]] = {}
    #: fields written only when not None
    optional: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if value is None and f.name in self.optional:
                continue
            out[f.name] = _dump(value)
        extra: Mapping[str, Any] = getattr(self, "extra", {})
        out.update({k: v for k, v in extra.items() if k not in out})
        return out

    @classmethod
    def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
        if not isinstance(data, Mapping):
            raise FormatError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        kwargs: dict[str, Any] = {}
        names = set()
        for f in fields(cls):
            names.add(f.name)
            if f.name == "extra" or f.name not in data:
                continue
            kwargs[f.name] = _load(cls.children.get(f.name), data[f.name])
        if "extra" in names:
            kwargs["extra"] = {k: v for k, v in data.items() if k not in names}
        try:
            return cls(**kwargs)
        except TypeError as exc:  # a required key is missing
            raise FormatError(f"{cls.__name__}: {exc}") from None


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    return value


def _load(kind: type[Record] | None, value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_load(kind, v) for v in value)
    if kind is not None and value is not None:
        return kind.from_dict(value)
    return value


@dataclass(frozen=True)
class Span(Record):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Repair(Record):
    """A repair of translation noise, reported beside the raw text (never applied to it).

    A zero-width repair (``start == end``, ``text == ""``) inserts ``replacement`` there.
    """

    start: int
    end: int
    text: str
    replacement: str
    kind: str


@dataclass(frozen=True)
class Sentence(Record):
    start: int
    end: int


@dataclass(frozen=True)
class Heading(Record):
    """A short line that dates or titles what follows it, up to ``scope_end``."""

    start: int
    end: int
    text: str
    scope_end: int


@dataclass(frozen=True)
class Entity(Record):
    children: ClassVar[Mapping[str, type[Record]]] = {"mentions": Span}

    id: str
    label: str
    name: str
    mentions: tuple[Span, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Timex(Record):
    id: str
    start: int
    end: int
    text: str
    type: str
    value: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Event(Record):
    children: ClassVar[Mapping[str, type[Record]]] = {"trigger": Span}

    id: str
    type: str
    trigger: Span
    time: str | None = None
    when: str | None = None
    actors: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Document(Record):
    children: ClassVar[Mapping[str, type[Record]]] = {
        "repairs": Repair,
        "sentences": Sentence,
        "headings": Heading,
        "entities": Entity,
        "timexes": Timex,
        "events": Event,
    }
    optional: ClassVar[frozenset[str]] = frozenset({"layers"})

    id: str
    text: str
    publication_date: str | None = None
    layers: tuple[str, ...] | None = None
    repairs: tuple[Repair, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    headings: tuple[Heading, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self, indent: int | None = None) -> str:
        """The document as one line of JSON (UTF-8 text kept as it is), or indented."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Document:
        """The document of a JSON string (a ``FormatError`` if it has not the format's shape)."""
        try:
            return cls.from_dict(json.loads(data))
        except json.JSONDecodeError as exc:
            raise FormatError(f"Document: invalid JSON: {exc}") from None


def spans_of(doc: Document) -> list[tuple[str, int, int, str | None]]:
    """Every span of ``doc`` as ``(where, start, end, text or None)``, for the offsets rule."""
    out: list[tuple[str, int, int, str | None]] = []
    out += [(f"repairs[{i}]", r.start, r.end, r.text) for i, r in enumerate(doc.repairs)]
    out += [(f"sentences[{i}]", s.start, s.end, None) for i, s in enumerate(doc.sentences)]
    out += [(f"headings[{i}]", h.start, h.end, h.text) for i, h in enumerate(doc.headings)]
    for i, e in enumerate(doc.entities):
        out += [
            (f"entities[{i}].mentions[{j}]", m.start, m.end, m.text)
            for j, m in enumerate(e.mentions)
        ]
    out += [(f"timexes[{i}]", t.start, t.end, t.text) for i, t in enumerate(doc.timexes)]
    out += [
        (f"events[{i}].trigger", v.trigger.start, v.trigger.end, v.trigger.text)
        for i, v in enumerate(doc.events)
    ]
    return out
