"""What the worker runs: `huey_consumer webapp.jobs.worker.huey` (the Makefile, docs/deployment.md)."""
from webapp.jobs import tasks  # noqa: F401  (registers every task with the queue)
from webapp.jobs.queue import huey

__all__ = ["huey"]
