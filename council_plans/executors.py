"""Where the per-document stage runs: forked worker processes here, or a Dask cluster.

Both executors take the same tasks (one per document) and report, for each, either its
records or the :class:`~kernel.errors.PlansError` that explains why there are none:

* **process** (the default): documents are read in forked worker processes, at most
  ``jobs`` at a time, one document after another in each worker (:class:`_Worker`). The
  guarantees a corpus of hostile files needs hold per document: one that runs past
  ``timeout`` is killed with its worker (E009); one that crashes its PDF library (a
  segfault, the kernel's out-of-memory killer) is reported (E014) and costs no other
  document; each may grow its worker by at most ``max_memory`` bytes of address space
  (``RLIMIT_AS``, reset before each document; Linux): a decompression bomb then fails its
  allocation and is reported as out of memory (E016) instead of taking the machine's
  memory. A worker ends after any failure and once it has grown by ``RECYCLE_GROWTH``, and a
  fresh one is forked in its place, so the memory of a large document is returned.
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
import struct
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
    """Run tasks in forked worker processes, ``jobs`` at a time; yield (task, result or
    PlansError). A worker reads one document after another until one fails, times out or
    leaves it more than ``RECYCLE_GROWTH`` bytes bigger than it was forked; then it ends and
    a fresh one takes its place. ``max_memory``: bytes each document may add to its worker."""
    if not hasattr(os, "fork"):  # Windows: no isolation, no timeout
        for task in tasks:
            yield task, _call(task)
        return
    pending = deque(sorted(range(len(tasks)), key=lambda i: -tasks[i].size))
    workers: dict[int, _Worker] = {}  # by the fd of their results pipe
    try:
        while pending or any(w.task is not None for w in workers.values()):
            check_stop()
            for worker in [w for w in workers.values() if w.task is None and not w.ending]:
                if not pending:
                    break
                if not worker.assign(pending[0], tasks[pending[0]], timeout):
                    del workers[worker.fd]  # it ended between two documents
                    worker.reap()
                    continue
                pending.popleft()
            while pending and len(workers) < jobs:
                worker = _Worker.start(tasks, max_memory, [fd for w in workers.values() for fd in (w.fd, w.cmd_fd)])
                workers[worker.fd] = worker
                check_stop()  # a signal handled inside fork() raised where it was lost
                if worker.assign(pending[0], tasks[pending[0]], timeout):
                    pending.popleft()
            now = time.monotonic()
            wait = min([w.deadline - now for w in workers.values() if w.deadline] + [POLL])
            ready, _, _ = select.select(list(workers), [], [], max(wait, 0))
            for fd in ready:
                worker = workers[fd]
                for task, result in worker.read():
                    yield task, result
                if worker.ended:
                    del workers[fd]
            now = time.monotonic()
            for fd, worker in list(workers.items()):
                if worker.task is not None and worker.deadline and now >= worker.deadline:
                    del workers[fd]
                    task = worker.task
                    worker.kill()
                    yield task, PlansError("E009", f"stopped after {timeout:g} s", file=task.name)
    finally:
        for worker in workers.values():
            if worker.task is None:
                worker.close()  # idle: it ends when its command pipe closes
            else:
                worker.kill()  # interrupted: leave nothing behind


def run_isolated(task: Task, timeout: float | None, max_memory: int | None = None) -> Any:
    """One task in its own forked process (used inside Dask workers)."""
    if task.warm_up is not None:
        task.warm_up()  # loads once in this worker; later calls find everything loaded
    for _, result in run_process([task], 1, timeout, max_memory):
        return result
    raise RuntimeError("no result")  # pragma: no cover


# A worker ends after a document that left it this much bigger (resident) than it was forked,
# so that a large document's memory goes back to the system rather than staying with a worker
# that reads small ones. Most documents add a few MB; the corpus's largest about 200 MB.
RECYCLE_GROWTH = 96 << 20
# What a worker writes before each result: payload length, CPU seconds of the document, the
# worker's peak resident size in kB, and whether it ends after this one.
_HEADER = struct.Struct("<Qdq?")


class _Worker:
    """A forked process that reads the index of a task from one pipe, runs it and writes the
    pickled result to another, one task after another.

    A process per document gave every guarantee below for the price of a fork per document,
    which on small PDFs cost as much as reading them (page tables of a parent of some 300 MB,
    and the copy-on-write faults that follow: 8 of 33 s of CPU over 130 one-page PDFs). A worker
    reused from one document to the next keeps them: a document that runs past its timeout is
    killed with its worker (E009); one that crashes its PDF library (a segfault, the kernel's
    out-of-memory killer) takes only its worker with it (E014); each document may grow its
    worker by ``max_memory`` bytes of address space, counted from where it starts (E016); and a
    worker ends after any failure or when it has grown by ``RECYCLE_GROWTH``, so that what a
    failure or a large document leaves behind goes with it. Documents' records do not depend on
    which worker read them or after what: the rules keep no state from one document to the next
    (a build in one process gives the same database)."""

    def __init__(self, pid: int, cmd_fd: int, fd: int, max_memory: int | None) -> None:
        self.pid, self.cmd_fd, self.fd, self.max_memory = pid, cmd_fd, fd, max_memory
        self.task: Task | None = None
        self.deadline: float | None = None
        self.buffer = bytearray()
        self.ended = False
        self.ending = False  # it said it ends after its last result: nothing more is handed to it
        self.cpu_reported = 0.0
        self.last: Task | None = None  # the task finished last, charged with the worker's own CPU

    @classmethod
    def start(cls, tasks: list[Task], max_memory: int | None = None, others: tuple[int, ...] | list[int] = ()) -> _Worker:
        """Fork a worker. ``others``: the parent's ends of the other workers' pipes, closed in
        the child (a copy held open there would keep a worker from seeing its command pipe close)."""
        cmd_read, cmd_write = os.pipe()
        res_read, res_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # A signal handled during fork() would run inside the fork hooks, where exceptions are
        # swallowed (and Ctrl-C lost): hold SIGINT and SIGTERM until fork() has returned.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:  # the child: serve tasks until told to stop, exit without cleanup
            code = 0
            try:
                for fd in (cmd_write, res_read, *others):
                    os.close(fd)
                _child_setup(None)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                _serve(tasks, cmd_read, res_write, max_memory)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a pending Ctrl-C is raised here, safely
        os.close(cmd_read)
        os.close(res_write)
        return cls(pid, cmd_write, res_read, max_memory)

    def assign(self, index: int, task: Task, timeout: float | None) -> bool:
        """Hand the worker a task; False if it has ended (nothing was handed)."""
        try:
            os.write(self.cmd_fd, struct.pack("<I", index))
        except (BrokenPipeError, OSError):
            return False
        self.task = task
        self.deadline = time.monotonic() + timeout if timeout else None
        return True

    def read(self) -> list[tuple[Task, Any]]:
        """Read what is available: the tasks it finished, and the one it died on if it died."""
        data = os.read(self.fd, 1 << 20)
        done: list[tuple[Task, Any]] = []
        if data:
            self.buffer += data
            while len(self.buffer) >= _HEADER.size and self.task is not None:
                size, cpu, peak_kb, ending = _HEADER.unpack_from(self.buffer)
                if len(self.buffer) < _HEADER.size + size:
                    break
                payload = bytes(self.buffer[_HEADER.size:_HEADER.size + size])
                del self.buffer[:_HEADER.size + size]
                task, self.task, self.deadline, self.last = self.task, None, None, self.task
                task.cpu_seconds, task.peak_rss_kb = cpu, peak_kb
                self.cpu_reported += cpu
                self.ending = ending
                done.append((task, self._outcome(payload, task, None)))
            return done
        self.reap()
        if self.task is not None:  # it died reading this one
            task, self.task = self.task, None
            done.append((task, self._outcome(None, task, self.status)))
        return done

    def reap(self) -> None:
        """Close its pipes and collect its exit status; its CPU beyond what its tasks reported
        (the fork, the exit) is charged to the last task it ran."""
        for fd in (self.fd, self.cmd_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            _, self.status, usage = os.wait4(self.pid, 0)
        except ChildProcessError:
            self.status, usage = None, None
        self.ended = True
        if usage is not None:
            charged = self.task or self.last
            if charged is not None:
                charged.cpu_seconds += max(0.0, usage.ru_utime + usage.ru_stime - self.cpu_reported)
                charged.peak_rss_kb = max(charged.peak_rss_kb, usage.ru_maxrss if self.task else 0)

    status: int | None = None

    def _outcome(self, payload: bytes | None, task: Task, status: int | None) -> Any:
        try:
            if payload is None:
                raise ValueError("no result")
            outcome = pickle.loads(payload)
        except Exception:
            if self._over_memory(task, status):
                return PlansError("E016", f"{_how_it_died(status)} after taking {task.peak_rss_kb // 1024:,} MB; "
                                          f"the limit is --max-memory {_mb(self.max_memory)}", file=task.name)
            return PlansError("E014", _how_it_died(status), file=task.name)
        if outcome[0] == "ok":
            return outcome[1]
        if outcome[1].startswith("MemoryError"):
            return PlansError("E016", f"{outcome[1]}; the limit is --max-memory {_mb(self.max_memory)}",
                              file=task.name)
        return PlansError("E014", f"{outcome[1]}", file=task.name)

    def _over_memory(self, task: Task, status: int | None) -> bool:
        """Killed by a signal after taking a good share of its memory limit: a C library
        (pdfium) aborts when an allocation fails, where Python would raise MemoryError. The
        share is of resident memory, which stays well under the address space the limit
        counts: a buffer that doubles from 1 GB needs 3 GB of addresses, and pdfium's allocator
        reserves more than it touches (a 1 MB bomb died at 1.17 GB resident under 2 GB)."""
        if not self.max_memory or status is None or not os.WIFSIGNALED(status):
            return False
        crashed = os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL,
                                          signal.SIGTRAP, signal.SIGKILL)
        return crashed and task.peak_rss_kb * 1024 >= MEMORY_SHARE * self.max_memory

    def close(self) -> None:
        """Let an idle worker end (its command pipe closes) and collect it."""
        self.reap()

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.reap()


def _serve(tasks: list[Task], cmd_fd: int, res_fd: int, max_memory: int | None) -> None:
    """The worker's loop: run the tasks it is sent until its command pipe closes, or until a
    task fails or leaves it ``RECYCLE_GROWTH`` bigger than it started."""
    import resource

    start = _resident()
    while True:
        raw = _read_exactly(cmd_fd, 4)
        if raw is None:
            return
        task = tasks[struct.unpack("<I", raw)[0]]
        if max_memory:
            _limit_memory(max_memory)  # growth counted from here: earlier documents do not count
        before = os.times()
        failed = False
        try:
            payload = pickle.dumps(("ok", task.fn(*task.args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # report, never raise: the parent decides
            failed = True
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        after = os.times()
        cpu = after.user - before.user + after.system - before.system
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ending = failed or _resident() - start > RECYCLE_GROWTH
        view = memoryview(_HEADER.pack(len(payload), cpu, peak_kb, ending) + payload)
        while view:
            view = view[os.write(res_fd, view):]
        if ending:
            return


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _resident() -> int:
    """This process's resident size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


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
