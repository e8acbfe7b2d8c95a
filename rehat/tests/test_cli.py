import subprocess
import sys
from pathlib import Path

import pytest

from rehat import cli

REHAT = str(Path(sys.executable).parent / "rehat")


def test_help_lists_the_operator_verbs(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for verb in ["demo", "serve", "worker", "import-units", "import-employees"]:
        assert verb in out


def test_installed_command_runs_django_commands(tmp_path):
    result = subprocess.run(
        [REHAT, "check"],
        capture_output=True,
        text=True,
        check=False,
        env={"REHAT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_bind_needs_an_address():
    with pytest.raises(SystemExit, match="--bind"):
        cli.main(["serve", "--bind"])


def test_init_creates_both_databases(tmp_path):
    result = subprocess.run(
        [REHAT, "init"],
        capture_output=True,
        text=True,
        check=False,
        env={"REHAT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "identity.sqlite3").exists()
    assert (tmp_path / "anonymous.sqlite3").exists()
