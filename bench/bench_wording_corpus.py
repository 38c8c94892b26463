"""The wording check on its labelled corpus (tests/wording_corpus): information, never a pass/fail.

On the held-out part (texts the rules were never tuned on): per label the share of texts with the wanted outcome
(stress-raising: an error; stress-sensitive: no error; mixed: at least one finding), per rule precision and recall,
and the time per one-page letter. Targets (issue 15): stress-raising >= 95%, stress-sensitive >= 85%, mixed >= 90%,
<= 2 ms per one-page letter. `--part tuning` or `--part all` scores the other parts (for tuning), `--misses` lists the
ids of texts with the wrong outcome.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, median_seconds  # noqa: E402
from tests.wording_corpus import PARTS, load, load_all, score  # noqa: E402

TARGETS = {"stress-raising": ">= 0.95 get an error", "stress-sensitive": ">= 0.85 get no error",
           "mixed": ">= 0.90 get a finding"}
LETTERS = Path(__file__).resolve().parent.parent / "tests" / "unit" / "letters"


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=(*PARTS, "all"), default="heldout")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    from naarnul.wording import check

    texts = load_all() if args.part == "all" else load(args.part)
    result = score(texts, check)
    for label, figures in result["labels"].items():
        emit(f"wording_corpus_{args.part}_{label}", figures["share_ok"] or 0.0, "share", n=figures["n"],
             target=TARGETS[label])
    for rule, figures in result["rules"].items():
        emit(f"wording_corpus_{args.part}_rule_{rule}", figures["precision"] or 0.0, "precision",
             recall=figures["recall"], fired=figures["fired"], errors_on_sensitive=figures["errors_on_sensitive"])
    if args.misses:
        emit(f"wording_corpus_{args.part}_misses", len(result["misses"]), "texts", ids=result["misses"])

    harsh = (LETTERS / "harsh.txt").read_text(encoding="utf-8")
    baseline = median_seconds(lambda: re.findall(r"\w+", harsh), repeat=51, warmup=5)
    one_page = median_seconds(lambda: check(harsh), repeat=101, warmup=10)
    fastest = min(_seconds(lambda: check(harsh)) for _ in range(101))
    emit("wording_check_ms_per_one_page_letter", one_page * 1000, "ms", target="<= 2 ms", words=len(harsh.split()),
         min_ms=round(fastest * 1000, 3), ratio=one_page / baseline,
         ratio_to="re.findall(r'\\w+') over the same text (same run)")
    times = []
    for text in texts:
        start = time.perf_counter()
        check(text.text, kind=text.kind)
        times.append(time.perf_counter() - start)
    emit(f"wording_check_ms_per_corpus_text_{args.part}", statistics.median(times) * 1000, "ms", n=len(times))


if __name__ == "__main__":
    main()
