"""gunicorn serving bench/served_app.py on a free port, and a cheap HTTP/1.1 client for it.

Used by bench/throughput.py and bench/download.py. gunicorn runs with the project's gunicorn.conf.py
(sync workers, 2 × cores + 1 of them), only `max_requests` off, so that no worker restarts (and
imports the app again) in the middle of a measurement.
"""
from __future__ import annotations

import os
import signal
import socket
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


def get_request(path: str, cookie: str = "", **headers: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", f"User-Agent: {USER_AGENT}", "Connection: keep-alive"]
    lines += [f"Cookie: {cookie}"] * bool(cookie) + [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Connection:
    """One client connection: a request out, the whole answer in, reconnecting when the server closed.

    Plain sockets and a minimal HTTP/1.1 reader (Content-Length, or read to close), so that 32 of them
    cost the generator little; keep-alive is used where gunicorn offers it (its sync workers close).
    """

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.pending = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.pending = None, b""

    def fetch(self, request: bytes) -> tuple[int, int]:
        """The status and the body's length."""
        reused = self.sock is not None
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        buffer = bytearray(self.pending)
        while b"\r\n\r\n" not in buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                if reused and not buffer:  # the server closed an idle keep-alive connection: once more
                    self.close()
                    return self.fetch(request)
                raise ConnectionError("closed before the answer's headers")
            buffer += chunk
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(b": ", 1) for line in lines[1:] if b": " in line)
        closes = headers.get(b"connection") == b"close"
        body = bytearray(rest)
        if b"content-length" in headers:
            length = int(headers[b"content-length"])
            while len(body) < length:
                chunk = self.sock.recv(262144)
                if not chunk:
                    raise ConnectionError("closed in the middle of the body")
                body += chunk
            self.pending = bytes(body[length:])
        elif closes:
            while chunk := self.sock.recv(262144):
                body += chunk
            length = len(body)
        else:
            raise ConnectionError("an answer without Content-Length on a kept connection")
        if closes:
            self.close()
        return status, length
