"""Shared fixtures. The model loads once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def annotator():
    from pipeline.process import shared_annotator

    return shared_annotator()


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(CORPUS.glob("*.txt"))}
