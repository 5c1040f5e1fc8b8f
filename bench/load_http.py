"""HTTP to a real server process on 127.0.0.1 (urllib: no redirects followed, cookies kept, CSRF token read).

Used by the load run (bench/load.py) and by the tests that start real processes (tests/webapp/test_worker.py).
"""
from __future__ import annotations

import http.cookiejar
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class LiveClient:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: dict | None = None, timeout: float = 30) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def post(self, path: str, data: dict, *, token_from: str | None = None, **kwargs) -> Response:
        """POST with the CSRF token of the page `token_from` (default: the same path)."""
        return self.request(path, {**data, "csrf_token": csrf_token(self.get(token_from or path).text)}, **kwargs)

    def login(self, email: str, password: str) -> None:
        response = self.post("/inloggen", {"email": email, "password": password})
        assert response.status == 302, response.text[:500]
