"""Real remote stores for the tests, started on 127.0.0.1 on free ports, each in its own folder:

- the Oxigraph server from the PyPI package `oxigraph` (in the test extra);
- Virtuoso Open Source from Debian: the test set-up installs `virtuoso-opensource-7-bin`
  with apt-get (as root, as on CI) when `virtuoso-t` is missing — the server binary alone:
  the `virtuoso-opensource` package would also start a system-wide instance on the default
  ports — and runs it with a generated `virtuoso.ini` and a fresh database.

A server that cannot be installed or started fails the test that needs it, with the reason
and the end of the server's log; nothing is skipped.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service.remote_store import RemoteStore
from service.settings import Settings
from service.store import UpdateRequest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = Path("/usr/bin/virtuoso-t")
VIRTUOSO_PACKAGE = "virtuoso-opensource-7-bin"
START_TIMEOUT = 120.0  # seconds; a fresh Virtuoso database takes about 6 s here
QUERY_TIMEOUT = 10  # seconds the servers let one query run (a test's runaway query ends)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server and the LANKA_* settings that name it."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def settings(self, **overrides: object) -> Settings:
        values = {key.removeprefix("LANKA_").lower(): value for key, value in self.env.items()}
        return Settings(**{**values, **overrides})

    def store(self) -> RemoteStore:
        return RemoteStore.from_settings(self.settings())

    def emptied(self) -> RemoteStore:
        """A store over this server with every graph dropped (the server's own kept)."""
        store = self.store()
        store.update(UpdateRequest("DROP ALL"))
        return store

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def _tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        return "(no log)"


def wait_until_answers(server: Server, url: str) -> None:
    """Poll `url` (an ASK by GET) until the server answers 200; fail if it dies or stalls."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"{server.name} stopped at start (exit {server.process.returncode}):\n"
                        f"{_tail(server.log)}")  # fmt: skip
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            pytest.fail(
                f"{server.name} did not answer in {START_TIMEOUT:g} s:\n{_tail(server.log)}"
            )
        time.sleep(0.2)


def start_oxigraph(folder: Path) -> Server:
    if not OXIGRAPH.exists():
        pytest.fail(f"{OXIGRAPH} is missing: install the test extra (pip install -e '.[test]')")
    port = free_port()
    log = folder / "oxigraph.log"
    command = [
        str(OXIGRAPH),
        "serve",
        "--location",
        str(folder / "data"),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout-s",
        str(QUERY_TIMEOUT),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(
        "oxigraph",
        process,
        log,
        {
            "LANKA_REMOTE_QUERY_URL": f"{base}/query",
            "LANKA_REMOTE_UPDATE_URL": f"{base}/update",
            "LANKA_REMOTE_STORE_URL": f"{base}/store",
            "LANKA_REMOTE_DIALECT": "standard",
        },
    )
    wait_until_answers(server, f"{base}/query")
    return server


def ensure_virtuoso() -> Path:
    """Path of Debian's virtuoso-t, installing its package once if it is missing."""
    if VIRTUOSO.exists():
        return VIRTUOSO
    if shutil.which("apt-get") is None:
        pytest.fail("virtuoso-t is missing and apt-get is not available to install it")
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", VIRTUOSO_PACKAGE]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
        done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"cannot install {VIRTUOSO_PACKAGE}: {done.stderr[-2000:]}")
    if not VIRTUOSO.exists():
        pytest.fail(f"{VIRTUOSO_PACKAGE} is installed but {VIRTUOSO} is not there")
    return VIRTUOSO


VIRTUOSO_INI = """\
; generated by the lanka tests: a throw-away database on loopback ports
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 400
"""


def start_virtuoso(folder: Path) -> Server:
    binary = ensure_virtuoso()
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder, sql_port=sql_port, http_port=http_port, timeout=QUERY_TIMEOUT
        ),
        encoding="utf-8",
    )
    log = folder / "virtuoso.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(binary), "-f", "-c", str(ini)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        "virtuoso",
        process,
        folder / "virtuoso.log",
        {
            "LANKA_REMOTE_QUERY_URL": f"{base}/sparql",
            # updates need a user with SPARQL_UPDATE: the database's own dba, by digest
            "LANKA_REMOTE_UPDATE_URL": f"{base}/sparql-auth",
            "LANKA_REMOTE_USER": "dba",
            "LANKA_REMOTE_PASSWORD": "dba",
            "LANKA_REMOTE_AUTH": "digest",
            "LANKA_REMOTE_DIALECT": "virtuoso",
        },
    )
    wait_until_answers(server, f"{base}/sparql")
    return server
