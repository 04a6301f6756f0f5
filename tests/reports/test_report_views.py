"""Report pages, downloads, regenerate, failures, targets, notifications and reminders."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Notification
from reports import services, tasks
from reports.models import Report, Target
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(report_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.report_request(user=None, kind="monthly_bulletin", year=2025, period=3)
        return services.report_generate(report.pk)


def test_every_role_reads_the_archive_filtered_by_kind_and_period(client_for, bulletin, leader, staff_a):
    Report.objects.create(kind="quarterly", year=2025, period=1, status="done", title="季度报告")
    for user in (leader, staff_a):
        client = client_for(user)
        page = client.get(reverse("reports:report_list"), {"kind": "monthly_bulletin"}).content.decode()
        assert bulletin.title in page and "季度报告" not in page
        assert client.get(reverse("reports:report_list"), {"period": "1"}).content.decode().count("季度报告") == 1
        detail = client.get(reverse("reports:report_detail", args=[bulletin.pk])).content.decode()
        assert "一、总体情况" in detail and "园区月度综合排名" in detail
        assert 'data-testid="regenerate"' not in detail


def test_downloads_are_word_and_excel(client_for, bulletin, analyst):
    client = client_for(analyst)
    docx = client.get(reverse("reports:report_download", args=[bulletin.pk, "docx"]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
    assert ".docx" in docx["Content-Disposition"]
    xlsx = client.get(reverse("reports:report_download", args=[bulletin.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert client.get(reverse("reports:report_download", args=[bulletin.pk, "pdf"])).status_code == 404


def test_only_officers_regenerate_and_a_rerun_keeps_one_report(
    client_for, bulletin, leader, officer, django_capture_on_commit_callbacks
):
    url = reverse("reports:report_regenerate", args=[bulletin.pk])
    assert client_for(leader).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(officer).post(url)
    assert response.status_code == 302 and len(callbacks) == 1
    bulletin.refresh_from_db()
    assert bulletin.status == "queued" and bulletin.html  # the previous text stays visible meanwhile
    services.report_generate(bulletin.pk)
    assert Report.objects.filter(kind="monthly_bulletin").count() == 1


def test_a_failed_report_shows_its_error_to_officers_only(client_for, officer, leader, monkeypatch, region):
    report = Report.objects.create(kind="quarterly", year=2025, period=2, queued_at=services.timezone.now())

    def broken(*args, **kwargs):
        raise RuntimeError("no figures for the chosen subject")

    monkeypatch.setattr(services.report_content, "build", broken)
    tasks.generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == "failed" and "no figures for the chosen subject" in report.error
    page = client_for(officer).get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "no figures for the chosen subject" in page and _("The report could not be generated.") in page
    page = client_for(leader).get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "no figures for the chosen subject" not in page and _("The report could not be generated.") in page


def test_officers_request_a_report_and_a_wrong_period_is_refused(client_for, officer, region):
    client = client_for(officer)
    response = client.post(
        reverse("reports:report_create"), {"kind": "quarterly", "year": 2025, "period": 5, "subject_type": "region"}
    )
    assert response.status_code == 200
    assert _("This kind of report has periods 1 to %(top)s.") % {"top": 4} in response.content.decode()
    assert Report.objects.count() == 0


def test_stuck_reports_are_found_and_resent(region, django_capture_on_commit_callbacks):
    old = services.timezone.now() - datetime.timedelta(hours=1)
    stuck = Report.objects.create(
        kind="quarterly", year=2025, period=1, status="running", started_at=old, queued_at=old
    )
    Report.objects.create(kind="quarterly", year=2025, period=2, status="running", started_at=services.timezone.now())
    Report.objects.create(kind="annual", year=2024, period=0, status="done", queued_at=old)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.reports_resend_stuck() == [stuck.pk]
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    assert stuck.status == "queued"


def test_targets_are_entered_in_the_browser_and_show_progress(client_for, officer, leader, report_data):
    client = client_for(officer)
    indicator = f.IndicatorFactory(code="tax", name="Tax")
    response = client.post(
        reverse("reports:target_create"),
        {"indicator": indicator.pk, "subject_type": "region", "subject_id": "", "year": 2025, "value": "-5"},
    )
    assert response.status_code == 200 and Target.objects.filter(indicator=indicator).count() == 0
    response = client.post(
        reverse("reports:target_create"),
        {"indicator": indicator.pk, "subject_type": "region", "subject_id": "", "year": 2025, "value": "5000"},
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator=indicator)
    rows = services.target_progress([target], today=datetime.date(2025, 4, 15))
    # tax of 2025 months 1–3 from the fixture rows: Σ over four parks, two enterprises, three months
    expected = sum(Decimal(5 * (2 + i) + i) * 2 * 3 for i in range(4))
    assert rows[0]["actual"] == expected
    assert rows[0]["progress"] == (expected / 5000).quantize(Decimal("0.0001"))
    assert rows[0]["elapsed"] == Decimal("0.2500")
    assert client_for(leader).get(reverse("reports:target_create")).status_code == 403
    assert client_for(leader).get(reverse("reports:target_list")).status_code == 200


def test_reminders_reach_the_bell_once(client_for, report_data, staff_a, staff_b, officer):
    officer.email = "officer@example.com"
    officer.save()
    today = datetime.date(2025, 4, 2)
    created = services.send_reminders(today=today)
    assert created > 0
    assert services.send_reminders(today=today) == 0  # not repeated
    kinds = set(Notification.objects.filter(user=staff_a).values_list("kind", flat=True))
    assert {"submission", "lagging_project", "idle_land"} <= kinds
    assert {"submission", "qualification", "idle_land"} <= set(
        Notification.objects.filter(user=staff_b).values_list("kind", flat=True)
    )
    officer_kinds = set(Notification.objects.filter(user=officer).values_list("kind", flat=True))
    assert {"overdue_request", "lagging_project", "idle_land"} <= officer_kinds
    client = client_for(staff_a)
    assert client.get(reverse("reports:notification_list")).status_code == 200
    page = client.get(reverse("reports:notification_badge")).content.decode()
    unread = Notification.objects.filter(user=staff_a).count()
    assert f'data-testid="unread-count">{unread}<' in page
    client.post(reverse("reports:notification_read_all"))
    assert Notification.objects.filter(user=staff_a, read_at__isnull=True).count() == 0


def test_beat_tasks_queue_the_reports_of_the_period(region, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2025, 4, 10))
    with django_capture_on_commit_callbacks(execute=False):
        tasks.monthly_bulletin()
        tasks.quarterly_report()
    keys = set(Report.objects.values_list("kind", "year", "period"))
    assert keys == {("monthly_bulletin", 2025, 3), ("quarterly", 2025, 1)}
