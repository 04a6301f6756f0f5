"""An officer opens the latest monthly bulletin, downloads its Word file, regenerates it (a real
worker does the work) and still finds one bulletin, not two."""

import io

import pytest
from docx import Document

from reports import services
from reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.celery_worker
def test_officer_opens_downloads_and_regenerates_the_latest_bulletin(
    report_data, officer, login_page, celery_worker_process, tmp_path
):
    older = Report.objects.create(kind="monthly_bulletin", year=2025, period=2)
    services.report_generate(older.pk)
    latest = Report.objects.create(kind="monthly_bulletin", year=2025, period=3)
    services.report_generate(latest.pk)
    latest.refresh_from_db()
    first_generated = latest.generated_at

    page = login_page(officer)
    page.click("nav >> text=报告")
    page.select_option("#id_kind", "monthly_bulletin")
    page.click("[data-testid=report-filters] button[type=submit]")
    page.locator("[data-testid=report-table] tbody tr a").first.click()
    assert latest.title in page.locator("h1.report-title").inner_text()
    assert page.locator("section[data-section]").count() == 4

    with page.expect_download() as download_info:
        page.click("[data-testid=download-docx]")
    path = tmp_path / "bulletin.docx"
    download_info.value.save_as(path)
    texts = [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]
    assert latest.title in texts and "三、存在问题" in texts

    page.click("[data-testid=regenerate]")
    page.wait_for_selector("#report-status[data-status=done]", state="attached", timeout=90000)
    page.wait_for_load_state("networkidle")
    latest.refresh_from_db()
    assert latest.status == "done" and latest.generated_at > first_generated
    assert "园区月度综合排名" in page.content()

    page.goto(page.live_server_url + "/reports/archive/?kind=monthly_bulletin&period=3")
    assert page.locator("[data-testid=report-table] tbody tr").count() == 1
    assert Report.objects.filter(kind="monthly_bulletin", year=2025, period=3).count() == 1
    page.screenshot(path=str(tmp_path / "bulletin.png"), full_page=True)
