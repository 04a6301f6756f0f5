"""Reference data of the enterprises app (see docs/reference-data.md)."""

from pathlib import Path

from portal.reference import read_json

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_industries(Industry):
    by_code = {}
    for row in read_json(DATA_DIR / "industries.json"):
        industry, _ = Industry.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent": by_code.get(row["parent"])},
        )
        by_code[industry.code] = industry
    return len(by_code)


def load_qualification_kinds(QualificationKind):
    rows = read_json(DATA_DIR / "qualification_kinds.json")
    for order, row in enumerate(rows):
        QualificationKind.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "validity_years": row.get("validity_years"), "sort_order": order},
        )
    return len(rows)
