import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REHAT = Path(sys.executable).parent / "rehat"


def score(*args: str) -> str:
    out = StringIO()
    call_command("score", *args, stdout=out)
    return out.getvalue()


def test_score_prints_total_band_and_safety_flag():
    output = score("phq9", "0", "0", "0", "0", "0", "0", "0", "0", "1")
    assert "Skor total: 1 (rentang 0–27)" in output
    assert "None-minimal" in output
    assert "Penanda: safety" in output
    assert "healing119.id" in output


def test_score_json_has_the_documented_keys():
    result = json.loads(score("phq9", *["0"] * 8, "2", "--json"))
    assert result["instrument"] == "phq9"
    assert result["total"] == 2
    assert result["band"] == "None-minimal"
    assert result["flags"] == ["safety"]
    assert set(result) == {"instrument", "total", "band", "flags", "details"}


def test_score_json_for_who5_has_percentage():
    result = json.loads(score("who5", "3", "3", "2", "2", "2", "--json"))
    assert (result["total"], result["percentage"]) == (12, 48)
    assert result["band"] == "Poor/low well-being - screen for depression"
    assert result["flags"] == []


def test_score_json_for_cbi_has_subscales():
    answers = ["75"] * 12 + ["100"] + ["25"] * 6
    result = json.loads(score("cbi", *answers, "--json"))
    assert "total" not in result
    assert result["subscales"]["work"] == {"score": 64.2857, "band": "Moderate burnout"}


def test_score_json_for_phq2_recommends_phq9():
    result = json.loads(score("phq2", "2", "1", "--json"))
    assert result["flags"] == ["recommend_phq9"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["phq9", "0", "0"], "membutuhkan tepat 9 jawaban"),
        (["phq9"], "yang diberikan 0"),
        (["gad7", "0", "0", "0", "0", "0", "0", "4"], "butir 7 harus salah satu dari 0, 1, 2, 3"),
        (["gad2", "1", "satu"], "Jawaban ke-2 ('satu') bukan bilangan bulat"),
        (["k10", *["0"] * 10], "butir 1 harus salah satu dari 1, 2, 3, 4, 5"),
        (["bat12", "1"], "Instrumen 'bat12' tidak dikenal"),
    ],
)
def test_score_rejects_bad_input_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        score(*args)


def test_rehat_score_exits_non_zero_on_incomplete_answers():
    result = subprocess.run(
        [str(REHAT), "score", "phq9", "1", "2", "--json"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "membutuhkan tepat 9 jawaban" in result.stderr
    assert result.stdout == ""


def test_rehat_score_exits_zero_with_json():
    result = subprocess.run(
        [str(REHAT), "score", "single-item-burnout", "3", "--json"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["band"] == "Burnout (one or more symptoms)"
