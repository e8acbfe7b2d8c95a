from django.db import transaction

from rehat.organizations.models import Unit


@transaction.atomic
def rebuild_paths() -> int:
    """Recompute every unit's path and depth from the parent links; returns units changed.

    Callers guarantee the parent links form a tree (imports reject cycles first).
    """
    rows = list(Unit.objects.values_list("pk", "parent_id", "path", "depth"))
    parent_of = {pk: parent for pk, parent, _, _ in rows}
    path_of: dict[int, str] = {}

    def path(pk: int) -> str:
        if pk not in path_of:
            parent = parent_of[pk]
            path_of[pk] = (path(parent) if parent else "/") + f"{pk}/"
        return path_of[pk]

    changed = []
    for pk, _, old_path, old_depth in rows:
        new_path = path(pk)
        depth = new_path.count("/") - 2
        if new_path != old_path or depth != old_depth:
            changed.append(Unit(pk=pk, path=new_path, depth=depth))
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=1000)
    return len(changed)
