"""Reference data shipped with the project (see docs/reference-data.md for the sources)."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_regions(Region):
    """Create or update the regions of ``portal/data/regions.json`` (parents before children)."""
    by_code = {}
    for row in read_json(DATA_DIR / "regions.json"):
        region, _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent": by_code.get(row["parent"])},
        )
        by_code[region.code] = region
    return len(by_code)


def load_departments(Department):
    rows = read_json(DATA_DIR / "departments.json")
    for row in rows:
        Department.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "short_name": row.get("short_name", "")}
        )
    return len(rows)
