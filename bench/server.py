"""gunicorn serving bench/served_app.py on a free port, and an HTTP client for it (http.client).

Used by bench/throughput.py and bench/download.py. gunicorn runs with the project's gunicorn.conf.py
(sync workers, 2 × cores + 1 of them), only `max_requests` off, so that no worker restarts (and
imports the app again) in the middle of a measurement.
"""
from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.load_http import LiveClient, free_port, wait_for_port
from webapp.config_check import web_workers

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "regioplan-bench"  # the session is bound to address and user agent (session_protection "strong")


@dataclass
class Server:
    port: int
    pid: int
    workers: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """The master and its workers."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [self.pid, *map(int, children)]


@contextmanager
def gunicorn(database_url: str, instance: Path, **env: str) -> Iterator[Server]:
    port = free_port()
    workers = web_workers(os.environ)
    env = {**os.environ, "REGIOPLAN_ENV": "development", "SECRET_KEY": "bench-server-secret",
           "DATABASE_URL": database_url, "REGIOPLAN_INSTANCE": str(instance),
           "QUEUE_URL": f"sqlite:///{instance / 'queue.sqlite'}", "WEB_CONCURRENCY": str(workers),
           "GUNICORN_BIND": f"127.0.0.1:{port}", **env}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--max-requests", "0",
                                "bench.served_app:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_port(port)
        yield Server(port, process.pid, workers)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def session_cookie(base: str, email: str, password: str) -> str:
    """Log in once; the Cookie header of that session."""
    client = LiveClient(base)
    client.opener.addheaders = [("User-Agent", USER_AGENT)]
    client.login(email, password)
    jar = next(h.cookiejar for h in client.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def get_request(path: str, cookie: str = "", **headers: str) -> tuple[str, dict[str, str]]:
    """A GET of `path` with the session cookie, as Connection.fetch sends it."""
    return path, {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {}), **headers}


class Connection:
    """One client connection (http.client): a request out, the whole answer in. It is kept where gunicorn
    keeps it (its sync workers close after each answer) and opened again when the server closed it."""

    def __init__(self, port: int):
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def close(self) -> None:
        self.http.close()

    def fetch(self, request: tuple[str, dict[str, str]]) -> tuple[int, int]:
        """The status and the body's length."""
        path, headers = request
        try:
            self.http.request("GET", path, headers=headers)
            response = self.http.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.http.close()  # the server dropped an idle kept connection: once more, on a new one
            self.http.request("GET", path, headers=headers)
            response = self.http.getresponse()
        return response.status, len(response.read())
