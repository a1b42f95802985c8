"""The process executor: workers read one document after another, and a document that fails
costs no other document, whichever worker it shared."""

from __future__ import annotations

import os
import signal

import pytest

from council_plans.executors import Task, run_process
from kernel.errors import PlansError


def _pid(_: int) -> int:
    return os.getpid()


def _crash_on(bad: int):
    def run(index: int) -> int:
        if index == bad:
            os.kill(os.getpid(), signal.SIGSEGV)
        return os.getpid()
    return run


@pytest.fixture
def deadline():
    """A hung executor fails the test instead of hanging the suite."""
    def hung(signum, frame):
        raise TimeoutError("run_process did not finish")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_two_workers_read_many_documents_and_all_end(deadline):
    tasks = [Task(name=f"d{i}.pdf", size=i, fn=_pid, args=(i,)) for i in range(12)]
    results = dict((t.name, r) for t, r in run_process(tasks, 2, timeout=30))
    assert sorted(results) == sorted(t.name for t in tasks)
    pids = set(results.values())
    assert os.getpid() not in pids and len(pids) <= 2  # reused, not one process a document
    for pid in pids:  # every worker has ended and been collected
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_crash_costs_only_its_own_document_and_its_worker(deadline):
    run = _crash_on(3)
    tasks = [Task(name=f"d{i}.pdf", size=10 - i, fn=run, args=(i,)) for i in range(8)]
    results = {t.name: r for t, r in run_process(tasks, 2, timeout=30)}
    assert isinstance(results["d3.pdf"], PlansError) and results["d3.pdf"].code == "E014"
    assert "SIGSEGV" in results["d3.pdf"].message
    assert all(isinstance(r, int) for name, r in results.items() if name != "d3.pdf")
    assert len(results) == 8


def test_a_document_over_its_timeout_is_stopped_and_the_rest_still_run(deadline):
    import time

    def slow_second(index: int) -> int:
        if index == 1:
            time.sleep(30)
        return index

    tasks = [Task(name=f"d{i}.pdf", size=10 - i, fn=slow_second, args=(i,)) for i in range(5)]
    results = {t.name: r for t, r in run_process(tasks, 1, timeout=1.0)}
    assert results["d1.pdf"].code == "E009"
    assert [results[f"d{i}.pdf"] for i in (0, 2, 3, 4)] == [0, 2, 3, 4]
