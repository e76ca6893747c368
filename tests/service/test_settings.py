"""Settings come from LANKA_* variables or `.env`; command-line options override them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pytest

from loaders.errors import SettingsError
from service.settings import PROJECT_ROOT, Secret, Settings, env_name

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


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LANKA_PORT", "abc", "an integer 1–65535, not 'abc'"),
        ("LANKA_PORT", "0", "an integer 1–65535"),
        ("LANKA_PORT", "65536", "an integer 1–65535"),
        ("LANKA_ACCESS_LOG", "maybe", "true or false"),
        ("LANKA_WRITABLE", "", "true or false"),
        ("LANKA_STORE_KIND", "Remote", "one of: embedded, remote"),
        ("LANKA_REMOTE_AUTH", "ntlm", "one of: basic, digest"),
        ("LANKA_QUERY_TIMEOUT", "0", "a number > 0"),
        ("LANKA_QUERY_TIMEOUT", "nan", "a number > 0"),
        ("LANKA_QUERY_WORKERS", "0", "an integer ≥ 1"),
        ("LANKA_RESULT_CACHE_MB", "-1", "an integer ≥ 0"),
        ("LANKA_MAX_REQUEST_BYTES", "1023", "an integer ≥ 1024"),
        ("LANKA_MAX_RESULT_ROWS", "0", "an integer ≥ 1"),
        ("LANKA_MAX_RESULT_BYTES", "10", "an integer ≥ 1024"),
    ],
)
def test_a_bad_value_is_an_error_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        Settings()
    assert raised.value.en.startswith(f"{variable} must be {expected}")
    assert raised.value.fi.startswith(f"{variable}:n pitää olla")


def test_every_bad_value_is_named_in_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANKA_PORT", "abc")
    with pytest.raises(SettingsError, match=r"LANKA_PORT .*; LANKA_QUERY_WORKERS"):
        Settings(query_workers=0)


def test_a_bad_value_on_the_command_line_exits_1_with_a_message(tmp_path: Path) -> None:
    env = {**os.environ, "LANKA_PORT": "abc"}
    done = subprocess.run(
        [LANKA, "stats"], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "LANKA_PORT must be an integer 1–65535, not 'abc'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("TRUE", True), ("yes", True), ("On", True), ("1", True)],
        *[("false", False), ("NO", False), ("off", False), ("0", False)],
    ],
)
def test_booleans_are_read_like_pydantic(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("LANKA_ACCESS_LOG", value)
    assert Settings().access_log is expected


def test_names_are_read_in_any_case_and_unknown_ones_are_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("lanka_query_timeout", "2.5")
    monkeypatch.setenv("LANKA_NO_SUCH_SETTING", "x")
    assert Settings().query_timeout == 2.5


def test_comma_separated_lists_are_split_and_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANKA_CORS_ORIGINS", " https://a.example , https://b.example,, ")
    settings = Settings(fetch_allow="https://c.example/")
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.fetch_allow == ["https://c.example/"]
    assert Settings(cors_origins=["https://d.example"]).cors_origins == ["https://d.example"]


def test_the_environment_wins_over_dotenv_and_arguments_over_both(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "# a comment\nLANKA_HOST='10.0.0.1'  # where\nLANKA_AREA=\"dotenv\"\nLANKA_STORE=s\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANKA_AREA", "environment")
    monkeypatch.delenv("LANKA_HOST", raising=False)
    settings = Settings(store=Path("argument"))
    assert (settings.host, settings.area, settings.store) == (
        "10.0.0.1",
        "environment",
        Path("argument"),
    )


def test_secrets_stay_out_of_repr_and_str_and_may_be_given_as_text() -> None:
    settings = Settings(update_token="a-token-of-twenty-chars", remote_password=Secret("pw-x"))
    assert settings.update_token == Secret("a-token-of-twenty-chars")
    assert settings.update_token.get_secret_value() == "a-token-of-twenty-chars"
    assert "a-token-of-twenty-chars" not in repr(settings) + str(settings.update_token)
    assert "pw-x" not in repr(settings)


def test_replace_checks_its_changes_and_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(area="first")
    monkeypatch.setenv("LANKA_AREA", "not read again")
    assert settings.replace(port=9000) == Settings(area="first", port=9000)
    with pytest.raises(SettingsError, match="LANKA_PORT"):
        settings.replace(port=70000)
    with pytest.raises(TypeError, match="unknown settings: prot"):
        settings.replace(prot=9000)


def test_settings_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        Settings().port = 1  # type: ignore[misc]


def test_every_setting_has_a_description_and_a_row_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for setting in fields(Settings):
        assert setting.metadata["description"]
        assert f"| `{env_name(setting)}`" in readme or f", `{env_name(setting)}` |" in readme


def test_importing_the_settings_does_not_import_pydantic() -> None:
    code = "import sys, service.cli; print(any('pydantic' in name for name in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


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
