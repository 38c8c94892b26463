"""Speed of the wording check: it runs on every keystroke, so one page must take well under 20 ms.

The ratio compares check() with a plain regex word scan over the same text, measured in the same run, so the number
still means something on a noisy machine.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, median_seconds  # noqa: E402

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "unit" / "letters"


def main() -> None:
    start = time.perf_counter()
    from naarnul.wording import check, default_lexicon

    default_lexicon()
    check("Bel mij.")
    emit("wording_first_call", (time.perf_counter() - start) * 1000, "ms",
         note="import, YAML load and first check (once per process)")

    harsh = (LETTERS / "harsh.txt").read_text(encoding="utf-8")  # a one-page letter with many findings
    good = (LETTERS / "first_reminder_good.txt").read_text(encoding="utf-8")
    baseline = median_seconds(lambda: re.findall(r"\w+", harsh), repeat=51, warmup=5)
    one_page = median_seconds(lambda: check(harsh), repeat=51, warmup=5)
    emit("wording_check_one_page", one_page * 1000, "ms", ratio=one_page / baseline, target="< 20 ms",
         words=len(harsh.split()), ratio_to="re.findall(r'\\w+') over the same text")
    good_time = median_seconds(lambda: check(good, kind="first-reminder"), repeat=51, warmup=5)
    emit("wording_check_good_first_reminder", good_time * 1000, "ms", ratio=good_time / baseline, target="< 20 ms")

    big = (harsh * (100_000 // len(harsh) + 1))[:100_000]
    big_time = median_seconds(lambda: check(big), repeat=3, warmup=1)
    emit("wording_check_100k_chars", big_time * 1000, "ms", ratio=big_time / one_page,
         ratio_to="one page (about 35 pages of text)")


if __name__ == "__main__":
    main()
