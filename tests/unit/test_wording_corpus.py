"""The labelled corpus of the wording check (tests/wording_corpus): its shape, and the tuning texts that must never
regress. The held-out part is only scored in `make bench` (bench/bench_wording_corpus.py), never tuned on."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from naarnul.wording import KINDS, check
from tests.wording_corpus import FORMS, LABELS, PARTS, load, load_all, outcome

TUNING = load("tuning")


def test_the_corpus_has_at_least_60_sourced_labelled_texts_in_two_disjoint_parts():
    texts = load_all()
    assert len(texts) >= 60
    ids = [t.id for t in texts]
    assert len(ids) == len(set(ids))
    assert {t.part for t in texts} == set(PARTS)
    for text in texts:
        assert text.label in LABELS and text.kind in KINDS and text.form in FORMS, text.id
        assert urlparse(text.source).scheme in ("http", "https") and urlparse(text.source).netloc, text.id
        assert text.reason.strip() and len(text.text.split()) >= 20, text.id
    for part in PARTS:
        labels = {t.label for t in load(part)}
        assert labels == set(LABELS), part  # every label in both parts
    assert len({urlparse(t.source).netloc for t in texts}) >= 30  # many different publishers


@pytest.mark.parametrize("text", TUNING, ids=[t.id for t in TUNING])
def test_tuning_text_gets_the_outcome_its_label_asks_for(text):
    report = check(text.text, kind=text.kind)
    errors = sorted({f"{f.rule}: {f.message[:60]}" for f in report.errors})
    assert outcome(text, report), (text.label, text.reason, errors)
