"""Why each event of an article was kept and each candidate turned down, sentence by sentence.

An event shows its type rule (``lexicon: annoncer``, ``speech: after a quote``, ``open: …``) and
the path from its trigger to each actor (``subject``, ``subject after the verb``, ``obj``,
``subject, pronoun: the subject before it``); a turned-down candidate shows the filter that
rejected it (``state: rester``, ``to come: future or conditional``, ``negated``, ``no named
actor``…). Before them, each entity a rule labelled or merged shows those rules (``label:
cue: a role before``, ``merged: Valen (surname of full name)``). Offsets are the raw text's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.events import Rejection
from pipeline.records import Document, Entity, Event
from pipeline.timeline import sentence_around, short

if TYPE_CHECKING:
    from pipeline.io import RawInput
    from pipeline.process import Annotator


@dataclass(frozen=True)
class Explanation:
    """An annotated article and the candidates its events stage turned down."""

    document: Document
    rejected: tuple[Rejection, ...]

    def lines(self) -> Iterator[str]:
        doc = self.document
        kept = len(doc.events)
        yield f"{doc.id}: {kept} event{'s' * (kept != 1)}, {len(self.rejected)} turned down"
        ruled = [line for line in map(entity_line, doc.entities) if line]
        if ruled:
            yield ""
            yield from ruled
        names = {e.id: e.name for e in doc.entities}
        items: list[tuple[int, Event | Rejection]] = [
            *((v.trigger.start, v) for v in doc.events),
            *((r.trigger.start, r) for r in self.rejected),
        ]
        items.sort(key=lambda x: x[0])
        shown = None
        for offset, item in items:
            sentence = sentence_around(doc, offset)
            if sentence != shown:
                shown = sentence
                yield ""
                yield f"[{sentence[0]}] {short(doc.text[sentence[0] : sentence[1]], 110)}"
            yield (event_line(item, names) if isinstance(item, Event) else rejection_line(item))

    def __str__(self) -> str:
        return "\n".join(self.lines()) + "\n"


def explain_raw(raw: RawInput, annotator: Annotator) -> Explanation:
    """The explanation of one input article."""
    from pipeline.process import to_document

    doc = annotator.parse(raw)
    return Explanation(to_document(doc, raw), tuple(doc._.chronique_rejected))


def event_line(v: Event, names: dict[str, str]) -> str:
    """``+ v3 statement 'a déclaré' [120:130] 2024-03-05 — lexicon: déclarer — Lena Vogt
    (subject), Voltaris (obl:arg à)``."""
    paths = v.extra.get("paths") or [""] * len(v.actors)
    actors = ", ".join(
        f"{names.get(a, a)} ({via})" if via else names.get(a, a)
        for a, via in zip(v.actors, paths, strict=False)
    )
    again = f", same as {v.extra['same_as']}" if v.extra.get("same_as") else ""
    where = f"[{v.trigger.start}:{v.trigger.end}]"
    return (
        f"  + {v.id} {v.type} {v.trigger.text!r} {where} {v.when or '-'}{again}"
        f" — {v.extra.get('rule', '')} — {actors}"
    )


def rejection_line(r: Rejection) -> str:
    """``- 'rejoindraient' [200:213] — to come: future or conditional``."""
    return f"  - {r.trigger.text!r} [{r.trigger.start}:{r.trigger.end}] — {r.reason}"


def entity_line(e: Entity) -> str | None:
    """``= e2 PER Tomas Valen — label: cue: a role before — merged: Valen (surname of full
    name)``, or None for an entity as the model found it (its label, one spelling)."""
    label = e.extra.get("label_evidence") or []
    merged = e.extra.get("evidence") or []
    if not label and not merged:
        return None
    parts = [f"  = {e.id} {e.label} {e.name}"]
    if label:
        parts.append("label: " + "; ".join(label))
    if merged:
        parts.append("merged: " + ", ".join(f"{m['b']} ({m['rule']})" for m in merged))
    return " — ".join(parts)
