"""Where the per-document stage runs: forked worker processes here, or a Dask cluster.

Both executors take the same tasks (one per document) and report, for each, either its
records or the :class:`~kernel.errors.PlansError` that explains why there are none:

* **process** (the default): each document is read in a process forked for it, at most
  ``jobs`` at a time. A process per document (not a long-lived pool) gives the guarantees a
  corpus of hostile files needs, for the price of a fork (a few ms against seconds of
  parsing): a document that runs past ``timeout`` is killed (E009), one that crashes its
  PDF library (a segfault, the kernel's out-of-memory killer) is reported (E014) and costs
  no other document, and the memory of each document is returned when its process exits.
  Each worker may grow by at most ``max_memory`` bytes of address space beyond what it was
  forked with (``RLIMIT_AS``; Linux): a decompression bomb then fails its allocation and the
  document is reported as out of memory (E016) instead of taking the machine's memory.
  Workers die with the build: an interrupted build kills them before it returns, and on
  Linux they are killed by the kernel if the build itself is killed (``PR_SET_PDEATHSIG``).
* **dask**: each document is a task on a ``dask.distributed`` cluster — a LocalCluster with
  ``jobs`` single-threaded workers by default, or the scheduler at ``tcp://…``. Inside a
  worker the task runs exactly as above (forked, with the same timeout), so a bad file
  cannot kill a Dask worker either.

Tasks are started largest file first: big documents dominate the wall time, and starting
them early keeps every worker busy to the end.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import pickle
import select
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kernel.errors import PlansError

EXECUTORS = ("process", "dask")
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
# Longest wait for a worker before checking for signals again. A signal can be delivered to
# any thread (numpy's BLAS starts one at import), and then only interrupts the main thread
# the next time it runs Python code.
POLL = 0.25
# A worker killed by a signal after taking at least this share of --max-memory (resident) is
# reported as out of memory (E016) rather than as a crash (E014).
MEMORY_SHARE = 0.25


class BuildInterrupted(KeyboardInterrupt):
    """SIGTERM (or Ctrl-C) during a build: workers are stopped, the database is untouched."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# The stop signal received during this build, if any. The signal handler raises at once, but a
# Python exception raised where Python cannot pass it on is lost: in a fork hook (logging's, run
# by os.fork() in the parent when a signal lands on another thread while the main thread holds
# it blocked), a __del__ or a garbage-collector callback. The loops that wait on workers check
# this too, so a lost exception costs a quarter of a second, never the stop.
_stopped: list[int] = []


def stop_requested(signum: int) -> None:
    """Record a stop signal and raise :class:`BuildInterrupted` (the build's signal handler)."""
    _stopped.append(signum)
    raise BuildInterrupted(signum)


def check_stop() -> None:
    """Raise :class:`BuildInterrupted` if a stop signal came and its exception was lost."""
    if _stopped:
        raise BuildInterrupted(_stopped[-1])


def reset_stop() -> None:
    _stopped.clear()


@dataclass
class Task:
    """One document to read: ``fn(*args)`` returns its records."""

    name: str  # file name, for errors and progress
    size: int  # bytes, for ordering
    fn: Callable[..., Any]
    args: tuple
    # Run once in a worker before its first fork, so that what fn loads lazily (rule packs,
    # spaCy pipelines) is loaded once per worker rather than once per document.
    warm_up: Callable[[], None] | None = None
    peak_rss_kb: int = 0  # of the process that ran it (process executor), for the benchmark
    cpu_seconds: float = 0.0  # user + system time of that process


def run_process(tasks: list[Task], jobs: int, timeout: float | None, max_memory: int | None = None
                ) -> Iterator[tuple[Task, Any]]:
    """Run tasks in forked processes, ``jobs`` at a time; yield (task, result or PlansError).
    ``max_memory``: bytes each process may take beyond what it is forked with."""
    if not hasattr(os, "fork"):  # Windows: no isolation, no timeout
        for task in tasks:
            yield task, _call(task)
        return
    pending = deque(sorted(tasks, key=lambda t: -t.size))
    running: dict[int, _Child] = {}
    try:
        while pending or running:
            check_stop()
            while pending and len(running) < jobs:
                child = _Child.start(pending.popleft(), timeout, max_memory)
                running[child.fd] = child
                check_stop()  # a signal handled inside fork() raised where it was lost
            now = time.monotonic()
            wait = min([c.deadline - now for c in running.values() if c.deadline] + [POLL])
            ready, _, _ = select.select(list(running), [], [], max(wait, 0))
            for fd in ready:
                child = running[fd]
                if child.read():
                    del running[fd]
                    yield child.task, child.result()
            now = time.monotonic()
            for fd, child in list(running.items()):
                if child.deadline and now >= child.deadline:
                    del running[fd]
                    child.kill()
                    yield child.task, PlansError("E009", f"stopped after {timeout:g} s", file=child.task.name)
    finally:
        for child in running.values():  # interrupted: leave nothing behind
            child.kill()


def run_isolated(task: Task, timeout: float | None, max_memory: int | None = None) -> Any:
    """One task in its own forked process (used inside Dask workers)."""
    if task.warm_up is not None:
        task.warm_up()  # loads once in this worker; later calls find everything loaded
    for _, result in run_process([task], 1, timeout, max_memory):
        return result
    raise RuntimeError("no result")  # pragma: no cover


class _Child:
    """A forked process running one task and writing its pickled result to a pipe."""

    def __init__(self, task: Task, pid: int, fd: int, deadline: float | None, max_memory: int | None) -> None:
        self.task, self.pid, self.fd, self.deadline, self.max_memory = task, pid, fd, deadline, max_memory
        self.chunks: list[bytes] = []
        self.status: int | None = None

    @classmethod
    def start(cls, task: Task, timeout: float | None, max_memory: int | None = None) -> _Child:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # A signal handled during fork() would run inside the fork hooks, where exceptions are
        # swallowed (and Ctrl-C lost): hold SIGINT and SIGTERM until fork() has returned.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:  # the child: run the task, write the result, exit without cleanup
            code = 0
            try:
                os.close(read_fd)
                _child_setup(max_memory)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                try:
                    payload = pickle.dumps(("ok", task.fn(*task.args)), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # report, never raise: the parent decides
                    payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                view = memoryview(payload)
                while view:
                    view = view[os.write(write_fd, view):]
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a pending Ctrl-C is raised here, safely
        os.close(write_fd)
        return cls(task, pid, read_fd, time.monotonic() + timeout if timeout else None, max_memory)

    def read(self) -> bool:
        """Read what is available; True once the child has closed its end (finished or died)."""
        data = os.read(self.fd, 1 << 20)
        if data:
            self.chunks.append(data)
            return False
        os.close(self.fd)
        _, self.status, usage = os.wait4(self.pid, 0)
        self.task.peak_rss_kb = usage.ru_maxrss
        self.task.cpu_seconds = usage.ru_utime + usage.ru_stime
        return True

    def result(self) -> Any:
        try:
            outcome = pickle.loads(b"".join(self.chunks))
        except Exception:
            if self._over_memory():
                return PlansError("E016", f"{_how_it_died(self.status)} after taking {self.task.peak_rss_kb // 1024:,} MB; "
                                          f"the limit is --max-memory {_mb(self.max_memory)}", file=self.task.name)
            return PlansError("E014", _how_it_died(self.status), file=self.task.name)
        if outcome[0] == "ok":
            return outcome[1]
        if outcome[1].startswith("MemoryError"):
            return PlansError("E016", f"{outcome[1]}; the limit is --max-memory {_mb(self.max_memory)}",
                              file=self.task.name)
        return PlansError("E014", f"{outcome[1]}", file=self.task.name)

    def _over_memory(self) -> bool:
        """Killed by a signal after taking a good share of its memory limit: a C library
        (pdfium) aborts when an allocation fails, where Python would raise MemoryError. The
        share is of resident memory, which stays well under the address space the limit
        counts: a buffer that doubles from 1 GB needs 3 GB of addresses, and pdfium's allocator
        reserves more than it touches (a 1 MB bomb died at 1.17 GB resident under 2 GB)."""
        if not self.max_memory or self.status is None or not os.WIFSIGNALED(self.status):
            return False
        crashed = os.WTERMSIG(self.status) in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL,
                                               signal.SIGTRAP, signal.SIGKILL)
        return crashed and self.task.peak_rss_kb * 1024 >= MEMORY_SHARE * self.max_memory

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        try:
            os.close(self.fd)
        except OSError:
            pass


def _child_setup(max_memory: int | None = None) -> None:
    # Ctrl-C and SIGTERM end a worker at once (the parent reports and cleans up), and a
    # worker dies with its parent even when the parent is killed with SIGKILL.
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread (forked from a Dask worker's thread)
        pass
    faulthandler.disable()  # a crash is reported as E014, not as a C stack dump on the terminal
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
    if max_memory:
        _limit_memory(max_memory)


def _limit_memory(extra: int) -> None:
    """Let this process's address space grow by ``extra`` bytes beyond its size now (what
    it shares with the parent: Python, spaCy, the PDF library). RLIMIT_AS counts mappings,
    not pages touched, so the limit is on growth, whatever the parent's size."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # not Linux: no limit
        pass


def _mb(size: int | None) -> str:
    return f"{size // (1 << 20):,} MB" if size else "off"


def _how_it_died(status: int | None) -> str:
    if status is None:
        return "worker ended without a result"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return f"worker killed by {name}"
    return f"worker exited with status {os.WEXITSTATUS(status)} without a result"


def _call(task: Task) -> Any:
    try:
        return task.fn(*task.args)
    except Exception as exc:
        return PlansError("E014", f"{type(exc).__name__}: {exc}", file=task.name)


def run_dask(tasks: list[Task], jobs: int, timeout: float | None, scheduler: str | None = None,
             max_memory: int | None = None) -> Iterator[tuple[Task, Any]]:
    """Run tasks on a Dask cluster (a LocalCluster of ``jobs`` workers unless ``scheduler``)."""
    import logging

    from dask.distributed import Client, LocalCluster, wait

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    client = Client(scheduler or cluster, timeout="30s")
    try:
        ordered = sorted(tasks, key=lambda t: -t.size)
        futures = {client.submit(run_isolated, task, timeout, max_memory, pure=False, key=f"document-{i}-{task.name}"): task
                   for i, task in enumerate(ordered)}
        pending = set(futures)
        while pending:
            check_stop()
            try:  # in short waits, so that Ctrl-C and SIGTERM are handled promptly
                done, pending = wait(pending, timeout=POLL, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for future in done:
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as exc:  # the worker itself was lost: nothing to say of the file
                    lost = PlansError("E014", f"dask: {type(exc).__name__}: {exc}", file=task.name)
                    lost.retry = True  # type: ignore[attr-defined]  # not cached: the next build tries again
                    yield task, lost
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
