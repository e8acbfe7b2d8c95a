import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from rehat.organizations.models import ImportBatch


def _batch(days_old: int, applied: bool) -> ImportBatch:
    batch = ImportBatch.objects.create(kind="units", file_name="u.csv", content=b"x")
    created = timezone.now() - datetime.timedelta(days=days_old)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created=created, applied=created if applied else None
    )
    return batch


@pytest.mark.django_db
def test_prune_deletes_only_old_unapplied_uploads():
    old = _batch(10, applied=False)
    recent = _batch(1, applied=False)
    applied = _batch(30, applied=True)
    out = io.StringIO()
    call_command("prune_imports", stdout=out)
    assert sorted(ImportBatch.objects.values_list("pk", flat=True)) == sorted(
        [recent.pk, applied.pk]
    )
    assert not ImportBatch.objects.filter(pk=old.pk).exists()
    assert out.getvalue().startswith("1 ")
