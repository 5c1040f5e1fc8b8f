"""What bench/server.py serves with gunicorn: the app as wsgi.py builds it, plus the baseline routes.

The bare route always; with BENCH_STATIC_FILE also that file at STATIC_URL.
"""
import os

from bench.bare import add_bare_route, add_static_file_route
from webapp import create_app

app = add_bare_route(create_app())
if os.environ.get("BENCH_STATIC_FILE"):
    add_static_file_route(app, os.environ["BENCH_STATIC_FILE"])
