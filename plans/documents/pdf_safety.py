"""What keeps a PDF render safe: no fetching from outside, and no render that runs forever."""
from __future__ import annotations

import logging
import math
import multiprocessing
import re
import signal
import time

from plans.documents.fetcher import (  # noqa: F401 - the PDF code imports them from here
    ASSET_BASE,
    ASSET_DIR,
    LOGO_URL,
    BundledAssetFetcher,
    FetchRefused,
)

logger = logging.getLogger(__name__)


class RenderTimeout(Exception):
    """The render used more time than allowed; its process was killed."""


class RenderFailed(Exception):
    """The render process ended without a PDF."""


# Renders run in processes forked from a clean, single-threaded fork server that has WeasyPrint
# imported: starting one costs milliseconds, a runaway one is killed outright (not interrupted from
# inside), and each render has its own copy of the font and image caches.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["plans.documents.pdf_process"])


# A render starved of processor time (a busy machine, at its lower priority) may take this many times
# its processor-time limit on the clock; past that it is taken to hang without computing.
WALL_CLOCK_FACTOR = 4


def run_render(html: str, *, timeout_seconds: float, heartbeat=None, heartbeat_seconds: float = 5.0,
               uploads: dict | None = None) -> bytes:
    """Lay out `html` as a PDF in a child process of its own.

    The child is killed once it has used `timeout_seconds` of processor time (by the kernel: RLIMIT_CPU),
    or after WALL_CLOCK_FACTOR times that on the clock. `heartbeat` (optional) is called every
    `heartbeat_seconds` while it works, so a job can show that its worker is still alive. `uploads` are the
    validated files (the logo) the fetcher may serve from memory.
    """
    from plans.documents import pdf_process

    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=pdf_process.render_to_pipe, args=(html, send, math.ceil(timeout_seconds), uploads),
                             daemon=True)
    child.start()
    send.close()
    deadline = time.monotonic() + timeout_seconds * WALL_CLOCK_FACTOR
    try:
        while not receive.poll(max(min(heartbeat_seconds, deadline - time.monotonic()), 0)):
            if time.monotonic() >= deadline:
                child.kill()
                raise RenderTimeout(f"render stopped after {timeout_seconds * WALL_CLOCK_FACTOR:.0f} s")
            if heartbeat is not None:
                heartbeat()
        try:
            kind, value, refused = receive.recv()
        except EOFError:  # the child died: killed at its processor-time limit, or crashed
            child.join(5)
            if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise RenderTimeout(f"render stopped after {timeout_seconds} s of processor time") from None
            raise RenderFailed(f"render process ended with exit code {child.exitcode}") from None
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if refused:
        logger.warning("PDF render refused %d URL(s): %s", len(refused), refused[:5])
    if kind == "error":
        raise RenderFailed(value)
    return value


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
