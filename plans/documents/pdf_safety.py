"""What keeps a PDF render safe: no fetching from outside, and no render that runs forever."""
from __future__ import annotations

import ctypes
import re
import threading
from contextlib import contextmanager
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_BASE = "https://assets.regioplan.invalid/"  # never resolved: only mapped onto ASSET_DIR
ASSET_DIR = Path(__file__).resolve().parents[2] / "static" / "pdf"
MIME = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
        ".ttf": "font/ttf"}


class FetchRefused(ValueError):
    pass


LOGO_URL = ASSET_BASE + "uploaded/logo"  # the organisation's validated logo, served from memory


class BundledAssetFetcher(URLFetcher):
    """Serves files of static/pdf/ and refuses everything else: file://, http(s), data:, any host.

    `uploads` maps a URL under ASSET_BASE onto (bytes, content type) that were validated before (the logo).
    """

    def __init__(self, uploads: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []
        self.uploads = dict(uploads or {})

    def fetch(self, url, headers=None):
        if url in self.uploads:
            data, content_type = self.uploads[url]
            return URLFetcherResponse(url, data, {"Content-Type": content_type})
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"refused: {url[:200]}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": MIME[path.suffix]})

    @staticmethod
    def _local_path(url: str) -> Path | None:
        if not url.startswith(ASSET_BASE):
            return None
        relative = url[len(ASSET_BASE):].split("?")[0].split("#")[0]
        path = (ASSET_DIR / relative).resolve()
        if ASSET_DIR not in path.parents or not path.is_file() or path.suffix not in MIME:
            return None
        return path


class RenderTimeout(Exception):
    """The render took longer than allowed and was stopped."""


@contextmanager
def time_limit(seconds: float):
    """Raise RenderTimeout in this thread when the block runs longer than `seconds`.

    WeasyPrint spends its time in Python code, so an exception set asynchronously on the rendering
    thread (PyThreadState_SetAsyncExc) stops it at the next bytecode; this works in any thread, unlike
    SIGALRM, which only reaches the main thread.
    """
    thread_id = threading.get_ident()
    fired = threading.Event()

    def stop():
        fired.set()
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(RenderTimeout))

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    except RenderTimeout:
        raise RenderTimeout(f"render stopped after {seconds} s") from None
    finally:
        timer.cancel()
        if fired.is_set():
            # The exception may still be pending if the block ended just as the timer fired.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


LONG_RUN = re.compile(r"[^\s<>]{40,}")
TEXT_NODE = re.compile(r">([^<]+)<")
TOKEN = re.compile(r"&#?\w+;|[^&]")
ZWSP = "\u200b"


def soften_long_words(html: str) -> str:
    """Put a zero-width space every 30 characters into very long words of the text.

    A word of 100,000 characters without a break opportunity makes WeasyPrint's line breaking run for
    minutes; with invisible break opportunities it is laid out in moments. Entities stay whole.
    """
    def soften(run: re.Match) -> str:
        tokens = TOKEN.findall(run.group(0))
        return ZWSP.join("".join(tokens[i:i + 30]) for i in range(0, len(tokens), 30))

    return TEXT_NODE.sub(lambda node: ">" + LONG_RUN.sub(soften, node.group(1)) + "<", html)
