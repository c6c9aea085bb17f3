"""Result and clue ids handed out 1,000 at a time per connection (PostgreSQL).

A department file writes its results and clues by INSERT … SELECT, one id per row; with the
default cache of 1 every id is a locked update of the sequence (and a WAL record every 32). The
ids stay unique; they are not a record of insertion order (nothing reads them as one: lists order
by dates and row numbers, the API's cursor by ``updated_at``).
"""

from django.db import migrations

TABLES = ("clues_matchresult", "clues_clue")


def set_cache(size: int):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id SET CACHE {size}")

    return run


class Migration(migrations.Migration):
    dependencies = [("clues", "0007_clue_register_refs_unconstrained")]

    operations = [migrations.RunPython(set_cache(1000), set_cache(1))]
