"""A sandbox worker ends after MAX_TASKS tasks: it must not be kept warm after its last one, or the next letter sent
to it fails ("het sjabloon liet het invulprogramma vastlopen"); seen in bulk reminders past 500 letters."""

from __future__ import annotations

import os

from naarnul.documents import sandbox


def test_a_worker_is_not_kept_after_its_last_task(monkeypatch):
    sandbox.stop_workers()
    monkeypatch.setattr(sandbox, "MAX_TASKS", 2)
    try:
        first = sandbox.run_limited(os.getpid)
        assert sandbox.run_limited(os.getpid) == first  # warm for its second task
        assert sandbox._idle == []  # its last one: stopped, not given back
        pids = [sandbox.run_limited(os.getpid) for _ in range(5)]
        assert first not in pids and len(set(pids)) == 3  # a fresh worker every two tasks, none failed
    finally:
        sandbox.stop_workers()
