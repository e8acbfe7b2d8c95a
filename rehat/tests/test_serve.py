"""`rehat serve` starts gunicorn and the worker; pages and static files answer."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, deadline: float) -> tuple[int, bytes, dict[str, str]]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                return response.status, response.read(), dict(response.headers)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_pages_and_static_files_then_stops_cleanly(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "REHAT_DATA_DIR": str(tmp_path),
    }
    subprocess.run([BIN / "rehat", "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "rehat", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        status, body, headers = _get(f"http://127.0.0.1:{port}/masuk/", deadline)
        assert status == 200
        assert "Masuk ke Rehat" in body.decode()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        status, body, _ = _get(f"http://127.0.0.1:{port}/static/rehat/rehat.css", deadline)
        assert status == 200
        assert b"--accent" in body
        status, _, _ = _get(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js", deadline)
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0
    # No access log: the server never writes a request line with an address.
    assert "GET /masuk/" not in output
    assert "127.0.0.1 " not in output
