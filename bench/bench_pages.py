"""Every landlord page rerun at 100 and at 10,000 tenancies, and the first page of the day (information only).

- pages.rerun_<page>_<n>: the median of a few reruns of the page through the real entrypoint (AppTest, logged in),
  with its SQL statements and writes (writes must be 0). pages.rerun_ratio_<page>: 10,000 against 100 in one run
  (target <= 1.5).
- pages.full_rebuild_<n>: bringing every tenancy up to date yesterday from scratch (what the first refresh of a day
  did before issue 14).
- pages.first_page_of_the_day_<n>: then, today, what it takes until the landlord sees today's figures: the refresh
  of the day (what `naarnul refresh`, the digest run and "Bijwerken" call; it is incremental) plus the Vandaag
  rerun. Target <= 1 s at 10,000.

The data is bulk-inserted (one year of ledger per tenancy, one in twenty in arrears with an open case), then brought
up to date once by the explicit refresh. Run: .venv/bin/python bench/bench_pages.py  (BENCH_SIZES=100,10000)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bench import bench_page_queries as pages_bench  # noqa: E402  (sets NAARNUL_TODAY before the app imports)
from bench.common import emit  # noqa: E402
from naarnul.services import cases as case_service  # noqa: E402
from store.engine import forget_engine  # noqa: E402
from store.unit_of_work import UnitOfWork  # noqa: E402

TODAY = pages_bench.TODAY
PAGES = [("landlord/home.py", "Vandaag"), ("landlord/tenancies.py", "Huurders"), ("landlord/payments.py", "Betalingen"),
         ("landlord/case.py", "Dossier"), ("landlord/arrangement.py", "Betalingsregeling"),
         ("landlord/letters.py", "Brieven")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


def _quiet(action):
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON lines
        return action()


def _use(url: str, folder: str) -> None:
    """The app reads its database from the environment at every run: point it at one of the two databases."""
    os.environ["DATABASE_URL"], os.environ["NAARNUL_DATA_DIR"] = url, folder


def prepare(size: int):
    """Seed, bring the figures up to date yesterday (a whole rebuild, as the first refresh of a day did before),
    then the first page of today: the refresh of the day plus the Vandaag rerun."""
    folder = tempfile.mkdtemp(prefix=f"bench_pages_{size}_")
    url = f"sqlite:///{folder}/bench.db"
    _use(url, folder)
    started = time.perf_counter()
    landlord = pages_bench.seed(url, size)
    emit(f"pages.seed_{size}", time.perf_counter() - started, "s", tenancies=size)
    started = time.perf_counter()
    case_service.refresh_figures(UnitOfWork(url), landlord, today=TODAY - dt.timedelta(days=1))
    emit(f"pages.full_rebuild_{size}", time.perf_counter() - started, "s", tenancies=size)
    at = _quiet(pages_bench.login)
    _quiet(lambda: at.switch_page("pages/landlord/home.py").run())
    started = time.perf_counter()
    recomputed = case_service.refresh_figures(UnitOfWork(url), landlord, today=TODAY).recomputed
    _quiet(at.run)
    emit(f"pages.first_page_of_the_day_{size}", time.perf_counter() - started, "s", tenancies=size,
         recomputed=recomputed, target="<= 1 s at 10000", stale_after=any(b.label == "Bijwerken" for b in at.button))
    return url, folder, landlord, at


def rerun_pages(setups: dict) -> dict:
    """Each page at every size, the reruns of the sizes interleaved (the machine's load hits them alike)."""
    results: dict = {size: {} for size in setups}
    for page, title in PAGES:
        samples: dict = {size: [] for size in setups}
        for url, folder, _landlord, at in setups.values():
            _use(url, folder)
            _quiet(lambda at=at, page=page: at.switch_page(f"pages/{page}").run())
            _quiet(at.run)  # warm-up
        for _ in range(REPEAT):
            for size, (url, folder, _landlord, at) in setups.items():
                _use(url, folder)
                started = time.perf_counter()
                _quiet(at.run)
                samples[size].append(time.perf_counter() - started)
        for size, (url, folder, _landlord, at) in setups.items():
            _use(url, folder)
            with pages_bench.Counter(url) as counter:
                _quiet(at.run)
            writes = [s for s in counter.statements if pages_bench.WRITE.match(s)]
            results[size][page] = statistics.median(samples[size])
            emit(f"pages.rerun_{page}_{size}", results[size][page] * 1000, "ms", page=title, tenancies=size,
                 statements=len(counter.statements), writes=len(writes), exception=bool(at.exception))
    return results


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
    setups = {size: prepare(size) for size in sizes}
    results = rerun_pages(setups)
    small, large = min(sizes), max(sizes)
    if small != large:
        for page, title in PAGES:
            ratio = results[large][page] / results[small][page]
            emit(f"pages.rerun_ratio_{page}", ratio, "x", ratio=ratio, page=title, small=small, large=large,
                 target="<= 1.5")
    for url, *_ in setups.values():
        forget_engine(url)


if __name__ == "__main__":
    main()
