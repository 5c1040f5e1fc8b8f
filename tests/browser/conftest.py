"""A real server in a thread and Debian's Chromium driven by Playwright (never a downloaded browser)."""
from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from demo import seed as demo
from plans.db import db
from tests.conftest import make_test_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app():
    """The app with CSRF on and the demo data; its jobs run at once (immediate mode) unless a test says otherwise."""
    app = make_test_app("live", WTF_CSRF_ENABLED=True)
    with app.app_context():
        demo.seed()
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    """The live app served on a free port of 127.0.0.1."""
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium ontbreekt op {CHROMIUM}")
        pytest.skip(f"Chromium ontbreekt op {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(60_000)  # the test server runs jobs (renders) within the request
    yield page
    context.close()


def login(page, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def expect_text(page, text) -> None:
    """Wait until `text` (a string or a compiled pattern) is on the page: a click's navigation may still run."""
    page.get_by_text(text).first.wait_for()
