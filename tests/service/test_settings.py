"""Settings come from LANKA_* variables or `.env`; command-line options override them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loaders.errors import SettingsError
from service.settings import Settings

LANKA = str(Path(sys.executable).parent / "lanka")


def test_environment_variables_set_the_store_host_and_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANKA_STORE", str(tmp_path / "s"))
    monkeypatch.setenv("LANKA_HOST", "0.0.0.0")
    monkeypatch.setenv("LANKA_PORT", "9001")
    settings = Settings()
    assert (settings.store, settings.host, settings.port) == (tmp_path / "s", "0.0.0.0", 9001)


def test_a_dotenv_file_in_the_working_folder_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("LANKA_PORT=8111\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LANKA_PORT", raising=False)
    assert Settings().port == 8111


def test_a_base_iri_that_cannot_take_a_path_is_refused() -> None:
    with pytest.raises(SettingsError):
        Settings(base_iri="https://example.org/lanka").check()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_loads_an_empty_store_and_the_port_option_wins(tmp_path: Path, county: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "LANKA_DATASET": str(county),
        "LANKA_PORT": "1",
        "LANKA_STORE": str(tmp_path / "store"),
    }
    server = subprocess.Popen(
        [LANKA, "serve", "--load-default", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = None
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    body = json.load(r)
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode() if server.stderr else "exited")
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        assert body["triples"] > 50
        assert body["datasets"][0]["version"] == "1.0"
    finally:
        server.terminate()
        server.communicate(timeout=30)
