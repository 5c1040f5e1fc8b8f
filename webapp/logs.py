"""Logging: plain text by default, one JSON object per line with LOG_FORMAT=json (for a log collector)."""
from __future__ import annotations

import logging
import sys

from flask import Flask, has_request_context, request
from pythonjsonlogger.json import JsonFormatter


class _RequestFields(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.path = request.path if has_request_context() else None
        record.method = request.method if has_request_context() else None
        return True


def init_app(app: Flask) -> None:
    if app.config.get("LOG_FORMAT") != "json" or app.testing:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(method)s %(path)s",
                                       rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    handler.addFilter(_RequestFields())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    app.logger.handlers[:] = []  # Flask's own handler would print every line a second time
    app.logger.propagate = True
