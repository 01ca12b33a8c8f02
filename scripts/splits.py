"""Split a development set in two: a part to look at (``tune``) and a part only scored (``check``).

A change is kept when it helps the part it was not written on. Sets whose ids start with a year
(WiNER-fr: ``2016_01_01-001``) split by year, the first year tuned on; the others by document,
sorted by id and dealt alternately.
"""

from __future__ import annotations

import re

from pipeline.records import Document

_YEAR = re.compile(r"^(\d{4})_")


def parts(docs: list[Document]) -> dict[str, list[Document]]:
    """``{"tune": [...], "check": [...]}`` (by year where the ids say it), or ``{}``."""
    if len(docs) < 2:
        return {}
    years = sorted({m.group(1) for d in docs if (m := _YEAR.match(d.id))})
    if len(years) >= 2 and all(_YEAR.match(d.id) for d in docs):
        first = years[0]
        return {
            f"tune ({first})": [d for d in docs if d.id.startswith(first)],
            f"check ({', '.join(years[1:])})": [d for d in docs if not d.id.startswith(first)],
        }
    ordered = sorted(docs, key=lambda d: d.id)
    return {"tune": ordered[0::2], "check": ordered[1::2]}
