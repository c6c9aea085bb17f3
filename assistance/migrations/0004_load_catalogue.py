from django.db import migrations


def forward(apps, schema_editor):
    from assistance.catalogue import load_catalogue

    load_catalogue(apps.get_model("assistance", "MeasureCategory"))


class Migration(migrations.Migration):
    dependencies = [("assistance", "0003_contacts")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
