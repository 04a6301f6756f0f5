"""Audit and administration (等保 2.0): the access log is written for sign-ins, failed sign-ins,
sign-outs, exports, views of enterprise figures and refusals; it cannot be changed or erased; only
the audit administrator reads it; exported workbooks and reports carry who and when."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from docx import Document

from portal import audit_log, watermark
from portal.models import AuditEvent, AuditLogImmutable
from portal.roles import Role
from tests import factories
from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(django_user_model):
    return make_user(django_user_model, "auditor", Role.AUDIT_ADMIN)


@pytest.fixture
def sysadmin(django_user_model):
    return make_user(django_user_model, "sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def secadmin(django_user_model):
    return make_user(django_user_model, "secadmin", Role.SECURITY_ADMIN)


def kinds(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk").values_list("kind", flat=True))


# -- events ---------------------------------------------------------------------------------------


def test_sign_in_failed_sign_in_and_sign_out_are_logged(client, officer):
    assert client.post(reverse("login"), {"username": "officer", "password": "wrong"}).status_code == 200
    failed = AuditEvent.objects.get(kind="login_failed")
    assert (failed.username, failed.user_id, failed.ip) == ("officer", None, "127.0.0.1")
    assert "wrong" not in str(failed.detail)  # never the password tried
    assert client.post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert kinds(username="officer") == ["login_failed", "login", "logout"]
    assert AuditEvent.objects.get(kind="login").user == officer


def test_exports_and_views_of_enterprise_figures_are_logged(officer, park_a, client_for):
    enterprise = factories.EnterpriseFactory(park=park_a, name="华星材料有限公司")
    client = client_for(officer)
    response = client.get("/reports/excel/export/?export=enterprise&scale=medium")
    assert response.status_code == 200
    export = AuditEvent.objects.get(kind="export")
    assert (export.username, export.object_type) == ("officer", "enterprises.enterprise")
    assert export.detail["export"] == "enterprise" and export.detail["query"] == "scale=medium"
    assert client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).status_code == 200
    view = AuditEvent.objects.get(kind="view_enterprise_figures")
    assert (view.object_type, view.object_id, view.object_repr) == (
        "enterprises.enterprise",
        str(enterprise.pk),
        "华星材料有限公司",
    )
    assert client.get(f"/api/enterprise-stats/?enterprise={enterprise.pk}").status_code == 200
    assert kinds(username="officer")[-1] == "view_enterprise_figures"


def test_a_refused_request_is_logged(leader, client_for):
    client = client_for(leader)
    assert client.get(reverse("audit_list")).status_code == 403
    event = AuditEvent.objects.get(kind="permission_denied")
    assert (event.username, event.path) == ("leader", "/audit/")


# -- append-only ----------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_erase_the_log(officer):
    event = AuditEvent.objects.create(kind="login", user=officer, username="officer")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    event.username = "someone else"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "officer"


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_even_in_raw_sql(officer):
    event = AuditEvent.objects.create(kind="export", user=officer, username="officer")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE portal_auditevent SET username = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM portal_auditevent WHERE id = %s", [event.pk])
    # the purge flag does not open rows younger than 180 days either
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL portal.audit_purge = 'on'")
        cursor.execute("DELETE FROM portal_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, username="officer").exists()


def aged(days, username):
    return AuditEvent.objects.create(
        kind="login", username=username, time=timezone.now() - datetime.timedelta(days=days)
    )


def test_the_purge_keeps_six_months_and_refuses_younger_dates(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    old, young = aged(400, "old"), aged(100, "young")
    recent = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    with pytest.raises(CommandError, match="kept 180 days"):
        call_command("audit_purge", "--before", recent)
    assert AuditEvent.objects.count() == 2
    call_command("audit_purge", stdout=io.StringIO())
    assert list(AuditEvent.objects.values_list("username", flat=True)) == ["young"]
    assert not AuditEvent.objects.filter(pk=old.pk).exists() and AuditEvent.objects.filter(pk=young.pk).exists()


def test_the_retention_cannot_be_set_below_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30  # a setting lowered by hand is raised to the minimum
    aged(200, "kept-a-while")
    aged(170, "too-young")
    call_command("audit_purge", stdout=io.StringIO())
    assert list(AuditEvent.objects.values_list("username", flat=True)) == ["too-young"]


# -- the three administrators ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "officer", "leader", "analyst", "admin_user", "sysadmin", "secadmin"])
def test_only_the_audit_administrator_opens_the_audit_page(persona, request, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("audit_list")).status_code == 403
    assert client_for(user).get(reverse("audit_list"), {"export": "1"}).status_code == 403
    assert client_for(user).get("/admin/portal/auditevent/").status_code in (302, 403)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("audit_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_each_administrator_reaches_only_their_part_of_the_admin(auditor, sysadmin, secadmin, client_for):
    assert sysadmin.is_staff and secadmin.is_staff and auditor.is_staff
    expected = {
        # path: (auditor, sysadmin, secadmin)
        "/admin/portal/auditevent/": (200, 403, 403),
        "/admin/portal/user/": (403, 403, 200),
        "/admin/auth/group/": (403, 403, 200),
        "/admin/portal/region/": (403, 200, 403),
        "/admin/django_celery_beat/periodictask/": (403, 200, 403),
        "/admin/enterprises/enterprise/": (403, 403, 403),
    }
    for path, answers in expected.items():
        got = tuple(client_for(user).get(path).status_code for user in (auditor, sysadmin, secadmin))
        assert got == answers, path


def test_the_administrators_home_pages_show_only_their_own_entries(auditor, sysadmin, secadmin, client_for):
    pages = {user.username: client_for(user).get("/").content.decode() for user in (auditor, sysadmin, secadmin)}
    assert 'href="/audit/"' in pages["auditor"] and 'href="/admin/"' not in pages["auditor"]
    for name in ("sysadmin", "secadmin"):
        assert 'href="/admin/"' in pages[name] and 'href="/audit/"' not in pages[name]
    for page in pages.values():  # no business pages
        assert 'href="/enterprises/"' not in page and 'href="/reports/cockpit/"' not in page
    assert "审计管理员" in pages["auditor"] and "安全管理员" in pages["secadmin"]


def test_an_account_moved_out_of_an_administrator_role_leaves_the_admin(sysadmin, client_for):
    sysadmin.role = Role.ANALYST
    sysadmin.save()
    sysadmin.refresh_from_db()
    assert not sysadmin.is_staff
    assert client_for(sysadmin).get("/admin/portal/region/").status_code == 302  # to the admin's sign-in


def test_nobody_can_delete_audit_events_in_the_admin(auditor, admin_user, client_for):
    event = AuditEvent.objects.create(kind="login", username="x")
    for user in (auditor, admin_user):
        client = client_for(user)
        assert client.post(f"/admin/portal/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.post(
            "/admin/portal/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
        ).status_code in (200, 302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_security_administrator_cannot_make_a_superuser(secadmin, officer, client_for):
    client = client_for(secadmin)
    page = client.get(f"/admin/portal/user/{officer.pk}/change/")
    assert page.status_code == 200
    data = {
        "username": "officer",
        "role": "analyst",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    client.post(f"/admin/portal/user/{officer.pk}/change/", data)
    officer.refresh_from_db()
    assert officer.role == Role.ANALYST  # the role is theirs to manage
    assert not officer.is_superuser and not officer.is_staff


def test_role_changes_made_in_the_admin_appear_on_the_audit_page(secadmin, officer, auditor, client_for):
    data = {
        "username": "officer",
        "role": "leader",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    assert client_for(secadmin).post(f"/admin/portal/user/{officer.pk}/change/", data).status_code == 302
    page = client_for(auditor).get(reverse("audit_list"), {"source": "admin", "user": "secadmin"})
    entries = page.context["entries"]
    assert [(e.username, e.action_label, e.object_type) for e in entries] == [
        ("secadmin", "修改（后台管理）", "portal.user")
    ]
    assert entries[0].what == "用户 officer"
    assert "Role" in entries[0].changes[0][2] or "角色" in entries[0].changes[0][2]


def test_the_security_administrator_cannot_touch_a_superuser(secadmin, admin_user, client_for):
    client = client_for(secadmin)
    data = {"username": "admin", "role": "analyst", "is_active": "", "date_joined_0": "2026-01-01"}
    assert client.post(f"/admin/portal/user/{admin_user.pk}/change/", data).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.role == Role.ADMIN


# -- the audit page -------------------------------------------------------------------------------


def test_the_page_shows_changes_with_old_and_new_values_and_access_events(auditor, officer, park_a, client_for):
    from enterprises import services as enterprise_services

    enterprise = factories.EnterpriseFactory(park=park_a, name="旧名称有限公司")
    enterprise_services.enterprise_update(
        user=officer, obj=enterprise, data={"name": "新名称有限公司"}, expected_version=enterprise.version
    )
    AuditEvent.objects.create(kind="export", user=officer, username="officer", object_repr="企业")
    page = client_for(auditor).get(reverse("audit_list"), {"user": "officer"}).content.decode()
    assert "旧名称有限公司 → 新名称有限公司" in page
    assert "导出" in page
    only_changes = client_for(auditor).get(reverse("audit_list"), {"source": "enterprises.enterprise"})
    text = only_changes.content.decode()
    assert "新名称有限公司" in text and 'data-source="access"' not in text


def test_filters_by_user_kind_and_dates_and_pages(auditor, client_for):
    now = timezone.now()
    for n in range(55):
        AuditEvent.objects.create(kind="export", username="u1", time=now - datetime.timedelta(minutes=n))
    AuditEvent.objects.create(kind="login_failed", username="u2", time=now - datetime.timedelta(days=10))
    client = client_for(auditor)

    def rows(**params):
        filters = audit_log.Filters(**params)
        return audit_log.timeline(filters, limit=1000)

    assert len(rows(user="u1")) == 55
    assert [e.username for e in rows(source="access:login_failed")] == ["u2"]
    day = timezone.localdate(now - datetime.timedelta(days=10))
    assert [e.username for e in rows(date_from=day, date_to=day)] == ["u2"]
    first = client.get(reverse("audit_list"), {"user": "u1"})
    assert first.context["has_next"] and len(first.context["entries"]) == 50
    second = client.get(reverse("audit_list"), {"user": "u1", "page": 2})
    assert not second.context["has_next"] and len(second.context["entries"]) == 5
    wrong = client.get(reverse("audit_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "开始日期晚于结束日期" in wrong.content.decode() and wrong.context["entries"] == []


def test_the_audit_export_is_a_watermarked_workbook_and_is_itself_logged(auditor, client_for):
    AuditEvent.objects.create(kind="login_failed", username="intruder", detail={"username": "intruder"})
    response = client_for(auditor).get(reverse("audit_list"), {"source": "access:login_failed", "export": "1"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1] == "intruder" and values[1][3] == "登录失败"
    assert "导出：auditor" in sheet.oddFooter.left.text and "导出：auditor" in sheet.oddHeader.left.text
    assert AuditEvent.objects.filter(kind="audit_export", username="auditor").exists()


# -- watermarks -----------------------------------------------------------------------------------


def test_every_exported_workbook_names_the_user_and_time(officer, park_a, client_for):
    factories.EnterpriseFactory(park=park_a)
    response = client_for(officer).get("/reports/excel/export/?export=enterprise")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    today = timezone.localdate().isoformat()
    for sheet in book.worksheets:  # the data sheet and the filters sheet
        footer = sheet.oddFooter.left.text
        assert footer.startswith("导出：officer ") and today in footer, footer


def test_a_scheduled_report_names_the_system_and_each_download_names_who_downloaded(
    leader, analyst, client_for, monkeypatch
):
    from reports import services
    from reports.models import Report

    content = {
        "title": "测试报告",
        "subtitle": "2025年一季度",
        "sections": [],
        "tables": [{"title": "表一", "columns": ["园区", "产值"], "rows": [["A", "1"]]}],
        "problems": [],
    }
    monkeypatch.setattr(services.report_content, "build", lambda *a, **k: content)
    monkeypatch.setattr(services, "render_to_string", lambda *a, **k: "")
    report = Report.objects.create(kind="quarterly", year=2025, period=1, generated_by=None)
    services.report_generate(report.pk)
    for user in (leader, analyst):
        client = client_for(user)
        docx = client.get(reverse("reports:report_download", args=[report.pk, "docx"]))
        header = Document(io.BytesIO(b"".join(docx.streaming_content))).sections[0].header.paragraphs[0].text
        assert header.startswith("生成：系统 ") and f"下载：{user.username} " in header, header
        assert watermark.PLACEHOLDER not in header
        xlsx = client.get(reverse("reports:report_download", args=[report.pk, "xlsx"]))
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
        assert "生成：系统" in sheet.oddHeader.left.text and f"下载：{user.username}" in sheet.oddHeader.left.text
    assert kinds(kind="report_download") == ["report_download"] * 4


def test_a_file_without_the_placeholder_is_downloaded_unchanged():
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    assert watermark.stamp_download(book.getvalue(), "下载：x") == book.getvalue()
    assert watermark.stamp_download(b"not a zip", "下载：x") == b"not a zip"
