"""Update ``fr_core_news_md``'s NER on annotated French news, and save the updated component.

Trains on the tune part of a development set (WiNER-fr's dev half: its first year; the other
year is kept to check), with rehearsal: texts of another set (French TimeBank's articles, no
entity annotation) labelled by the published model, so the update does not forget what the
model knew. Tokens come from Chronique's tokenizer, as at run time. Writes the component to
``OUT`` (default ``out/ner``); ``CHRONIQUE_NER=OUT`` makes ``pipeline.load()`` use it, and
``scripts/benchmark.py`` then measures it on every set.

Usage:
    python scripts/train_ner.py ../shared/benchmarks/winer-fr-dev.jsonl \
        --rehearse ../shared/benchmarks/ftib-dev.jsonl --epochs 4 --out out/ner
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import minibatch
from splits import parts

from pipeline.nlp import MODEL, TOKENIZER
from pipeline.validate import load_documents


def examples_of(nlp: spacy.Language, docs: list) -> list[Example]:
    """Examples from annotated documents: every mention, labelled as its entity."""
    out = []
    for d in docs:
        doc = nlp.make_doc(d.text)
        spans = []
        for e in d.entities:
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, label=e.label, alignment_mode="contract")
                if span is not None:
                    spans.append(span)
        reference = nlp.make_doc(d.text)
        reference.ents = spacy.util.filter_spans(spans)
        out.append(Example(doc, reference))
    return out


def rehearsal(nlp: spacy.Language, texts: list[str]) -> list[Example]:
    """The published model's own entities on other texts: what the update must keep."""
    out = []
    for doc in nlp.pipe(texts):
        reference = nlp.make_doc(doc.text)
        reference.ents = [reference.char_span(e.start_char, e.end_char, e.label_) for e in doc.ents]
        out.append(Example(nlp.make_doc(doc.text), reference))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", help="annotated documents; their tune part is trained on")
    parser.add_argument("--rehearse", help="documents whose texts keep the model's knowledge")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--drop", type=float, default=0.2)
    parser.add_argument("--out", type=Path, default=Path("out/ner"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.load(MODEL, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    docs, _ = load_documents(args.train)
    split = parts(docs)
    tune = next(v for k, v in split.items() if k.startswith("tune"))
    train = examples_of(nlp, tune)
    if args.rehearse:
        others, _ = load_documents(args.rehearse)
        with nlp.select_pipes(enable=["ner"]):
            train += rehearsal(nlp, [d.text for d in others])
    print(f"{len(tune)} annotated documents, {len(train)} examples")
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(args.epochs):
            random.shuffle(train)
            losses: dict[str, float] = {}
            start = time.perf_counter()
            for batch in minibatch(train, size=8):
                nlp.update(batch, sgd=optimizer, drop=args.drop, losses=losses)
            print(
                f"epoch {epoch + 1}: loss {losses['ner']:.1f} ({time.perf_counter() - start:.0f} s)"
            )
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
