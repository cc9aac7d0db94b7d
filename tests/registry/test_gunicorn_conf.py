"""The production gunicorn settings (registry/gunicorn_conf.py) keep a long streamed response
alive: a territory export can take longer than the worker timeout."""

import http.client
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.registry.slow_stream_app:application"  # six lines, half a second apart


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str]) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free loopback port serving the slow stream, its worker timeout 1 s."""
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_TIMEOUT": "1",
        "GUNICORN_WORKERS": "1",
    }
    command = [sys.executable, "-m", "gunicorn", *args, "--chdir", str(ROOT), APP]
    if "--config" not in args:
        command[3:3] = ["--bind", env["GUNICORN_BIND"]]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}/"
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


@pytest.fixture
def serve():
    started = []

    def _serve(*args: str) -> str:
        process, url = start(list(args))
        started.append(process)
        return url

    yield _serve
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> list[str]:
    """The lines received, however the response ended."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - loopback
            return response.read().decode().splitlines()
    except http.client.IncompleteRead as exc:
        return exc.partial.decode().splitlines()
    except ConnectionError:
        return []


def test_a_stream_longer_than_the_timeout_arrives_whole(serve):
    url = serve("--config", str(ROOT / "registry/gunicorn_conf.py"))
    started = time.monotonic()

    lines = fetch(url)

    assert time.monotonic() - started > 2  # three times the 1 s worker timeout
    assert lines == [f"line {i}" for i in range(6)]


def test_gunicorns_default_sync_worker_would_cut_it_off(serve):
    """The control: what the production settings prevent."""
    url = serve("--worker-class", "sync", "--threads", "1", "--timeout", "1", "--workers", "1")

    assert len(fetch(url)) < 6
