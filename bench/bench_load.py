"""Load on PostgreSQL (issue 14): many users at once, each doing what a page run does, through the same service calls.

Landlords read their home page (Vandaag), record a payment (Betalingen) and make a letter (Brieven); liaisons read
the inbox (Meldingen) and record feedback on a signal (Melding). Every action starts as a page run starts: the
entrypoint's calls (users counted, the authenticator's credentials, the acting user), then the page's own calls,
and for a form the rerun that follows the save. One thread per user in one process, like Streamlit's one thread per
session; BENCH_LOAD_PROCESSES=2 splits the users over two processes (two replicas on one PostgreSQL).

The data is the demo pilot (`naarnul demo`: Utrecht, its liaison, three landlords, two years of history, signals),
plus landlords and liaisons added through the same use cases until there is one account per simulated user. Seeding
takes minutes on a busy machine, so the seeded database is kept as a PostgreSQL template named after what it was
made from, and each run copies it (CREATE DATABASE … TEMPLATE) and drops the copy afterwards.

Bounded: loopback PostgreSQL only, a fixed number of users, a deadline, at most BENCH_LOAD_MAX_ACTIONS per user.
Information, never a pass/fail. Environment:

    BENCH_DATABASE_URL or TEST_DATABASE_URL  a PostgreSQL server on 127.0.0.1 / localhost (else: skipped)
    BENCH_LOAD_FULL=1                         50 users for 60 s (the issue's run); otherwise 10 users for 10 s
    BENCH_LOAD_USERS, BENCH_LOAD_SECONDS      override either
    BENCH_LOAD_PROCESSES                      1 (default) or more: users split over that many processes
    BENCH_LOAD_THINK_SECONDS                  pause between a user's actions (default 0: as fast as possible)

One JSON line per action (count, p50, p95, max) and a summary line (throughput, errors with the first messages).
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import emit  # noqa: E402
from naarnul.settings import normalise_database_url  # noqa: E402

TODAY = dt.date(2026, 11, 23)
LIAISON_SHARE = 5  # one simulated user in five is a liaison
MUNICIPALITY = "GM0344"
SEED_VERSION = "2"  # change when the seeding below changes: a new template is made
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
ACTIONS = {"landlord": ("home", "payment", "home", "letter"), "liaison": ("inbox", "feedback")}


def _settings() -> dict:
    full = os.environ.get("BENCH_LOAD_FULL") == "1"
    return {"users": int(os.environ.get("BENCH_LOAD_USERS") or (50 if full else 10)),
            "seconds": float(os.environ.get("BENCH_LOAD_SECONDS") or (60 if full else 10)),
            "processes": max(1, int(os.environ.get("BENCH_LOAD_PROCESSES") or 1)),
            "think": float(os.environ.get("BENCH_LOAD_THINK_SECONDS") or 0),
            "max_actions": int(os.environ.get("BENCH_LOAD_MAX_ACTIONS") or 100_000)}


def _split(users: int) -> tuple[int, int]:
    liaisons = max(1, users // LIAISON_SHARE)
    return users - liaisons, liaisons


# --- seeding -------------------------------------------------------------------------------------------------------

def _seed_demo(url: str) -> None:
    from naarnul.services import demo

    demo.fill_demo(url, today=TODAY)


def _seed_more(url: str, landlords: int, liaisons: int) -> None:
    """More landlords (two homes each, one of them months behind) and more liaisons of the same municipality, all
    through the use cases, until there is one account per simulated user."""
    from naarnul.services import accounts, cases, demo, login, tenancies
    from naarnul.users import Role
    from store.unit_of_work import UnitOfWork

    start = dt.date(TODAY.year, TODAY.month - 4, 1) if TODAY.month > 4 else dt.date(TODAY.year - 1, TODAY.month + 8, 1)
    for n in range(max(0, landlords - len(demo.LANDLORDS))):
        landlord = login.add_user_as_operator(UnitOfWork(url), username=f"verhuurder{n}", name=f"Verhuur {n} B.V.",
                                              role=Role.LANDLORD, password=demo.PASSWORD)
        accounts.update_profile(UnitOfWork(url), landlord, name=f"Verhuur {n} B.V.", contact_person=f"Eigenaar {n}",
                                street="Stationsplein", house_number=str(n + 1), postcode="3511 CE", place="Utrecht",
                                phone="030 1234567", email=f"verhuur{n}@example.nl", iban="NL91ABNA0417164300",
                                contact_hours="op werkdagen van 9.00 tot 17.00 uur")
        for home in range(2):
            made = tenancies.register_tenancy(
                UnitOfWork(url), landlord, today=start, street="Vredenburg", house_number=f"{n + 1}{home}",
                postcode="3511 BA", place="Utrecht", municipality_code=MUNICIPALITY,
                tenants=[{"name": f"Huurder {n}-{home}", "salutation": "neutral"}], monthly_rent="900,00", due_day=1,
                start_date=start)
            due = start
            while due <= TODAY and (home == 0 or due == start):  # the second home stops paying after a month
                tenancies.record_payment(UnitOfWork(url), landlord, tenancy_id=made.id, paid_on=due,
                                         amount="900,00", today=due, description="Huur")
                due = dt.date(due.year + due.month // 12, due.month % 12 + 1, 1)
        cases.refresh_figures(UnitOfWork(url), landlord, today=TODAY)
    for n in range(max(0, liaisons - 1)):
        login.add_user_as_operator(UnitOfWork(url), username=f"gemeente{n}", name=f"Medewerker {n} (gemeente Utrecht)",
                                   role=Role.LIAISON, password=demo.PASSWORD, municipality_code=MUNICIPALITY)


def _template_key(*parts: object) -> str:
    digest = hashlib.sha256()
    digest.update("-".join(map(str, (SEED_VERSION, TODAY, *parts))).encode())
    for path in sorted([ROOT / "naarnul" / "services" / "demo.py",
                        *(ROOT / "store" / "migrations" / "versions").glob("*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _server_and_name(base: str) -> tuple[str, str, str]:
    head, _, tail = base.partition("?")
    server, name = head.rsplit("/", 1)
    return server, name, ("?" + tail if tail else "")


def _template(admin, server: str, tail: str, name: str, seed, source: str | None = None) -> str:
    """The database `name`, made once: a copy of `source` (or empty) filled by `seed(url)`."""
    from sqlalchemy import text

    from store.engine import forget_engine

    with admin.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            return name
    building = f"{name}_building_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{building}"' + (f' TEMPLATE "{source}"' if source else "")))
    # seeding only: commits need not wait for the disk (the load itself runs with the server's own setting)
    seed_url = f"{server}/{building}{tail}{'&' if tail else '?'}options=-csynchronous_commit%3Doff"
    started = time.perf_counter()
    try:
        seed(seed_url)
    except BaseException:
        forget_engine(seed_url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)'))
        raise
    forget_engine(seed_url)
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
    emit("load_seed", time.perf_counter() - started, "s", template=name)
    return name


def _database(base: str, landlords: int, liaisons: int) -> tuple[str, Callable[[], None]]:
    """A fresh copy of the seeded template (made first when missing); returns its URL and how to drop it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from store.engine import forget_engine

    server, base_name, tail = _server_and_name(base)
    admin = create_engine(server + "/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    demo_template = _template(admin, server, tail, f"{base_name}_load_demo_{_template_key()}", _seed_demo)
    template = _template(admin, server, tail, f"{base_name}_load_{landlords}_{liaisons}_{_template_key(landlords, liaisons)}",
                         lambda url: _seed_more(url, landlords, liaisons), source=demo_template)
    copy = f"{base_name}_load_run_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"'))
    url = f"{server}/{copy}{tail}"

    def drop() -> None:
        forget_engine(url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


# --- the simulated users -------------------------------------------------------------------------------------------

def _accounts(url: str, landlords: int, liaisons: int) -> list[dict]:
    """Who each simulated user is, and what they work on: a landlord's home without arrears for payments (so no
    case closes mid-run) and an open case for letters; a liaison's signal for feedback."""
    from sqlmodel import select

    from naarnul.services import cases, demo, signals, tenancies
    from naarnul.users import ActingUser, Role
    from store.engine import session_for
    from store.models import User
    from store.unit_of_work import UnitOfWork

    with session_for(url) as session:
        users = [ActingUser(id=u.id, username=u.username, name=u.name, role=Role(u.role),
                            municipality_code=u.municipality_code)
                 for u in session.exec(select(User).where(User.active).order_by(User.id))]
    found: list[dict] = []
    for user in [u for u in users if u.role == Role.LANDLORD][:landlords]:
        rows = tenancies.list_tenancies(UnitOfWork(url), user, limit=100).rows
        paying = next(r.id for r in rows if r.arrears == 0 and r.end_date is None)
        open_cases = [c.case_id for c in cases.list_case_choices(UnitOfWork(url), user, today=TODAY)
                      if not c.label.endswith("(gesloten)")]
        found.append({"kind": "landlord", "user": user, "tenancy_id": paying, "case_ids": open_cases})
    inbox_signals = None
    for user in [u for u in users if u.role == Role.LIAISON][:liaisons]:
        if inbox_signals is None:
            inbox_signals = [r.id for r in signals.list_inbox(UnitOfWork(url), user, page_size=100).rows]
        found.append({"kind": "liaison", "user": user, "signal_ids": inbox_signals})
    assert demo.PASSWORD  # the accounts log in with the demo password (not needed here: services take the user)
    return found


def _page_run_start(url: str, user) -> None:
    """What streamlit_app.py does on every run of a logged-in user before the page itself."""
    from naarnul.services import accounts, login
    from store.unit_of_work import UnitOfWork

    accounts.count_users(UnitOfWork(url))
    login.login_credentials(UnitOfWork(url), only_username=user.username)
    login.acting_user(UnitOfWork(url), username=user.username)


def _action(url: str, account: dict, name: str, serial: str) -> None:
    from naarnul.services import cases, letters, signals, tenancies
    from store.unit_of_work import UnitOfWork

    user = account["user"]

    def uow() -> UnitOfWork:
        return UnitOfWork(url)

    _page_run_start(url, user)
    if name == "home":  # pages/landlord/home.py
        cases.show_today(uow(), user, page=1, page_size=10, today=TODAY)
    elif name == "payment":  # pages/landlord/payments.py: the run that saves, then the rerun
        tenancies.list_tenancy_choices(uow(), user)
        tenancies.record_payment(uow(), user, tenancy_id=account["tenancy_id"], paid_on=TODAY, amount="12,50",
                                 description=f"Bench {serial}", today=TODAY, submission_token=serial)
        _page_run_start(url, user)
        tenancies.list_tenancy_choices(uow(), user)
        tenancies.list_payments(uow(), user, tenancy_id=account["tenancy_id"], limit=50)
    elif name == "letter":  # pages/landlord/letters.py: "Brief maken" on one of the open cases
        case_ids = account["case_ids"]
        case_id = case_ids[hash(serial) % len(case_ids)]
        letters.letter_choices(uow(), user)
        letters.make_letter(uow(), user, case_id=case_id, template_name="reminder", values={}, today=TODAY)
        letters.case_documents(uow(), user, case_id=case_id)
        letters.cases_without_reminder(uow(), user)
    elif name == "inbox":  # pages/liaison/inbox.py
        signals.list_colleagues(uow(), user)
        signals.list_inbox(uow(), user, page_size=25, today=TODAY)
    elif name == "feedback":  # pages/liaison/signal.py: the answer saved, then the rerun shows it
        signal_id = account["signal_ids"][hash(serial) % len(account["signal_ids"])]
        signals.view_signal(uow(), user, signal_id=signal_id, today=TODAY)
        signals.list_colleagues(uow(), user)
        signals.record_feedback(uow(), user, signal_id=signal_id, on_date=TODAY, outcome="no_contact",
                                help_accepted=False, liaison_note=f"Bench {serial}: gebeld, geen gehoor",
                                today=TODAY)
        _page_run_start(url, user)
        signals.view_signal(uow(), user, signal_id=signal_id, today=TODAY)
    else:  # pragma: no cover - a typo in ACTIONS
        raise ValueError(name)


def _run_users(url: str, accounts: list[dict], seconds: float, think: float, max_actions: int, tag: str) -> dict:
    """One thread per user until the deadline; every action timed, every exception counted as an error."""
    samples: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()
    ready = threading.Barrier(len(accounts) + 1)
    deadline = [0.0]

    def work(index: int, account: dict) -> None:
        cycle = ACTIONS[account["kind"]]
        ready.wait()
        n = 0
        while time.monotonic() < deadline[0] and n < max_actions:
            name = cycle[(n + index) % len(cycle)]
            serial = f"{tag}-{index}-{n}"
            started = time.perf_counter()
            try:
                _action(url, account, name, serial)
                with lock:
                    samples[name].append(time.perf_counter() - started)
            except Exception as error:  # noqa: BLE001 - counted: this is what a user would see
                with lock:
                    errors[f"{name}: {type(error).__name__}: {str(error).splitlines()[0][:160]}"] += 1
            n += 1
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=work, args=(i, a), daemon=True) for i, a in enumerate(accounts)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=seconds + 120)  # an action in flight at the deadline finishes; a hung one is reported
    hung = sum(thread.is_alive() for thread in threads)
    if hung:
        errors[f"{hung} user thread(s) still busy 120 s after the deadline"] += hung
    return {"elapsed": time.perf_counter() - started, "samples": dict(samples), "errors": dict(errors)}


def _worker(spec_path: str) -> None:
    """A second process (a replica): its share of the users, the result as one JSON line."""
    spec = json.loads(Path(spec_path).read_text())
    accounts = _accounts(spec["url"], spec["landlords"], spec["liaisons"])
    mine = accounts[spec["index"]::spec["processes"]]
    result = _run_users(spec["url"], mine, spec["seconds"], spec["think"], spec["max_actions"], f"p{spec['index']}")
    print(json.dumps(result), flush=True)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _report(result: dict, config: dict, landlords: int, liaisons: int) -> None:
    total = sum(len(v) for v in result["samples"].values())
    for name in ("home", "payment", "letter", "inbox", "feedback"):
        values = result["samples"].get(name, [])
        if values:
            emit(f"load_{name}_p95", _percentile(values, 0.95), "s", p50=round(statistics.median(values), 4),
                 max=round(max(values), 4), count=len(values), per_second=round(len(values) / result["elapsed"], 2))
    errors = sum(result["errors"].values())
    emit("load_throughput", total / result["elapsed"], "actions/s", users=config["users"], landlords=landlords,
         liaisons=liaisons, processes=config["processes"], seconds=round(result["elapsed"], 1), actions=total,
         errors=errors, messages=dict(collections.Counter(result["errors"]).most_common(5)),
         think_seconds=config["think"], cpu_cores=os.cpu_count(), target="0 errors")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        _worker(sys.argv[2])
        return
    config = _settings()
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        emit("load_throughput", 0, "skipped", reason="set BENCH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)")
        return
    base = normalise_database_url(base)
    if not base.startswith("postgresql") or (urlsplit(base).hostname or "") not in LOOPBACK:
        emit("load_throughput", 0, "skipped", reason="the load bench runs on a PostgreSQL on this machine only")
        return
    landlords, liaisons = _split(config["users"])
    url, drop = _database(base, landlords, liaisons)
    try:
        if config["processes"] == 1:
            result = _run_users(url, _accounts(url, landlords, liaisons), config["seconds"], config["think"],
                                config["max_actions"], "t")
        else:
            result = _in_processes(url, config, landlords, liaisons)
        _report(result, config, landlords, liaisons)
    finally:
        drop()


def _in_processes(url: str, config: dict, landlords: int, liaisons: int) -> dict:
    import tempfile

    from store.engine import forget_engine

    forget_engine(url)
    with tempfile.TemporaryDirectory() as folder:
        workers = []
        for index in range(config["processes"]):
            spec = Path(folder) / f"worker{index}.json"
            spec.write_text(json.dumps({"url": url, "landlords": landlords, "liaisons": liaisons, "index": index,
                                        "processes": config["processes"], "seconds": config["seconds"],
                                        "think": config["think"], "max_actions": config["max_actions"]}))
            workers.append(subprocess.Popen([sys.executable, __file__, "--worker", str(spec)], stdout=subprocess.PIPE,
                                            text=True))
        results = []
        for worker in workers:
            out, _ = worker.communicate(timeout=config["seconds"] + 600)
            results.append(json.loads(out.strip().splitlines()[-1]))
    samples: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter[str] = collections.Counter()
    for r in results:
        for name, values in r["samples"].items():
            samples[name].extend(values)
        errors.update(r["errors"])
    return {"elapsed": max(r["elapsed"] for r in results), "samples": dict(samples), "errors": dict(errors)}


if __name__ == "__main__":
    main()
