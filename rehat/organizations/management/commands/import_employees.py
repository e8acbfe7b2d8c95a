from rehat.organizations.management.commands.import_units import ImportCommand
from rehat.organizations.models import ImportBatch


class Command(ImportCommand):
    help = "Import employees from CSV or XLSX: a dry run, or --apply."
    kind = ImportBatch.Kind.EMPLOYEES
