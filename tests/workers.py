"""Real Celery workers and a Redis of a test's own, for the tests marked `worker`."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from agency.celery import app as celery_app


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def use_broker(url):
    """Point this process's Celery app at another broker and drop its pooled connections."""
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = url
    # Celery keeps no public switch for this; app.close() would also unregister the app.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(mail_dir, tmp_path):
    """Start `celery worker` processes on the test database; stop them afterwards."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    workers = []

    def start(broker_url):
        log = (tmp_path / f"worker{len(workers)}.log").open("w")
        env = {
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": f"filemail:///{mail_dir}",
            "CONN_MAX_AGE": "0",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "agency", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
             "-n", f"test{len(workers)}@%h"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append(process)
        return process

    yield start
    for process in workers:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, so it can be stopped and started again."""
    port = free_port()
    servers = []

    def start():
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        servers.append(process)
        client = redis.Redis(port=port)
        assert wait_for(lambda: pings(client), timeout=10), "redis-server did not start"
        return process

    def stop():
        process = servers[-1]
        process.terminate()
        process.wait(timeout=10)

    start.stop = stop
    start.url = f"redis://127.0.0.1:{port}/0"
    yield start
    for process in servers:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def pings(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def mails(mail_dir: Path):
    return [p.read_text() for p in sorted(mail_dir.iterdir())]
