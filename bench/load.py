"""Load run: 32 users on gunicorn + PostgreSQL open pages and save answers, first alone, then while 5 concept
PDFs are rendered by the job worker. Prints the page latency (median, p95) of both phases of the same run.

Everything runs on this machine: PostgreSQL at BENCH_DATABASE_URL (default 127.0.0.1:5432, a database of
its own that is dropped afterwards), gunicorn and the Huey worker as processes, requests to 127.0.0.1 only.
Bounded: each phase stops after PHASE_SECONDS or MAX_REQUESTS_PER_USER requests per user, the render phase
at the latest after RENDER_PHASE_MAX seconds.
"""
from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import make_url

from bench import scratch_dir
from bench.load_http import LiveClient, csrf_token, free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
USERS = 32
RENDERS = 5
WEB_WORKERS = 4
PHASE_SECONDS = 20
RENDER_PHASE_MAX = 300
MAX_REQUESTS_PER_USER = 300
PASSWORD = "bench-regioplan-wachtwoord"
TARGET = 1.5
PAGE = "opstellen-regioplan/regioprofiel"


def _database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/regioplan_bench_load")


def _admin_engine(url):
    return sa.create_engine(url.set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT")


def _recreate(url) -> bool:
    try:
        engine = _admin_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
        engine.dispose()
    except sa.exc.OperationalError as exc:
        print(f"\nLoad: PostgreSQL niet bereikbaar ({exc.orig}); overgeslagen.")
        return False
    return True


def _drop(url) -> None:
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    engine.dispose()


def _env(url, instance: Path, port: int) -> dict:
    return {**os.environ, "REGIOPLAN_ENV": "development", "SECRET_KEY": "bench-load-secret",
            "DATABASE_URL": url.render_as_string(hide_password=False), "REGIOPLAN_INSTANCE": str(instance),
            "QUEUE_URL": f"sqlite:///{instance / 'queue.sqlite'}", "WEB_CONCURRENCY": str(WEB_WORKERS),
            "GUNICORN_BIND": f"127.0.0.1:{port}", "SERVER_BASE_URL": f"http://127.0.0.1:{port}"}


def _seed(env: dict) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """USERS editors with a plan each, and RENDERS complete plans (the demo plan's answers) to render."""
    os.environ.update(env)
    from plans.accounts import people
    from plans.db import db
    from plans.models import Organisation, Region
    from plans.writing import editing
    from webapp import create_app

    app = create_app()
    demo_plan = yaml.safe_load((ROOT / "demo" / "plans" / "nhn_complete.yaml").read_text(encoding="utf-8"))
    from demo.seed import _section_values

    editors, renderers = [], []
    with app.app_context():
        region = db.session.scalar(sa.select(Region).limit(1))
        for kind, count, target in (("gebruiker", USERS, editors), ("render", RENDERS, renderers)):
            for n in range(count):
                org = Organisation(name=f"Zorggroep {kind} {n}", region=region)
                db.session.add(org)
                user = people.create_user(f"{kind}{n}@bench.regioplan.nl", f"Bench {kind} {n}", password=PASSWORD)
                people.add_membership(user, org, "bestuurder")
                plan = editing.create_plan(org, f"Regioplan {kind} {n}", 2026, 2029, user)
                if kind == "render":
                    for section_id, section in demo_plan["sections"].items():
                        editing.save_values(plan, section_id, _section_values(section_id, section), None, user)
                db.session.flush()
                target.append((user.email, plan.id))
        db.session.commit()
        db.engine.dispose()
    return editors, renderers


class User(threading.Thread):
    """Opens the task list and a question page, saves the page; records each request's latency."""

    def __init__(self, base: str, email: str, plan_id: int):
        super().__init__(daemon=True)
        self.client, self.email, self.plan_id = LiveClient(base), email, plan_id
        self.samples: list[float] = []
        self.errors = 0
        self.phase_end = 0.0
        self.ready = threading.Event()
        self.go = threading.Event()
        self.done = threading.Event()

    def _timed(self, path, data=None) -> str:
        start = time.perf_counter()
        response = self.client.request(path, data)
        self.samples.append(time.perf_counter() - start)
        if response.status >= 400:
            self.errors += 1
        return response.text

    def run(self):
        self.client.login(self.email, PASSWORD)
        self.ready.set()
        page = f"/plannen/{self.plan_id}/{PAGE}"
        while True:
            self.go.wait()
            self.go.clear()
            for _ in range(MAX_REQUESTS_PER_USER // 3):
                if time.monotonic() >= self.phase_end():
                    break
                self._timed(f"/plannen/{self.plan_id}")
                html = self._timed(page)
                self._timed(page, {"q_b1_inwoners": str(random.randint(1000, 900000)), "q_b1_praktijken": "236",
                                   "action": "later", "csrf_token": csrf_token(html)})
            self.done.set()


def _phase(users, watch) -> list[float]:
    """Let every user work until `watch` (run here) returns; the samples of all users."""
    end = [float("inf")]
    for user in users:
        user.samples, user.phase_end = [], lambda: end[0]
        user.done.clear()
        user.go.set()
    watch()
    end[0] = 0.0
    for user in users:
        user.done.wait(120)
    return [s for user in users for s in user.samples]


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.5)


def _renders_busy(engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(sa.text("SELECT count(*) FROM job WHERE status IN ('queued', 'running')")))


def _summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def run() -> None:
    url = make_url(_database_url())
    if not _recreate(url):
        return
    instance = scratch_dir("regioplan-load-")
    port = free_port()
    env = _env(url, instance, port)
    processes = []
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        editors, renderers = _seed(env)
        for command in ([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                        [sys.executable, "-m", "huey.bin.huey_consumer", "webapp.jobs.worker.huey", "-w", str(RENDERS),
                         "-k", "thread", "-m", "0.5"]):
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL, start_new_session=True))
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        users = [User(base, email, plan_id) for email, plan_id in editors]
        for user in users:
            user.start()
        engine = sa.create_engine(url.set(drivername="postgresql+psycopg"))
        for user in users:  # everyone is logged in before anything is measured
            user.ready.wait(120)
        quiet = _phase(users, lambda: time.sleep(PHASE_SECONDS))
        renderer_clients = []
        for email, _plan_id in renderers:
            client = LiveClient(base)
            client.login(email, PASSWORD)
            renderer_clients.append(client)
        started = time.monotonic()

        def renders():
            for client, (_email, plan_id) in zip(renderer_clients, renderers, strict=False):  # five ask for their concept PDF
                client.get(f"/plannen/{plan_id}/regioplan.pdf")
            _wait_until(lambda: not _renders_busy(engine), RENDER_PHASE_MAX)

        busy = _phase(users, renders)
        rendered = time.monotonic() - started
        with engine.connect() as conn:
            statuses = dict(conn.execute(sa.text("SELECT status, count(*) FROM job GROUP BY status")).all())
            for (error,) in conn.execute(sa.text("SELECT DISTINCT error FROM job WHERE status = 'failed'")):
                print(f"  mislukte render: {(error or '')[-300:]}")
        engine.dispose()
        errors = sum(u.errors for u in users)
        _report(quiet, busy, rendered, statuses, errors)
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        _drop(url)


def _report(quiet, busy, rendered, statuses, errors) -> None:
    (q_median, q_p95), (b_median, b_p95) = _summary(quiet), _summary(busy)
    print(f"\nLoad: {USERS} gebruikers op gunicorn ({WEB_WORKERS} workers) + PostgreSQL, "
          f"{RENDERS} concept-PDF's door de worker")
    print(f"  {'fase':<34} {'verzoeken':>9} {'mediaan':>10} {'p95':>10}")
    print(f"  {'zonder renders':<34} {len(quiet):>9} {q_median * 1000:>8.1f}ms {q_p95 * 1000:>8.1f}ms")
    print(f"  {f'terwijl {RENDERS} renders lopen':<34} {len(busy):>9} {b_median * 1000:>8.1f}ms {b_p95 * 1000:>8.1f}ms")
    print(f"  verhouding: mediaan {b_median / q_median:.2f}x, p95 {b_p95 / q_p95:.2f}x (doel ≤ {TARGET}x); "
          f"renders klaar na {rendered:.0f} s; taken {json.dumps(statuses)}; foutantwoorden {errors}")
