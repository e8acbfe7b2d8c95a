import os
import subprocess
import sys

import pytest

from rehat.lib.env import ConfigurationError, env_bool, env_int, env_secret


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "true")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "False")
    assert env_bool("X_FLAG") is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", default=True) is True
    for bad in ["1", "yes", "on", "0"]:
        monkeypatch.setenv("X_FLAG", bad)
        with pytest.raises(ConfigurationError, match="X_FLAG"):
            env_bool("X_FLAG")


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "12")
    assert env_int("X_NUMBER", 5) == 12
    monkeypatch.setenv("X_NUMBER", "dua belas")
    with pytest.raises(ConfigurationError, match="X_NUMBER"):
        env_int("X_NUMBER", 5)


def test_env_secret_reads_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET", "other")
    with pytest.raises(ConfigurationError, match="not both"):
        env_secret("X_SECRET")


def _load_settings(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REHAT_")}
    clean.pop("SECRET_KEY", None)
    clean.update({"REHAT_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import rehat.settings as s; print(s.DEBUG, s.PRODUCTION)"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_unless_set(tmp_path):
    result = _load_settings({}, tmp_path)
    assert result.stdout.strip() == "False False"


def test_production_refuses_the_development_secret_key(tmp_path):
    result = _load_settings({"REHAT_PRODUCTION": "true"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_unknown_rehat_variables(tmp_path):
    result = _load_settings(
        {
            "REHAT_PRODUCTION": "true",
            "SECRET_KEY": "x" * 50,
            "REHAT_MASTER_KEY": "m" * 40,
            "REHAT_TYPO": "1",
        },
        tmp_path,
    )
    assert result.returncode != 0
    assert "REHAT_TYPO" in result.stderr


def test_production_refuses_to_start_without_a_master_key(tmp_path):
    result = _load_settings({"REHAT_PRODUCTION": "true", "SECRET_KEY": "x" * 50}, tmp_path)
    assert result.returncode != 0
    assert "REHAT_MASTER_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key(tmp_path):
    result = _load_settings(
        {
            "REHAT_PRODUCTION": "true",
            "SECRET_KEY": "x" * 50,
            "REHAT_MASTER_KEY": "m" * 40,
            "REHAT_ALLOWED_HOSTS": "rehat.go.id",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"
