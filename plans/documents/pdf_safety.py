"""What keeps a PDF render safe: no fetching from outside, and no render that runs forever."""
from __future__ import annotations

import logging
import math
import multiprocessing
import os
import re
import signal
import threading
import time
import zlib

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


# Renders run in render processes forked from a clean, single-threaded fork server that has WeasyPrint
# imported: starting one costs milliseconds, and a runaway one is killed outright (not interrupted from
# inside). A render process lives across renders and keeps the laid-out chapters of recent documents
# (pdf_process.serve). A worker has RENDER_PROCESSES of them, and a plan always goes to the same one, so
# its re-render meets its kept chapters whichever worker thread runs the job.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["plans.documents.pdf_process"])
_LOCAL = threading.local()  # the calling thread's last render report
RENDER_PROCESSES = max(1, int(os.environ.get("PDF_RENDER_PROCESSES", "2")))


# A render starved of processor time (a busy machine, at its lower priority) may take this many times
# its processor-time limit on the clock; past that it is taken to hang without computing.
WALL_CLOCK_FACTOR = 4


class _Slot:
    """One render process, started when needed, used by one render at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process = None
        self.connection = None
        self.renders = 0

    def start(self):
        if self.process is not None and self.process.is_alive():
            return
        from plans.documents import pdf_process

        ours, theirs = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=pdf_process.serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.connection, self.renders = ours, 0

    def stop(self, *, ask: bool = True):
        """End the process with its kept layouts (asking it first, unless it ran away); the next render
        starts a new one."""
        process, connection = self.process, self.connection
        self.process = self.connection = None
        self.renders = 0
        if process is None:
            return
        connection.close()  # a process asked to end sees its pipe closed and returns
        if ask:
            process.join(5)
        if process.is_alive():
            process.kill()
        process.join()

    def render(self, request: tuple, *, timeout_seconds: float, heartbeat, heartbeat_seconds: float):
        """Send one render request and wait for its answer: (report, PDF bytes)."""
        from plans.documents import pdf_process

        self.start()
        try:
            self.connection.send(request)
        except OSError:  # it died since its last render (killed from outside): start a new one
            self.stop(ask=False)
            self.start()
            self.connection.send(request)
        deadline = time.monotonic() + timeout_seconds * WALL_CLOCK_FACTOR
        while not self.connection.poll(max(min(heartbeat_seconds, deadline - time.monotonic()), 0)):
            if time.monotonic() >= deadline:
                self.stop(ask=False)
                raise RenderTimeout(f"render stopped after {timeout_seconds * WALL_CLOCK_FACTOR:.0f} s")
            if heartbeat is not None:
                heartbeat()
        try:
            kind, value, report, refused = self.connection.recv()
        except EOFError:  # the process died: killed at its processor-time limit, or crashed
            self.process.join(5)
            exitcode = self.process.exitcode
            self.stop(ask=False)
            if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise RenderTimeout(f"render stopped after {timeout_seconds} s of processor time") from None
            raise RenderFailed(f"render process ended with exit code {exitcode}") from None
        if refused:
            logger.warning("PDF render refused %d URL(s): %s", len(refused), refused[:5])
        if kind == "error":
            raise RenderFailed(value)
        self.renders += 1
        if self.renders >= pdf_process.RENDERS_PER_PROCESS:  # a fresh process now and then: memory
            self.stop()
        return report, value


_SLOTS = [_Slot() for _ in range(RENDER_PROCESSES)]


def _slot_of(document: str | None) -> _Slot:
    return _SLOTS[zlib.crc32((document or "").encode()) % len(_SLOTS)]


def stop_render_process() -> None:
    """End every render process (with its kept layouts); the next render starts a new one."""
    for slot in _SLOTS:
        with slot.lock:
            slot.stop()


def run_render(html: str, *, timeout_seconds: float, heartbeat=None, heartbeat_seconds: float = 5.0,
               uploads: dict | None = None, document: str | None = None) -> bytes:
    """Lay out `html` as a PDF in a render process.

    The process is killed once the render has used `timeout_seconds` of processor time (by the kernel:
    RLIMIT_CPU), or after WALL_CLOCK_FACTOR times that on the clock. `heartbeat` (optional) is called every
    `heartbeat_seconds` while it works or waits for its render process, so a job can show that its worker
    is still alive. `uploads` are the validated files (the logo) the fetcher may serve from memory.
    `document` names what the HTML shows (a plan): the chapters that did not change since its last render
    are not laid out again.
    """
    slot = _slot_of(document)
    while not slot.lock.acquire(timeout=heartbeat_seconds):  # another render of this process runs
        if heartbeat is not None:
            heartbeat()
    try:
        report, value = slot.render((html, math.ceil(timeout_seconds), uploads, document),
                                    timeout_seconds=timeout_seconds, heartbeat=heartbeat,
                                    heartbeat_seconds=heartbeat_seconds)
    finally:
        slot.lock.release()
    _LOCAL.report = report
    logger.info("PDF of %s: %s", document or "a document", report.summary())
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
