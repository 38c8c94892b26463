"""Letters end to end through the store, on a temporary SQLite database.

1. One reminder end to end (load the case from the store, build the context, render, wording check, store the
   Document and the covenant dates, commit) against a bare docxtpl render of the same template with a ready-made
   context, in the same run. Target (issue #14): ratio <= 1.2.
   (`naarnul.services.letters.make_letter`, as the Brieven page's button does: read, render outside the write
   transaction, keep in a short write transaction that reads the case again.)
2. Bulk: reminders for N cases with `naarnul.services.letter_making.make_many` with 1 and with 2 sandbox
   workers (storing in this process), as the "Herinneringen voor alle dossiers" button does. The limit is
   N x bare render / CPU cores; target (issue #14): <= 1.3 x the limit, and 2 processes clearly faster than 1.
   `BENCH_LETTERS_N` sets N (default 1000); the ratio is against the limit for the same N.
   Both sandbox workers are warm before the bulk runs are timed (a 2-case bulk with 2 workers first), and the run
   with 1 worker counts its SQL statements per letter (`statements_per_letter`, all of the store work of a letter:
   its reads, the check in the write transaction and its writes).
   Each bulk run also states its CPU use: CPU seconds of this process and every process below it (the forkserver and
   its sandbox workers) ÷ wall seconds ÷ cores; 1.0 means every core was busy the whole time.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.common import emit  # noqa: E402
from naarnul.documents import build_context, load_template  # noqa: E402
from naarnul.services import letter_making, letters  # noqa: E402
from naarnul.users import Role  # noqa: E402
from store import documents as document_store  # noqa: E402
from store.engine import forget_engine, get_engine, session_for  # noqa: E402
from store.models import Case, Payment, Tenancy, Tenant  # noqa: E402
from store.unit_of_work import UnitOfWork  # noqa: E402
from store.users import create_user  # noqa: E402
from tests.conftest import fill_profile  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and every live process below it, with what their finished children
    used. The sandbox workers are children of the forkserver, not of this process, and stay alive between letters,
    so `resource.getrusage(RUSAGE_CHILDREN)` would miss them; /proc has them (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    mine, queue = set(), [os.getpid()]
    while queue:
        pid = queue.pop()
        mine.add(pid)
        queue.extend(child for child, parent in parents.items() if parent == pid and child not in mine)
    return sum(used.get(pid, 0.0) for pid in mine)


def seed(url: str, count: int):
    with session_for(url) as session:
        actor = create_user(session, None, username=f"bench{count}", name="Bench", role=Role.LANDLORD,
                            password="correct-horse-battery", setup=True)
    engine = get_engine(url)
    with Session(engine) as session:
        fill_profile(session, actor.id)
        tenancies = [Tenancy(landlord_id=actor.id, street="Dorpsstraat", house_number=str(i + 1), postcode="1234 AB",
                             place="Amsterdam", municipality_code="GM0363", monthly_rent_cents=85000, due_day=1,
                             start_date=dt.date(2026, 8, 1)) for i in range(count)]
        session.add_all(tenancies)
        session.flush()
        for tenancy in tenancies:
            session.add(Tenant(tenancy_id=tenancy.id, landlord_id=actor.id, name=f"Sam de Vries {tenancy.id}",
                               salutation="meneer"))
            session.add(Payment(tenancy_id=tenancy.id, landlord_id=actor.id, paid_on=dt.date(2026, 8, 3),
                                amount_cents=85000))
            session.add(Case(tenancy_id=tenancy.id, landlord_id=actor.id, opened_on=dt.date(2026, 9, 2)))
        session.commit()
    with session_for(url) as session:
        return actor, document_store.cases_without_reminder(session, actor)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    n = int(os.environ.get("BENCH_LETTERS_N", "1000"))
    single_n = 15
    actor, case_ids = seed(url, single_n + 2 + 2 + 2 * n)
    single_ids, warm_ids = case_ids[:single_n + 2], case_ids[single_n + 2:single_n + 4]
    bulk_ids = {1: case_ids[single_n + 4:single_n + 4 + n], 2: case_ids[single_n + 4 + n:]}

    # 1. one letter end to end vs bare docxtpl
    def end_to_end(case_id: int) -> None:  # the use case of the Brieven page's button
        letters.make_letter(UnitOfWork(url), actor, case_id=case_id, template_name="reminder", values={},
                            today=TODAY)

    for case_id in single_ids[:2]:  # warm-up: caches, imports
        end_to_end(case_id)
    samples = []
    for case_id in single_ids[2:]:
        started = time.perf_counter()
        end_to_end(case_id)
        samples.append(time.perf_counter() - started)

    spec = load_template("reminder")
    with session_for(url) as session:
        context = build_context(document_store.document_case(session, actor, single_ids[0], TODAY), spec, {})

    def bare() -> None:
        template = DocxTemplate(io.BytesIO(spec.docx_bytes))
        template.render(context, autoescape=True)
        template.save(io.BytesIO())

    bare()
    bare_samples = []
    for _ in range(single_n):
        started = time.perf_counter()
        bare()
        bare_samples.append(time.perf_counter() - started)
    full_s, bare_s = sorted(samples)[len(samples) // 2], sorted(bare_samples)[len(bare_samples) // 2]
    emit("letters.reminder.end_to_end", full_s, "s", ratio=full_s / bare_s, target="<= 1.2",
         bare_docxtpl_seconds=round(bare_s, 4), includes="store read, context, sandboxed render, docx text, "
         "wording check, store Document + covenant dates, commit")

    # 2. bulk with 1 and with 2 sandbox workers (storing always in this process), against the limit
    cpus = os.cpu_count() or 1
    limit = n * bare_s / cpus
    took = {}
    letter_making.make_many(url, actor, warm_ids, "reminder", TODAY, processes=2)  # both workers warm
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    for processes in (1, 2):
        if processes == 1:
            event.listen(get_engine(url), "before_cursor_execute", count)
        started, cpu_before = time.perf_counter(), cpu_seconds()
        result = letter_making.make_many(url, actor, bulk_ids[processes], "reminder", TODAY, processes=processes)
        seconds = took[processes] = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        if processes == 1:
            event.remove(get_engine(url), "before_cursor_execute", count)
            emit(f"letters.reminder.bulk_{n}.statements_per_letter", len(statements) / n, "statements",
                 target="a few per letter, not a few dozen")
        assert len(result["made"]) == n, result["problems"][:3]
        emit(f"letters.reminder.bulk_{n}.processes_{processes}", seconds, "s", ratio=seconds / limit,
             target="<= 1.3 x limit", limit_seconds=round(limit, 2), limit="N x bare render / CPU cores",
             bare_docxtpl_seconds=round(bare_s, 4), measured_n=n, processes=processes, cpus=cpus,
             cpu_seconds=round(cpu, 2), cpu_use=round(cpu / seconds / cpus, 2),
             cpu_use_means="CPU seconds of this process and its sandbox workers / wall / cores")
    emit(f"letters.reminder.bulk_{n}.speedup_2_vs_1", took[1] / took[2], "x", target="clearly > 1",
         seconds_1=round(took[1], 2), seconds_2=round(took[2], 2))
    forget_engine(url)


if __name__ == "__main__":
    main()
