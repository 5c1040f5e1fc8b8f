"""What keeps a PDF render safe: no fetching from outside, and no render that runs forever."""
from __future__ import annotations

import logging
import math
import multiprocessing
import re
import signal
import threading
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


# Renders run in a process forked from a clean, single-threaded fork server that has WeasyPrint
# imported: starting one costs milliseconds, and a runaway one is killed outright (not interrupted from
# inside). Each thread that renders (a worker thread of the job queue) has its own render process, which
# lives across renders and keeps the laid-out chapters of recent documents (pdf_process.serve).
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["plans.documents.pdf_process"])
_LOCAL = threading.local()


# A render starved of processor time (a busy machine, at its lower priority) may take this many times
# its processor-time limit on the clock; past that it is taken to hang without computing.
WALL_CLOCK_FACTOR = 4


def _render_process():
    """This thread's render process and the parent's end of its pipe, started when there is none."""
    current = getattr(_LOCAL, "renderer", None)
    if current is not None and current[0].is_alive():
        return current
    from plans.documents import pdf_process

    ours, theirs = _CONTEXT.Pipe()
    child = _CONTEXT.Process(target=pdf_process.serve, args=(theirs,), daemon=True)
    child.start()
    theirs.close()
    _LOCAL.renderer = (child, ours)
    return _LOCAL.renderer


def stop_render_process() -> None:
    """End this thread's render process (with its kept layouts); the next render starts a new one."""
    current = getattr(_LOCAL, "renderer", None)
    _LOCAL.renderer, _LOCAL.renders = None, 0
    if current is not None:
        child, connection = current
        connection.close()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()


def _kill(child) -> None:
    _LOCAL.renderer, _LOCAL.renders = None, 0
    child.kill()
    child.join()


def run_render(html: str, *, timeout_seconds: float, heartbeat=None, heartbeat_seconds: float = 5.0,
               uploads: dict | None = None, document: str | None = None) -> bytes:
    """Lay out `html` as a PDF in the render process.

    The process is killed once the render has used `timeout_seconds` of processor time (by the kernel:
    RLIMIT_CPU), or after WALL_CLOCK_FACTOR times that on the clock. `heartbeat` (optional) is called every
    `heartbeat_seconds` while it works, so a job can show that its worker is still alive. `uploads` are the
    validated files (the logo) the fetcher may serve from memory. `document` names what the HTML shows
    (a plan): the chapters that did not change since its last render are not laid out again.
    """
    from plans.documents import pdf_process

    child, connection = _render_process()
    try:
        connection.send((html, math.ceil(timeout_seconds), uploads, document))
    except OSError:  # it died since its last render (killed from outside): start a new one
        _kill(child)
        child, connection = _render_process()
        connection.send((html, math.ceil(timeout_seconds), uploads, document))
    deadline = time.monotonic() + timeout_seconds * WALL_CLOCK_FACTOR
    while not connection.poll(max(min(heartbeat_seconds, deadline - time.monotonic()), 0)):
        if time.monotonic() >= deadline:
            _kill(child)
            raise RenderTimeout(f"render stopped after {timeout_seconds * WALL_CLOCK_FACTOR:.0f} s")
        if heartbeat is not None:
            heartbeat()
    try:
        kind, value, report, refused = connection.recv()
    except EOFError:  # the process died: killed at its processor-time limit, or crashed
        child.join(5)
        exitcode = child.exitcode
        _kill(child)
        if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise RenderTimeout(f"render stopped after {timeout_seconds} s of processor time") from None
        raise RenderFailed(f"render process ended with exit code {exitcode}") from None
    if refused:
        logger.warning("PDF render refused %d URL(s): %s", len(refused), refused[:5])
    if kind == "error":
        raise RenderFailed(value)
    _LOCAL.report = report
    logger.info("PDF of %s: %s", document or "a document", report.summary())
    _LOCAL.renders = getattr(_LOCAL, "renders", 0) + 1
    if _LOCAL.renders >= pdf_process.RENDERS_PER_PROCESS:  # a fresh process now and then: memory
        stop_render_process()
    return value


def last_render_report():
    """What this thread's last finished render laid out (plans.documents.assembly.Report), or None."""
    return getattr(_LOCAL, "report", None)


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
