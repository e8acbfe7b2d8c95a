"""Dashboards have no path to unreleased rows: not in the code, not in the queries."""

import ast
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from rehat.tests.personas import client_for

FORBIDDEN = ("rehat.responses", "rehat.conversations")


def test_insights_code_imports_no_answer_module():
    offenders = []
    for path in Path(__file__).parents[1].rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []


@pytest.mark.django_db(databases=["default", "anonymous"])
def test_dashboards_read_only_released_tables_on_the_anonymous_side(released):
    urls = [
        ("leader", "/wawasan/unit/ALFA/"),
        ("hr", "/wawasan/sdm/"),
        ("hr", "/wawasan/sdm/?unit=SETDA&metric=burnout_share"),
        ("hr", "/wawasan/rilis.csv"),
        ("employee", "/wawasan/kami-mendengar/"),
        ("leader", "/wawasan/laporan/"),
        ("hr", "/wawasan/unit/SETDA/"),
    ]
    with CaptureQueriesContext(connections["anonymous"]) as queries:
        for persona, url in urls:
            assert client_for(released, persona).get(url).status_code == 200
    tables = {
        q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries if " FROM " in q["sql"]
    }
    assert tables and all(t.startswith("releases_") for t in tables)
