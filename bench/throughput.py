"""Throughput under 32 concurrent connections: a question page against the bare route, on one gunicorn.

gunicorn runs with the project's gunicorn.conf.py (bench/server.py: sync workers, 2 × cores + 1 of them)
and serves bench/served_app.py: the app as wsgi.py builds it plus the bare route of bench/bare.py (one
cached template, one query, as in bench/wizard.py). The database is a throwaway copy of the demo data: SQLite in WAL mode as `make run` uses it, or PostgreSQL at
BENCH_DATABASE_URL (a database of its own, dropped afterwards).

One login; its session cookie goes on all 32 connections (the login limit is 10 a minute per address).
Rounds alternate SECONDS of 32 connections on the bare route with SECONDS on the question page
*Regioprofiel* of the demo plan; a round counts the answers that arrive after its first SETTLE seconds.
Printed: req/s per round (median, spread), the median of the per-round ratios question ÷ bare (goal
≥ 0.5), every answer that is not a 200, gunicorn's processor time per request, and the processor time
of the load generator, of gunicorn and of the whole machine: whether the generator or the machine limits.
"""
from __future__ import annotations

import os
import shutil
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench import scratch_dir
from bench.bare import BARE_URL
from bench.server import Connection, get_request, gunicorn, session_cookie
from bench.timing import Timing, report
from bench.wizard import PAGES, seeded_database
from demo.seed import DEMO_PASSWORD

CONNECTIONS = 32
ROUNDS = 5
SECONDS = 6.0
SETTLE = 0.5  # the answers to requests of the previous round are still under way
WARMUP = 2.0
GOAL = 0.5
PAGE = PAGES["Regioprofiel"]
EMAIL = "bestuur@demo.regioplan.nl"


@dataclass
class Phase:
    name: str
    request: tuple[str, dict[str, str]]  # bench.server.get_request
    start: float = field(default_factory=time.perf_counter)


class Client(threading.Thread):
    """One of the CONNECTIONS: sends the current phase's request, reads the answer, again, until stopped."""

    def __init__(self, port: int, load: Load):
        super().__init__(daemon=True)
        self.connection, self.load = Connection(port), load
        self.answers: list[tuple[Phase, float, int]] = []  # phase at sending, time of the answer, status

    def run(self) -> None:
        while not self.load.stopped:
            phase = self.load.phase
            try:
                status, _length = self.connection.fetch(phase.request)
            except OSError:
                self.connection.close()
                status = 0  # no answer at all: counted as an error
            self.answers.append((phase, time.perf_counter(), status))
        self.connection.close()


class Load:
    """CONNECTIONS connections that all send the request of the current phase."""

    def __init__(self, port: int, first: Phase):
        self.phase, self.stopped = first, False
        self.connections = [Client(port, self) for _ in range(CONNECTIONS)]
        for connection in self.connections:
            connection.start()

    def stop(self) -> None:
        self.stopped = True
        for connection in self.connections:
            connection.join(60)

    def answers(self, phase: Phase, start: float, end: float) -> list[int]:
        return [status for c in self.connections for p, at, status in c.answers if p is phase and start <= at <= end]

    def all_statuses(self, name: str) -> Counter:
        return Counter(status for c in self.connections for p, _, status in c.answers if p.name == name)


def _cpu_seconds(pids: list[int]) -> float:
    """User and system time of these processes (their exited children not included)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) processor seconds of the whole machine since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / os.sysconf("SC_CLK_TCK"), total / os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    rate: float
    generator: float  # processor seconds per second, all of the generator's threads
    server: float
    machine: float  # share of all cores busy


def _measure(load: Load, phase: Phase, server_pids: list[int]) -> Round:
    load.phase = phase
    time.sleep(SETTLE)
    start, cpu, server, (busy, total) = (time.perf_counter(), time.process_time(), _cpu_seconds(server_pids),
                                         _machine_busy_seconds())
    time.sleep(SECONDS - SETTLE)
    end = time.perf_counter()
    busy_end, total_end = _machine_busy_seconds()
    seconds = end - start
    return Round(len(load.answers(phase, start, end)) / seconds, (time.process_time() - cpu) / seconds,
                 (_cpu_seconds(server_pids) - server) / seconds, (busy_end - busy) / max(total_end - total, 1e-9))


def _database(instance: Path):
    """The URL of a throwaway demo database, the demo plan's id, and what removes the database."""
    from bench.load import _drop, _recreate

    url = os.environ.get("BENCH_DATABASE_URL")
    if url is None:
        copy = instance / "bench.sqlite"
        shutil.copyfile(seeded_database(), copy)
        url, drop = f"sqlite:///{copy}", (lambda: None)
    else:
        pg = make_url(url)
        if not _recreate(pg):
            return None
        _seed(url)
        drop = lambda: _drop(pg)  # noqa: E731
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        plan_id = conn.scalar(sa.text("SELECT id FROM plan WHERE title LIKE '%Noord-Holland%' AND status = 'concept'"))
    engine.dispose()
    return url, plan_id, drop


def _seed(url: str) -> None:
    from bench.wizard import bench_config
    from demo import seed as demo
    from plans.db import db
    from webapp import create_app

    config = bench_config(Path("unused"))
    config.SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app(config)
    with app.app_context():
        db.create_all()
        demo.seed(sign_complete_plan=False)
        db.session.commit()
        db.engine.dispose()


def run() -> None:
    instance = scratch_dir("regioplan-throughput-")
    database = _database(instance)
    if database is None:
        return
    url, plan_id, drop = database
    try:
        with gunicorn(url, instance) as server:
            cookie = session_cookie(server.base, EMAIL, DEMO_PASSWORD)
            bare, page = get_request(BARE_URL, cookie), get_request(f"/plannen/{plan_id}/{PAGE}", cookie)
            load = Load(server.port, Phase("bare", bare))
            time.sleep(WARMUP)
            load.phase = Phase("page", page)
            time.sleep(WARMUP)
            pids = server.pids()
            results: dict[str, list[Round]] = {"bare": [], "page": []}
            for _ in range(ROUNDS):
                for name, request in (("bare", bare), ("page", page)):
                    results[name].append(_measure(load, Phase(name, request), pids))
            load.stop()
        _report(results, load, server.workers, url)
    finally:
        drop()
        shutil.rmtree(instance, ignore_errors=True)


def _report(results: dict[str, list[Round]], load: Load, workers: int, url: str) -> None:
    bare, page = results["bare"], results["page"]
    labels = {"bare": "kale route: één template, één query", "page": "vraagpagina Regioprofiel: GET"}
    timings = [Timing(labels[name], [r.rate for r in rounds], [r.rate / b.rate for r, b in zip(rounds, bare, strict=True)])
               for name, rounds in results.items()]
    extra = {}
    for name, rounds in results.items():
        statuses = load.all_statuses(name)
        wrong = {code or "geen antwoord": n for code, n in sorted(statuses.items()) if code != 200}
        per_request = statistics.median(r.server / r.rate for r in rounds) * 1000
        extra[labels[name]] = (f"gunicorn {per_request:.1f} ms CPU/verzoek, "
                               f"{statistics.median(r.server for r in rounds):.0%} van een kern; "
                               f"generator {statistics.median(r.generator for r in rounds):.0%} van een kern; "
                               f"machine {statistics.median(r.machine for r in rounds):.0%} bezet; "
                               f"niet-200: {wrong or 'geen'}")
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite (WAL)"
    report(f"Doorvoer: {CONNECTIONS} gelijktijdige verbindingen op gunicorn ({workers} sync workers) + {database}, "
           f"{ROUNDS} rondes van {SECONDS:.0f} s per route (verzoeken per seconde)", timings, extra, unit="/s")
    ratio = statistics.median(p.rate / b.rate for p, b in zip(page, bare, strict=True))
    print(f"  vraagpagina ÷ kale route: {ratio:.0%} van de doorvoer (doel ≥ {GOAL:.0%}); "
          f"generator: één proces, {CONNECTIONS} threads (100% van een kern is zijn grens, de GIL)")
