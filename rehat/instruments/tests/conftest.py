import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest


def packaged(name: str) -> Any:
    """A JSON file as shipped inside the package (not the research folder)."""
    return json.loads(
        resources.files("rehat.instruments").joinpath("definitions", name).read_text()
    )


@pytest.fixture
def agency_dir(tmp_path: Path, settings: Any) -> Path:
    """An empty agency folder, configured as the instruments override folder."""
    settings.INSTRUMENTS_DIR = str(tmp_path)
    return tmp_path
