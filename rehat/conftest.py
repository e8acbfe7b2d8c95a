import pytest

from rehat.tests.personas import Org, build_org


@pytest.fixture
def org(db: None) -> Org:
    """The persona agency of rehat/tests/personas.py."""
    return build_org()
