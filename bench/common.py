"""Shared by the bench scripts: each measurement is one JSON line on stdout.

`make bench` runs every `bench/bench_*.py`. Numbers are information, never a pass/fail test; ratios compare two
things measured in the same run, because these machines are noisy.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Callable


def emit(name: str, value: float, unit: str, *, ratio: float | None = None, target: str | None = None, **extra) -> None:
    line = {"name": name, "value": round(value, 4), "unit": unit}
    if ratio is not None:
        line["ratio"] = round(ratio, 3)
    if target is not None:
        line["target"] = target
    line.update(extra)
    print(json.dumps(line), flush=True)


# Playwright's locator.wait_for checks again after 0, 20, 50, 100, 100 and then every 500 ms (its retry back-off),
# so a page that renders 0.3 s after the wait began is reported at 0.77 s. Timing a render needs a check every frame.
TEXT_RENDERED = "text => document.body !== null && document.body.innerText.includes(text)"  # innerText: painted only
SELECTOR_PRESENT = "selector => document.querySelector(selector) !== null"


def wait_each_frame(page, condition: str, arg: str, timeout_ms: float = 60_000) -> None:
    """Returns within one animation frame of `condition(arg)` becoming true in the page."""
    page.wait_for_function(condition, arg=arg, polling="raf", timeout=timeout_ms)


def median_seconds(action: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
