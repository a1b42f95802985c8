"""Benchmark: how fast the served site answers, page by page, at concurrency 4.

    .venv/bin/python bench/bench_site.py [--db plans.db] [--councils 10] [--requests 120] [--path /plans/decisions] [--json out.json]

Serves the database with ``plans serve`` in its own process on a free local port and asks for
each kind of page — the home page, a search, a meeting, a decision, a mission, an indicator,
the lineage picture, "About the data", a table page, a canned query, a PDF — ``--requests``
times from four threads at once (each with its own keep-alive connection), and prints p50, p95
and the largest time of each. Then the same on a larger database made from the first: every
council-specific row copied under ``--councils`` council names (new ids, the full-text indexes
rebuilt), the shape of a site serving many councils. The load average is printed beside the
figures: the client and the server share the machine.

Target (issue 22, README "Performance"; not asserted here, machines differ): the home page's
p95 at most 150 ms at concurrency 4 on the database of several councils.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PLANS = str(Path(sys.executable).with_name("plans"))
CONCURRENCY = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(db: Path, sql: str) -> str | None:
    row = sqlite3.connect(db).execute(sql).fetchone()
    return row[0] if row else None


def pages_of(db: Path) -> dict[str, str]:
    """The pages measured: one of each kind the site has, picked from the database."""
    pages = {"home": "/", "search": "/-/search?q=adoption", "lineage": "/-/lineage", "about": "/-/about",
             "table": "/plans/decisions", "canned query": "/plans/decisions_about?topic=business+plan"}
    for name, table, prefix in (("meeting", "meetings", "/-/meeting/"), ("decision", "decisions", "/-/decision/"),
                                ("mission", "missions", "/-/mission/"), ("indicator", "indicators", "/-/indicator/")):
        ident = one(db, f"select id from {table} order by rowid limit 1")
        if ident:
            pages[name] = prefix + quote(ident)
    file = one(db, "select file from documents order by pages limit 1")
    if file:
        pages["pdf"] = "/corpus/" + quote(file)
    return pages


def many_councils(source: Path, target: Path, councils: int) -> None:
    """A copy of ``source`` with every row that belongs to a document repeated under
    ``councils`` council names (ids and references suffixed, so no two councils share one)."""
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like '%_fts%' and name not like 'sqlite_%'")]
    for table in tables:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        if "document_id" not in columns and table != "documents":
            continue
        last = conn.execute(f"select max(rowid) from [{table}]").fetchone()[0] or 0
        for k in range(2, councils + 1):
            exprs = []
            for c in columns:
                if c == "id" or c.endswith("_id"):
                    exprs.append(f"case when [{c}] is null or [{c}] = '' then [{c}] else [{c}] || '-{k}' end")
                elif table == "documents" and c == "council":
                    exprs.append(f"'Council {k}'")
                else:
                    exprs.append(f"[{c}]")
            cols = ", ".join(f"[{c}]" for c in columns)
            conn.execute(f"insert into [{table}] ({cols}) select {', '.join(exprs)} from [{table}] "
                         f"where rowid <= {last}")
    for (fts,) in conn.execute("select name from sqlite_master where sql like 'CREATE VIRTUAL TABLE%fts5%'").fetchall():
        conn.execute(f"insert into [{fts}]([{fts}]) values ('rebuild')")
    conn.commit()
    conn.execute("vacuum")
    conn.close()


class Server:
    """``plans serve`` in its own process on a free port."""

    def __init__(self, db: Path, corpus: Path):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # read only if it fails to start: a pipe nobody reads would fill
        self.process = subprocess.Popen(
            [PLANS, "serve", "--db", str(db), "--port", str(self.port), "--corpus", str(corpus)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = get(self.connection(), "/robots.txt")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise SystemExit(f"plans serve did not start: {self.log.read().decode(errors='replace')}")
            time.sleep(0.3)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, len(response.read())


def measure(server: Server, path: str, requests: int) -> dict[str, float]:
    """Times of ``requests`` GETs of ``path`` from CONCURRENCY threads at once, in ms."""
    times: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    todo = iter(range(requests))

    def worker() -> None:
        conn = server.connection()
        get(conn, path)  # warm the connection (and the server's caches) first
        while True:
            with lock:
                if next(todo, None) is None:
                    break
            started = time.perf_counter()
            status, _ = get(conn, path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                statuses.add(status)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
            "max": times[-1], "status": ",".join(str(s) for s in sorted(statuses))}


def bench(db: Path, corpus: Path, requests: int, label: str, paths: list[str] | None = None) -> dict[str, dict[str, float]]:
    pages = {p: p for p in paths} if paths else pages_of(db)
    server = Server(db, corpus)
    try:
        results = {}
        for name, path in pages.items():
            results[name] = measure(server, path, requests)
    finally:
        server.stop()
    tables = one(db, "select count(*) from sqlite_master where type = 'table'")
    councils = one(db, "select count(distinct council) from documents")
    rows = sum(r[0] for r in sqlite3.connect(db).execute(
        "select (select count(*) from decisions) union all select (select count(*) from indicator_values) "
        "union all select (select count(*) from pages)"))
    print(f"\n{label}: {db.stat().st_size / 1e6:.1f} MB, {tables} tables, {councils} council(s), "
          f"{rows:,} decisions + indicator values + pages; {requests} requests a page, {CONCURRENCY} at once; "
          f"load average {os.getloadavg()[0]:.1f}")
    width = max(14, *(len(n) for n in results))
    print(f"{'page':<{width}} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  status")
    for name, r in results.items():
        print(f"{name:<{width}} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f}  {r['status']}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "plans.db", help="database built from the corpus")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--councils", type=int, default=10, help="councils in the larger database")
    parser.add_argument("--requests", type=int, default=120, help="requests per page")
    parser.add_argument("--path", action="append", help="measure only this address (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: build it first (make build, or plans build --db {args.db})")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    out = {"corpus": bench(args.db, args.corpus, args.requests, "corpus database", args.path)}
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "plans.db"  # the name old servers assumed, so that figures compare
        started = time.perf_counter()
        many_councils(args.db, big, args.councils)
        print(f"\n(made the {args.councils}-council database in {time.perf_counter() - started:.1f} s)")
        out["councils"] = bench(big, args.corpus, args.requests, f"{args.councils}-council database", args.path)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
