"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/deployment.md).

No request renders a PDF, seals or sends mail: those are jobs for the worker (webapp/jobs/). So a
request needs seconds at most, and a 30 s timeout only ever ends one that hangs; the worker has its own
limit per render (PDF_RENDER_TIMEOUT, 60 s of processor time).
"""
import os
import sys

from webapp.config_check import problems, web_workers

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = web_workers(os.environ)
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start production with an unsafe configuration (the same checks as `flask check-config`)."""
    from webapp.config import CONFIGS

    config = CONFIGS[os.environ.get("REGIOPLAN_ENV", "production")]()
    found = problems(vars(config))
    for problem in found:
        server.log.error("Configuratie: %s", problem)
    if found:
        sys.exit(1)
