from django.db import migrations


def load(apps, schema_editor):
    from enterprises.reference import load_industries, load_qualification_kinds

    load_industries(apps.get_model("enterprises", "Industry"))
    load_qualification_kinds(apps.get_model("enterprises", "QualificationKind"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
