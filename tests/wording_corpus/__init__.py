"""The labelled evaluation corpus of the wording check (see README.md): loading and scoring.

Shared by bench/bench_wording_corpus.py (figures on the held-out part) and tests/unit/test_wording_corpus.py
(the labelled cases that must never regress).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PARTS = ("tuning", "heldout")
LABELS = ("stress-raising", "stress-sensitive", "mixed")
FIELDS = {"id", "label", "kind", "source", "form", "reason", "text"}
FORMS = {"paraphrase", "paraphrase-letter", "rewrite"}


@dataclass(frozen=True)
class Text:
    id: str
    label: str
    kind: str
    source: str
    form: str
    reason: str
    text: str
    part: str


def load(part: str) -> list[Text]:
    data = yaml.safe_load((HERE / f"{part}.yaml").read_text(encoding="utf-8"))
    texts = []
    for item in data:
        missing = FIELDS - set(item)
        if missing:
            raise ValueError(f"{part}.yaml {item.get('id')}: missing {sorted(missing)}")
        texts.append(Text(**{k: item[k] for k in FIELDS}, part=part))
    return texts


def load_all() -> list[Text]:
    return [t for part in PARTS for t in load(part)]


def outcome(text: Text, report) -> bool:
    """Whether the check did what the label asks: an error (stress-raising), no error (stress-sensitive), at least
    one finding of any severity (mixed)."""
    if text.label == "stress-raising":
        return not report.ok
    if text.label == "stress-sensitive":
        return report.ok
    return bool(report.findings)


def score(texts: list[Text], check) -> dict:
    """Per label: share of texts with the wanted outcome. Per rule: how often it fires at error or warning level,
    precision (share of those texts that are not stress-sensitive), recall (share of stress-raising and mixed texts
    it fires on), and errors on stress-sensitive texts (its false alarms)."""
    per_label: dict[str, list[bool]] = {label: [] for label in LABELS}
    fired: dict[str, set[str]] = {}
    false_errors: Counter[str] = Counter()
    misses = []
    needs_change = {t.id for t in texts if t.label != "stress-sensitive"}
    for text in texts:
        report = check(text.text, kind=text.kind)
        good = outcome(text, report)
        per_label[text.label].append(good)
        if not good:
            misses.append(text.id)
        for finding in report.findings:
            if finding.severity in ("error", "warning"):
                fired.setdefault(finding.rule, set()).add(text.id)
        if text.label == "stress-sensitive":
            false_errors.update({f.rule for f in report.errors})
    rules = {}
    for rule in sorted(fired):
        ids = fired[rule]
        hits = len(ids & needs_change)
        rules[rule] = {
            "fired": len(ids),
            "precision": round(hits / len(ids), 3) if ids else None,
            "recall": round(hits / len(needs_change), 3) if needs_change else None,
            "errors_on_sensitive": false_errors.get(rule, 0),
        }
    labels = {label: {"n": len(v), "share_ok": round(sum(v) / len(v), 3) if v else None}
              for label, v in per_label.items()}
    return {"labels": labels, "rules": rules, "misses": misses}
