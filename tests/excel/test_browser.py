"""Journeys in a real browser: an analyst's summary, a park's monthly upload with an error, a large
export run by a real Celery worker process."""

import io
from decimal import Decimal

import openpyxl
import pytest
import python_calamine

from enterprises.models import EnterpriseStat
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_builds_a_summary_and_downloads_it(login_page, analyst, park_a, park_b, tmp_path):
    enterprise = factories.EnterpriseFactory(park=park_a, industry=None)
    factories.EnterpriseStatFactory(enterprise=enterprise, year=2025, month=3, revenue=Decimal("880"))
    page = login_page(analyst)
    page.goto(page.live_server_url + "/reports/excel/summary/")
    page.select_option("#dimension", "park")
    page.select_option("#mode", "ytd")
    page.select_option("#year", "2025")
    page.select_option("#month", "3")
    for box in page.locator("input[name=indicators]").all():
        box.uncheck()
    page.check("#ind-revenue")
    page.click("[data-testid=build]")
    table = page.locator("[data-testid=summary-table]")
    table.wait_for()
    assert "Park A" in table.inner_text() and "880" in table.inner_text()
    page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=download-summary]")
    path = info.value.path()
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("汇总表").to_python()
    assert {row[0]: row[1] for row in rows[1:]}["Park A"] == 880


def test_park_staff_template_upload_error_fix_commit(login_page, staff_a, park_a, tmp_path):
    enterprise = factories.EnterpriseFactory(park=park_a, name="甲企业", industry=None)
    page = login_page(staff_a)
    page.goto(page.live_server_url + "/reports/excel/imports/")
    card = page.locator("[data-testid=import-enterprisestat]")
    with page.expect_download() as info:
        card.locator("[data-testid=template-enterprisestat]").click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["企业月度数据"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("企业统一社会信用代码") + 1).value == enterprise.uscc
    revenue = sheet.cell(2, header.index("营业收入（万元）") + 1)
    revenue.value = "一千五"
    book.save(tmp_path / "bad.xlsx")

    page.locator("[data-testid=upload-enterprisestat]").set_input_files(str(tmp_path / "bad.xlsx"))
    page.click("[data-testid=check-enterprisestat]")
    errors = page.locator("[data-testid=errors]")
    errors.wait_for()
    assert "营业收入（万元）" in errors.inner_text() and "“一千五”不是数字。" in errors.inner_text()
    assert page.locator("[data-testid=commit]").count() == 0
    page.screenshot(path=str(tmp_path / "preview-error.png"), full_page=True)
    assert not EnterpriseStat.objects.exists()

    revenue.value = 1500
    book.save(tmp_path / "good.xlsx")
    page.goto(page.live_server_url + "/reports/excel/imports/")
    page.locator("[data-testid=upload-enterprisestat]").set_input_files(str(tmp_path / "good.xlsx"))
    page.click("[data-testid=check-enterprisestat]")
    page.locator("[data-testid=commit]").click()
    page.locator("[data-testid=committed]").wait_for()
    stat = EnterpriseStat.objects.get()
    assert (stat.enterprise_id, stat.revenue) == (enterprise.pk, Decimal("1500"))


@pytest.mark.celery_worker
def test_a_large_export_runs_in_a_worker_with_a_progress_bar(
    celery_worker_process, login_page, officer, park_a, settings, tmp_path
):
    settings.EXCEL_EXPORT_SYNC_ROWS = 5  # anything above five rows goes to the worker
    factories.EnterpriseFactory.create_batch(12, park=park_a, industry=None)
    page = login_page(officer)
    page.goto(page.live_server_url + "/reports/excel/export/?export=enterprise")
    assert "/reports/excel/jobs/" in page.url
    page.locator("[data-testid=export-progress]").wait_for()
    link = page.locator("[data-testid=export-download]")
    link.wait_for(state="visible", timeout=60000)
    assert page.locator("[data-testid=export-progress]").inner_text() == "100%"
    page.screenshot(path=str(tmp_path / "job.png"), full_page=True)
    with page.expect_download() as info:
        link.click()
    rows = python_calamine.CalamineWorkbook.from_path(str(info.value.path())).get_sheet_by_name("企业").to_python()
    assert len(rows) == 13
    assert io  # the file came from the worker's job row
