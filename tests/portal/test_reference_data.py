"""Structural checks of the shipped reference data (no Django, no database)."""

import json
import pathlib
import re
import string

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

REGIONS = ROOT / "portal" / "data" / "regions.json"
DEPARTMENTS = ROOT / "portal" / "data" / "departments.json"
QUALIFICATION_KINDS = ROOT / "enterprises" / "data" / "qualification_kinds.json"
INDUSTRIES = ROOT / "enterprises" / "data" / "industries.json"

ALL_FILES = [REGIONS, DEPARTMENTS, QUALIFICATION_KINDS, INDUSTRIES]


def load(path):
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    assert isinstance(data, list) and data, f"{path.name} must be a non-empty JSON list"
    return data


def codes_of(rows):
    return [row["code"] for row in rows]


def assert_unique(values, what):
    duplicates = sorted({v for v in values if values.count(v) > 1})
    assert not duplicates, f"duplicate {what}: {duplicates}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_file_is_utf8_json_list_with_trailing_newline(path):
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    text = raw.decode("utf-8")
    assert "\\u" not in text, "write with ensure_ascii=False"
    rows = load(path)
    assert all(isinstance(row, dict) for row in rows)
    assert all(isinstance(row.get("code"), str) and row["code"] for row in rows)
    assert all(isinstance(row.get("name"), str) and row["name"].strip() for row in rows)


# --- regions -------------------------------------------------------------------


def test_regions_codes_unique_six_digits_and_sorted():
    rows = load(REGIONS)
    codes = codes_of(rows)
    assert_unique(codes, "region codes")
    assert all(re.fullmatch(r"\d{6}", c) for c in codes), "region codes must be 6 digits"
    assert codes == sorted(codes)


def test_regions_levels_and_parents():
    rows = load(REGIONS)
    by_code = {row["code"]: row for row in rows}
    expected_parent_level = {"province": None, "city": "province", "district": "city"}
    for row in rows:
        level = row["level"]
        assert level in expected_parent_level, row
        parent = row["parent"]
        if level == "province":
            assert parent is None, row
            assert row["code"].endswith("0000"), row
            continue
        assert parent in by_code, f"parent of {row['code']} missing: {parent}"
        assert by_code[parent]["level"] == expected_parent_level[level], row
        if level == "city":
            # prefecture-level code: PPCC00, parent PP0000
            assert row["code"].endswith("00") and not row["code"].endswith("0000"), row
            assert row["code"][:2] == parent[:2], row
        else:
            # county-level code: PPCCDD, parent PPCC00
            assert not row["code"].endswith("00"), row
            assert row["code"][:4] == parent[:4], row


def test_regions_one_province_with_cities_and_districts():
    rows = load(REGIONS)
    provinces = [r for r in rows if r["level"] == "province"]
    cities = [r for r in rows if r["level"] == "city"]
    districts = [r for r in rows if r["level"] == "district"]
    assert len(provinces) == 1
    assert cities and districts
    city_codes = {c["code"] for c in cities}
    assert city_codes == {d["parent"] for d in districts}, "every city has districts"


# --- departments ---------------------------------------------------------------


def test_departments_codes_unique_ascii_and_names():
    rows = load(DEPARTMENTS)
    codes = codes_of(rows)
    assert_unique(codes, "department codes")
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes), codes
    assert_unique([r["name"] for r in rows], "department names")
    assert all(isinstance(r.get("short_name"), str) and r["short_name"] for r in rows)
    short_names = {r["short_name"] for r in rows}
    for required in ("工信局", "科技局", "发改委", "商务局", "财政局", "统计局", "市场监管局", "人社局"):
        assert required in short_names, required


# --- qualification kinds -------------------------------------------------------


def test_qualification_kinds():
    rows = load(QUALIFICATION_KINDS)
    codes = codes_of(rows)
    assert_unique(codes, "qualification kind codes")
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes), codes
    for row in rows:
        years = row["validity_years"]
        assert years is None or (isinstance(years, int) and not isinstance(years, bool) and years > 0), row
        levels = row["levels"]
        assert isinstance(levels, list) and levels, row
        assert set(levels) <= {"national", "provincial", "municipal"}, row
        assert len(levels) == len(set(levels)), row
    by_code = {r["code"]: r for r in rows}
    for required in ("high_tech", "tech_sme", "srdi_sme", "little_giant", "single_champion"):
        assert required in by_code, required
    assert by_code["high_tech"]["validity_years"] == 3


# --- industries ----------------------------------------------------------------


def test_industries_codes_unique_and_parents():
    rows = load(INDUSTRIES)
    codes = codes_of(rows)
    assert_unique(codes, "industry codes")
    by_code = {r["code"]: r for r in rows}
    seen = set()
    for row in rows:
        if row["level"] == "section":
            assert row["parent"] is None, row
            assert re.fullmatch(r"[A-T]", row["code"]), row
        else:
            assert row["level"] == "division", row
            assert re.fullmatch(r"\d{2}", row["code"]), row
            assert by_code.get(row["parent"], {}).get("level") == "section", row
            assert row["parent"] in seen, f"{row['code']} listed before its section"
        seen.add(row["code"])


def test_industries_twenty_sections_a_to_t():
    rows = load(INDUSTRIES)
    sections = [r["code"] for r in rows if r["level"] == "section"]
    assert sorted(sections) == list(string.ascii_uppercase[:20])
    names = {r["code"]: r["name"] for r in rows}
    assert names["C"] == "制造业"


def test_industries_all_manufacturing_divisions():
    rows = load(INDUSTRIES)
    manufacturing = {r["code"] for r in rows if r["level"] == "division" and r["parent"] == "C"}
    assert manufacturing == {f"{n:02d}" for n in range(13, 44)}
    names = {r["code"]: r["name"] for r in rows}
    assert names["39"] == "计算机、通信和其他电子设备制造业"
    assert names["36"] == "汽车制造业"


def test_industries_divisions_in_section_ranges():
    """Division codes of a section form one contiguous block, in section order."""
    rows = load(INDUSTRIES)
    divisions = [r for r in rows if r["level"] == "division"]
    numbers = [int(r["code"]) for r in divisions]
    assert numbers == sorted(numbers)
    parents = [r["parent"] for r in divisions]
    assert parents == sorted(parents)
