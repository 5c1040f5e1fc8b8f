"""Production setup: the configuration check (CLI and gunicorn's start), the health endpoint, JSON logs."""
import json
import logging
import os
import subprocess
import sys

import pytest

from tests.conftest import make_test_app
from webapp import config_check, logs
from webapp.config import ROOT

SAFE = {"REGIOPLAN_ENV": "production", "SECRET_KEY": "s" * 40, "WEB_CONCURRENCY": "4"}


@pytest.fixture
def seal_file(tmp_path):
    path = tmp_path / "seal.p12"
    path.write_bytes(b"p12")
    return str(path)


def _config(seal_file, **changes):
    return {"SEAL_PKCS12_PATH": seal_file, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "MAIL_SERVER": "smtp",
            "QUEUE_URL": "redis://127.0.0.1:6379/3", **changes}


def test_a_safe_production_configuration_passes(seal_file):
    assert config_check.problems(_config(seal_file), SAFE) == []


@pytest.mark.parametrize(("change", "environ", "expected"), [
    ({}, {"SECRET_KEY": ""}, "SECRET_KEY ontbreekt"),
    ({"SEAL_PKCS12_PATH": ""}, {}, "zelfondertekend"),
    ({"SEAL_PKCS12_PATH": "/nergens/seal.p12"}, {}, "bestaat niet"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, {}, "memory:// bij 4 gunicorn-workers"),
    ({"MAIL_SERVER": ""}, {}, "MAIL_SERVER ontbreekt"),
    ({"QUEUE_URL": "memory://"}, {}, "QUEUE_URL memory://"),
])
def test_each_unsafe_production_setting_is_refused(seal_file, change, environ, expected):
    found = config_check.problems(_config(seal_file, **change), {**SAFE, **environ})
    assert len(found) == 1 and expected in found[0]


def test_memory_rate_limits_are_fine_with_one_worker_and_anything_goes_in_development(seal_file):
    assert config_check.problems(_config(seal_file, RATELIMIT_STORAGE_URI="memory://"),
                                 {**SAFE, "WEB_CONCURRENCY": "1"}) == []
    assert config_check.problems({}, {"REGIOPLAN_ENV": "development"}) == []


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEAL_", "MAIL_", "RATELIMIT_", "SECRET_KEY"))}
    return {**env, "REGIOPLAN_INSTANCE": extra.pop("instance"), "QUEUE_URL": "memory://", **extra}


def test_check_config_command_refuses_production_with_defaults(tmp_path):
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "check-config"], cwd=ROOT,
                            env=_clean_env(instance=str(tmp_path), REGIOPLAN_ENV="production"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    for expected in ("SECRET_KEY ontbreekt", "SEAL_PKCS12_PATH ontbreekt", "memory://", "MAIL_SERVER ontbreekt"):
        assert expected in result.stderr


def test_gunicorn_refuses_to_start_an_unsafe_production(tmp_path):
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", "127.0.0.1:0", "wsgi:app"],
                            cwd=ROOT, env=_clean_env(instance=str(tmp_path), REGIOPLAN_ENV="production"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Configuratie: SECRET_KEY ontbreekt" in result.stderr


def test_health_endpoint_reports_database_and_queue(client):
    response = client.get("/gezondheid")
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_health_endpoint_says_when_the_queue_is_down(client, monkeypatch):
    from webapp.jobs import queue

    monkeypatch.setattr(queue.huey.storage, "queue_size", lambda: (_ for _ in ()).throw(ConnectionError("weg")))
    response = client.get("/gezondheid")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fout", "database": "ok", "queue": "onbereikbaar"}


def test_json_logs(capsys, monkeypatch):
    app = make_test_app("logs")
    app.config["LOG_FORMAT"] = "json"
    app.testing = False
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    logs.init_app(app)
    with app.test_request_context("/plannen/1"):
        app.logger.warning("Iets om te melden")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "Iets om te melden" and line["level"] == "WARNING" and line["path"] == "/plannen/1"
