from django.db import migrations


def load(apps, schema_editor):
    from portal.reference import load_departments, load_regions

    load_regions(apps.get_model("portal", "Region"))
    load_departments(apps.get_model("portal", "Department"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
