"""Applications: every allowed and refused step, who may take it, the budget, attachments, and the
eligible-enterprise list checked against plain Python over the rows."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from enterprises.models import Enterprise, EnterpriseStat, Qualification
from policies import rules, selectors, services
from policies.models import Application, ApplicationAttachment
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The messages are checked in Chinese, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


S = Application.Status


@pytest.fixture
def measure(department):
    return f.MeasureFactory(department=department, budget=Decimal("100"), amount_rule={"type": "fixed", "amount": "60"})


@pytest.fixture
def enterprise(park_a):
    return f.EnterpriseFactory(park=park_a)


def app(enterprise, measure, status=S.DRAFT, **extra):
    return f.ApplicationFactory(
        enterprise=enterprise, measure=measure, status=status, computed_amount=Decimal("60"), **extra
    )


def test_full_path(staff_a, officer, enterprise, measure):
    application = services.application_create(
        user=staff_a, data={"enterprise": enterprise, "measure": measure, "year": 2025}
    )
    assert application.computed_amount == Decimal("60.00") and application.status == S.DRAFT
    services.application_submit(user=staff_a, application=application)
    services.application_park_review(user=staff_a, application=application)
    services.application_approve(user=officer, application=application, amount=Decimal("50"))
    services.application_disburse(user=officer, application=application, disbursed_on=datetime.date.today())
    application.refresh_from_db()
    assert application.status == S.DISBURSED and application.approved_amount == Decimal("50")
    reasons = [h.history_change_reason for h in application.history.order_by("history_date", "history_id")]
    assert reasons == [
        "创建草稿",
        "草稿 → 已提交",
        "已提交 → 园区初审通过",
        "园区初审通过 → 部门审核通过: 50",
        "部门审核通过 → 已拨付",
    ]


def test_return_and_resubmit(staff_a, officer, enterprise, measure):
    application = app(enterprise, measure, S.SUBMITTED)
    services.application_return(user=staff_a, application=application, reason="缺少发票")
    application.refresh_from_db()
    assert application.status == S.RETURNED and application.review_note == "缺少发票"
    services.application_submit(user=staff_a, application=application)
    services.application_park_review(user=staff_a, application=application)
    services.application_reject(user=officer, application=application, reason="不符合条件")
    application.refresh_from_db()
    assert application.status == S.REJECTED


REFUSED_STEPS = [
    (S.DRAFT, "park_review"),
    (S.DRAFT, "approve"),
    (S.SUBMITTED, "approve"),
    (S.SUBMITTED, "disburse"),
    (S.PARK_REVIEWED, "submit"),
    (S.DEPARTMENT_APPROVED, "return"),
    (S.DISBURSED, "reject"),
    (S.REJECTED, "submit"),
    (S.RETURNED, "park_review"),
]


def step(name, user, application):
    calls = {
        "submit": lambda: services.application_submit(user=user, application=application),
        "park_review": lambda: services.application_park_review(user=user, application=application),
        "approve": lambda: services.application_approve(user=user, application=application, amount=Decimal("10")),
        "return": lambda: services.application_return(user=user, application=application, reason="x"),
        "reject": lambda: services.application_reject(user=user, application=application, reason="x"),
        "disburse": lambda: services.application_disburse(
            user=user, application=application, disbursed_on=datetime.date.today()
        ),
    }
    return calls[name]()


@pytest.mark.parametrize(("status", "action"), REFUSED_STEPS)
def test_refused_steps(admin_user, enterprise, measure, status, action):
    application = app(enterprise, measure, status)
    with pytest.raises(ValidationError) as exc:
        step(action, admin_user, application)
    assert "不能变更为" in exc.value.messages[0]
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize(
    ("persona", "status", "action", "message"),
    [
        ("staff_b", S.SUBMITTED, "park_review", "园区初审由企业所在园区人员办理。"),
        ("officer", S.SUBMITTED, "park_review", "园区初审由企业所在园区人员办理。"),
        ("staff_a", S.PARK_REVIEWED, "approve", "部门审核由该事项主管部门人员办理。"),
        ("leader", S.PARK_REVIEWED, "approve", "部门审核由该事项主管部门人员办理。"),
        ("staff_a", S.PARK_REVIEWED, "return", "部门审核由该事项主管部门人员办理。"),
        ("staff_a", S.DEPARTMENT_APPROVED, "disburse", "拨付由该事项主管部门人员登记。"),
        ("staff_b", S.DRAFT, "submit", "只能提交本园区企业的申报。"),
    ],
)
def test_who_may_take_a_step(request, enterprise, measure, persona, status, action, message):
    user = request.getfixturevalue(persona)
    application = app(enterprise, measure, status)
    with pytest.raises(ValidationError) as exc:
        step(action, user, application)
    assert exc.value.messages == [message]
    application.refresh_from_db()
    assert application.status == status


def test_officer_of_another_department_cannot_approve(django_user_model, enterprise, measure):
    from portal.models import Department

    other = django_user_model.objects.create_user(
        "kjj", role="officer", department=Department.objects.exclude(pk=measure.department_id).first()
    )
    application = app(enterprise, measure, S.PARK_REVIEWED)
    with pytest.raises(ValidationError):
        services.application_approve(user=other, application=application, amount=Decimal("10"))


def test_approved_amount_within_rule_and_budget(officer, park_a, measure):
    first = app(f.EnterpriseFactory(park=park_a), measure, S.PARK_REVIEWED)
    second = app(f.EnterpriseFactory(park=park_a), measure, S.PARK_REVIEWED)
    with pytest.raises(ValidationError) as exc:
        services.application_approve(user=officer, application=first, amount=Decimal("61"))
    assert exc.value.message_dict["approved_amount"] == ["核定金额不能超过按规则测算的金额（60.00）。"]
    services.application_approve(user=officer, application=first, amount=Decimal("60"))
    with pytest.raises(ValidationError) as exc:
        services.application_approve(user=officer, application=second, amount=Decimal("60"))
    assert exc.value.message_dict["approved_amount"] == ["核定 60 将超出该事项预算：剩余仅 40.00 万元。"]
    second.refresh_from_db()
    assert second.status == S.PARK_REVIEWED and second.approved_amount is None
    services.application_approve(user=officer, application=second, amount=Decimal("40"))
    total = sum(a.approved_amount for a in Application.objects.filter(measure=measure, status=S.DEPARTMENT_APPROVED))
    assert total == Decimal("100")
    assert selectors.remaining_budget(measure) == Decimal("0")


def test_return_needs_a_reason(staff_a, enterprise, measure):
    application = app(enterprise, measure, S.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        services.application_return(user=staff_a, application=application, reason="  ")
    assert exc.value.message_dict["reason"] == ["请填写原因，便于企业知晓如何处理。"]


def test_ratio_rule_needs_a_base(staff_a, enterprise, department):
    measure = f.MeasureFactory(department=department, amount_rule={"type": "ratio", "ratio": "0.2", "cap": "50"})
    with pytest.raises(ValidationError) as exc:
        services.application_create(user=staff_a, data={"enterprise": enterprise, "measure": measure, "year": 2025})
    assert "base_amount" in exc.value.message_dict
    application = services.application_create(
        user=staff_a,
        data={"enterprise": enterprise, "measure": measure, "year": 2025, "base_amount": Decimal("400")},
    )
    assert application.computed_amount == Decimal("50.00")  # 20% of 400 = 80, capped at 50


# -- attachments ------------------------------------------------------------------------------


def office_file(marker="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(marker, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("材料.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("scan.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("report.docx", office_file(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            "table.xlsx",
            office_file("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_accepted_attachments(staff_a, enterprise, measure, settings, tmp_path, name, content, content_type):
    settings.MEDIA_ROOT = tmp_path
    application = app(enterprise, measure)
    attachment = services.attachment_add(
        user=staff_a, application=application, upload=SimpleUploadedFile(name, content)
    )
    assert attachment.content_type == content_type and attachment.original_name == name
    stored = tmp_path / attachment.file.name
    assert stored.read_bytes() == content and name not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [("invoice.pdf", b"MZ\x90\x00 windows program"), ("page.docx", b"PK\x03\x04broken"), ("x.png", b"<html>")],
)
def test_refused_attachments(staff_a, enterprise, measure, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    application = app(enterprise, measure)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(user=staff_a, application=application, upload=SimpleUploadedFile(name, content))
    assert exc.value.message_dict["file"] == ["只接受 PDF、PNG 或 JPEG 图片以及 Word、Excel、PowerPoint 文件。"]
    assert not ApplicationAttachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_attachment_size_limit(staff_a, enterprise, measure, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("policies.attachments.MAX_BYTES", 1024)
    application = app(enterprise, measure)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            user=staff_a, application=application, upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000)
        )
    assert exc.value.message_dict["file"] == ["文件超过 0 MB。"]
    assert not ApplicationAttachment.objects.exists()


def test_attachment_served_only_in_scope(client_for, staff_a, staff_b, enterprise, measure, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = app(enterprise, measure)
    attachment = services.attachment_add(
        user=staff_a, application=application, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 data")
    )
    response = client_for(staff_a).get(f"/policies/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 data"
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert client_for(staff_b).get(f"/policies/attachments/{attachment.pk}/").status_code == 404
    client = client_for(staff_b)
    response = client.post(
        f"/policies/applications/{application.pk}/attachments/", {"file": SimpleUploadedFile("b.pdf", b"%PDF-")}
    )
    assert response.status_code == 404


# -- eligible enterprises ---------------------------------------------------------------------


def python_truth(measure, year, on):
    """Eligibility worked out from the rows with plain Python and the rule function."""
    eligible = []
    for enterprise in Enterprise.objects.filter(is_active=True):
        stats = list(EnterpriseStat.objects.filter(enterprise=enterprise, year=year))
        revenue = sum((s.revenue or 0) for s in stats) if stats else None
        rd = sum((s.rd_expense or 0) for s in stats) if stats else None
        kinds = {
            q.kind.code
            for q in Qualification.objects.filter(enterprise=enterprise)
            if q.granted_on <= on and (q.expires_on is None or q.expires_on >= on)
        }
        facts = {
            "qualification_kinds": kinds,
            "annual_revenue": revenue,
            "above_size": enterprise.above_size,
            "park_id": enterprise.park_id,
            "chain_ids": {node.chain_id for node in enterprise.chain_nodes.all()},
            "industry_code": enterprise.industry.code if enterprise.industry else None,
            "rd_intensity": (Decimal(rd) / Decimal(revenue)) if revenue else None,
        }
        if rules.eligible(measure.eligibility, facts)[0]:
            eligible.append(enterprise.pk)
    return sorted(eligible)


def make_population(park_a, park_b, n):
    chain = f.ChainFactory()
    node = f.ChainNodeFactory(chain=chain)
    for i in range(n):
        enterprise = f.EnterpriseFactory(park=park_a if i % 2 else park_b, above_size=i % 3 == 0)
        if i % 4 == 0:
            f.QualificationFactory(enterprise=enterprise)
        if i % 5 == 0:
            f.QualificationFactory(
                enterprise=enterprise,
                granted_on=datetime.date(2019, 1, 1),
                expires_on=datetime.date(2021, 12, 31),
            )
        for month in (1, 2):
            f.EnterpriseStatFactory(
                enterprise=enterprise,
                year=2025,
                month=month,
                revenue=Decimal(1000 * (i % 6)),
                rd_expense=Decimal(40 * (i % 3)),
            )
        if i % 2 == 0:
            node.enterprises.add(enterprise)
    return chain


def test_eligible_list_matches_plain_python(officer, park_a, park_b, department):
    chain = make_population(park_a, park_b, 24)
    on = datetime.date(2026, 6, 1)
    specs = [
        {},
        {"qualification_kinds": ["high_tech"]},
        {"min_revenue": "4000"},
        {"above_size_only": True, "parks": [park_a.pk]},
        {"chains": [chain.pk], "industries": ["C"]},
        {"min_rd_intensity": "0.02"},
        {"qualification_kinds": ["high_tech"], "min_revenue": "2000", "industries": ["39"]},
    ]
    for spec in specs:
        measure = f.MeasureFactory(department=department, eligibility=spec)
        found = sorted(e.pk for e in selectors.eligible_enterprises(user=officer, measure=measure, year=2025, on=on))
        assert found == python_truth(measure, 2025, on), spec


def test_eligible_list_is_scoped(staff_a, park_a, park_b, department):
    make_population(park_a, park_b, 6)
    measure = f.MeasureFactory(department=department, eligibility={})
    found = selectors.eligible_enterprises(user=staff_a, measure=measure, year=2025)
    assert {e.park_id for e in found} == {park_a.pk}


def eligible_queries(client, measure):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/policies/measures/{measure.pk}/eligible/?year=2025")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["rows"])


def test_eligible_page_queries_do_not_grow(client_for, officer, park_a, park_b, department):
    measure = f.MeasureFactory(department=department, eligibility={"min_revenue": "0"})
    client = client_for(officer)
    make_population(park_a, park_b, 4)
    small = eligible_queries(client, measure)
    make_population(park_a, park_b, 36)
    large = eligible_queries(client, measure)
    assert (small[1], large[1]) == (4, 40)
    assert small[0] == large[0]
