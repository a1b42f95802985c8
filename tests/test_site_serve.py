"""`plans serve` runs the site in its own process and stops with it: after Ctrl-C (SIGINT) or
SIGTERM nothing is left holding the port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens on the port and a new server could bind it (as servers do, with
    SO_REUSEADDR: the closed connections of the test's own requests may linger in TIME_WAIT)."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_serve_stops_datasette_with_it(built_db, stop):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from council_plans.cli import cli; cli()", "serve", "--db", str(built_db),
         "--port", str(port), "--corpus", str(CORPUS)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/search?q=adoption", timeout=5) as response:
                    assert response.status == 200 and b"<mark>" in response.read()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the site did not come up"
                time.sleep(0.5)
        spawned = children(server.pid)
        server.send_signal(stop)
        assert server.wait(timeout=30) is not None
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert spawned == [], "serve started a child process that could outlive it"
    assert port_is_free(port)


def test_a_second_serve_on_a_busy_port_says_so(built_db):
    """A second `make serve` while one runs: one clear line and a non-zero exit, not a traceback."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-c", "from council_plans.cli import cli; cli()", "serve", "--db", str(built_db),
             "--port", str(port), "--corpus", str(CORPUS)],
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
