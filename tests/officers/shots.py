"""Screenshots of the journeys when I6_SHOTS names a folder (for looking at the pages)."""

import os


def shot(page, name):
    folder = os.environ.get("I6_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def load_reference_data():
    """The reference rows the data migrations load (regions, departments, industries,
    qualification kinds), again: a transactional test before ours may have flushed them."""
    from enterprises.models import Industry, QualificationKind
    from enterprises.reference import load_industries, load_qualification_kinds
    from portal.models import Department, Region
    from portal.reference import load_departments, load_regions

    if not Region.objects.filter(code="610112").exists():
        load_regions(Region)
    if not Department.objects.filter(code="fgw").exists():
        load_departments(Department)
    if not Industry.objects.filter(code="39").exists():
        load_industries(Industry)
    if not QualificationKind.objects.filter(code="high_tech").exists():
        load_qualification_kinds(QualificationKind)
