"""Released rows are immutable in the database too, not only in the ORM.

Triggers refuse every UPDATE and DELETE on the released tables, whoever sends it (a
raw cursor, a DBA's console, a bug that bypasses the model). INSERT stays open: the
release job only ever inserts. The ε ledger is included: a charge is written once and
deleting it would refund privacy budget that was really spent.

SQLite: BEFORE UPDATE/DELETE row triggers that RAISE(ABORT). PostgreSQL: one plpgsql
function raising `restrict_violation` (an IntegrityError in Django on both engines),
attached BEFORE UPDATE OR DELETE FOR EACH ROW. TRUNCATE is not a row change and is not
trapped (test teardown flushes tables with it); production denies the app's role the
TRUNCATE privilege instead (docs/insights.md).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLES = ("releases_release", "releases_releasedstat", "releases_epsilonledger")
MESSAGE = "released rows never change"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION releases_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
"""


def _forward_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [PG_FUNCTION] + [
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION releases_refuse_change();"
            for table in TABLES
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({op} on {table})'); END;"
            for table in TABLES
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no immutability triggers for {vendor}")


def _reverse_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};" for table in TABLES] + [
            "DROP FUNCTION IF EXISTS releases_refuse_change();"
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
            for table in TABLES
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no immutability triggers for {vendor}")


def add_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _forward_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _reverse_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("releases", "0001_initial")]

    operations = [migrations.RunPython(add_triggers, drop_triggers, elidable=False)]
