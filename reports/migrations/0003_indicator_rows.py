"""One Indicator row per registered indicator, so that targets can be entered right after migrate."""

from django.db import migrations


def sync(apps, schema_editor):
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        write_rows(apps)


def write_rows(apps):
    from reports.indicators import REGISTRY, SUBJECT_TYPES

    Indicator = apps.get_model("reports", "Indicator")
    for d in REGISTRY.values():
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={
                "name": str(d.name)[:60],
                "unit": str(d.unit)[:20],
                "method": "computed",
                "subjects": list(SUBJECT_TYPES),
                "sort_order": d.order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_beat_schedule")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
