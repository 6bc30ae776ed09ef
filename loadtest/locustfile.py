"""A logged-in manager's mixed load on Suits, for `make loadtest` (see loadtest/run.sh).

Each simulated user visits, with even weights and no wait, the home page, the three
lists, and an account, a client and a request page picked from the ids that
`manage.py loadtest_prepare` wrote (all visible to the manager). Every page must
answer 200 at once: a redirect (to the log-in page, say) counts as an error.

The manager logs in once, before the users start, and every user shares that
session, so password hashing is not part of what is measured.
"""

import json
import logging
import os
import random
import resource
import time
from pathlib import Path

import requests
from locust import FastHttpUser, events, task
from locust.stats import StatsError

OUT = Path(os.environ.get("LOADTEST_OUT", "loadtest/results"))
IDS = json.loads((OUT / "ids.json").read_text())
PAGES = {
    "home /": lambda: "/",
    "/accounts/": lambda: "/accounts/",
    "/clients/": lambda: "/clients/",
    "/requests/": lambda: "/requests/",
    "account page": lambda: f"/accounts/{random.choice(IDS['accounts'])}/",
    "client page": lambda: f"/clients/{random.choice(IDS['clients'])}/",
    "request page": lambda: f"/requests/{random.choice(IDS['requests'])}/",
}
session_cookies = []
started = {}


@events.init.add_listener
def tables_to_file(environment, **kwargs):
    """Locust's own tables go to a file: loadtest/report.py prints the figures that count."""
    logging.getLogger("locust.stats_logger").handlers = [
        logging.FileHandler(OUT / "locust_tables.txt")
    ]


@events.test_start.add_listener
def log_in_and_warm_up(environment, **kwargs):
    """Log in as the manager, load each page a few times, then start the clock afresh."""
    host = environment.host
    with requests.Session() as browser:
        browser.get(f"{host}/login/", timeout=30).raise_for_status()
        response = browser.post(
            f"{host}/login/",
            {
                "username": IDS["username"],
                "password": os.environ["LOADTEST_PASSWORD"],
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 302 or "sessionid" not in browser.cookies:
            raise RuntimeError(f"Log-in as {IDS['username']} failed ({response.status_code}).")
        # Three rounds, so that each gunicorn worker has most likely served every page once.
        for _ in range(3):
            for path in PAGES.values():
                browser.get(f"{host}{path()}", timeout=60).raise_for_status()
        session_cookies.extend(browser.cookies)
    environment.stats.reset_all()
    started["wall"] = time.monotonic()
    started["cpu"] = _cpu_seconds()


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    """The final figures, for loadtest/report.py, and how busy the load generator was."""
    stats = environment.stats
    pages = [stats.entries[name, "GET"] for name in PAGES if (name, "GET") in stats.entries]
    summary = {
        "pages": [_figures(entry) for entry in pages],
        "total": _figures(stats.total),
        "errors": [
            {"name": e.name, "error": StatsError.parse_error(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
        "exceptions": len(environment.runner.exceptions) if environment.runner else 0,
        # Locust shares the machine's 2 cores with gunicorn and PostgreSQL.
        "cpu": _cpu_seconds() - started["cpu"] if started else None,
        "wall": time.monotonic() - started["wall"] if started else None,
    }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1))


def _figures(entry):
    return {
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        **{f"p{p}": entry.get_response_time_percentile(p / 100) for p in (50, 95, 99)},
        "max": entry.max_response_time,
    }


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Manager(FastHttpUser):
    # No wait_time: each user asks for its next page as soon as the last one is answered.

    def on_start(self):
        for cookie in session_cookies:
            self.client.cookiejar.set_cookie(cookie)

    def visit(self, name):
        with self.client.get(
            PAGES[name](), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:  # 0 when the connection failed
                where = (response.headers or {}).get("Location", "")
                response.failure(response.error or f"{response.status_code} {where}".strip())

    @task
    def home_page(self):
        self.visit("home /")

    @task
    def account_list(self):
        self.visit("/accounts/")

    @task
    def client_list(self):
        self.visit("/clients/")

    @task
    def request_list(self):
        self.visit("/requests/")

    @task
    def account_page(self):
        self.visit("account page")

    @task
    def client_page(self):
        self.visit("client page")

    @task
    def request_page(self):
        self.visit("request page")
