import pytest

from rehat.checkins.domain.issuance import clear_key_cache
from rehat.checkins.domain.periods import clear_signer_cache
from rehat.tests.personas import Org, build_org


@pytest.fixture
def org(db: None) -> Org:
    """The persona agency of rehat/tests/personas.py."""
    return build_org()


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Primary keys repeat across rolled-back tests; per-process caches must not."""
    clear_key_cache()
    clear_signer_cache()
