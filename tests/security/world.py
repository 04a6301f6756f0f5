"""A small world for the security tests: for every kind of object one row in park A (or of the
officer's department) and one in park B (or of another department), built with tests/factories.py.

"own" and "other" are the two object scopes of the authorization matrix: park staff of park A own
the park-A rows; the officer (工信局, ``gxj``) owns the rows of his department; for user-owned rows
(jobs, notifications) "own" is the requesting user's row and "other" is staff_b's.
"""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from policies.models import ApplicationAttachment
from portal.models import Job, Notification
from reports.models import EvaluationObjection, ParkEvaluation, Report
from tests import factories as f

MARK_A = "甲园区可见"
MARK_B = "乙园区机密"


class World:
    """Attributes ``<kind>_own`` / ``<kind>_other``; ``users`` by role name."""

    def __init__(self, *, park_a, park_b, users):
        self.users = users
        self.park_own, self.park_other = park_a, park_b
        own_dept, other_dept = f.department("gxj"), f.department("kjj")
        for scope, park, dept, mark in (("own", park_a, own_dept, MARK_A), ("other", park_b, other_dept, MARK_B)):
            ent = f.EnterpriseFactory(park=park, name=f"{mark}企业", contact_phone="13812345678")
            ent2 = f.EnterpriseFactory(park=park, name=f"{mark}配套企业")
            cluster = f.ClusterFactory(lead_department=dept, name=f"{mark}集群")
            chain = f.ChainFactory(cluster=cluster, lead_department=dept, name=f"{mark}链")
            node = f.ChainNodeFactory(chain=chain, name=f"{mark}环节")
            node.enterprises.add(ent)
            policy = f.PolicyFactory(department=dept, title=f"{mark}政策")
            measure = f.MeasureFactory(policy=policy, department=dept, title=f"{mark}条款")
            application = f.ApplicationFactory(enterprise=ent, measure=measure)
            attachment = ApplicationAttachment.objects.create(
                application=application,
                file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="proof.pdf"),
                original_name="proof.pdf",
                content_type="application/pdf",
                size=15,
            )
            project = f.ProjectFactory(park=park, department=dept, investor=ent, name=f"{mark}项目")
            scheme = f.EvaluationSchemeFactory(name=f"{mark}方案")
            evaluation = ParkEvaluation.objects.create(
                scheme=scheme,
                park=park,
                year=2025,
                month=6,
                total_score=Decimal("88"),
                grade="good",
                rank=1,
                park_count=2,
            )
            objects = {
                "park": park,
                "enterprise": ent,
                "enterprise2": ent2,
                "landparcel": f.LandParcelFactory(park=park, holder=ent),
                "standardfactory": f.StandardFactoryFactory(park=park, name=f"{mark}厂房"),
                "innovationcarrier": f.InnovationCarrierFactory(park=park, name=f"{mark}平台"),
                "parkfactor": f.ParkFactorFactory(park=park),
                "qualification": f.QualificationFactory(enterprise=ent),
                "stat": f.EnterpriseStatFactory(enterprise=ent),
                "parkmonth": f.ParkMonthFactory(park=park),
                "visit": f.VisitFactory(enterprise=ent, notes=f"{mark}走访"),
                "servicerequest": f.ServiceRequestFactory(enterprise=ent, department=dept, title=f"{mark}诉求"),
                "cooperation": f.CooperationFactory(enterprise=ent),
                "cluster": cluster,
                "chain": chain,
                "node": node,
                "lead": f.InvestmentLeadFactory(node=node, target_park=park, company_name=f"{mark}线索"),
                "supplylink": f.SupplyLinkFactory(supplier=ent, customer=ent2),
                "project": project,
                "projectplan": f.ProjectPlanFactory(project=project),
                "projectprogress": f.ProjectProgressFactory(project=project),
                "policy": policy,
                "measure": measure,
                "application": application,
                "attachment": attachment,
                "target": f.TargetFactory(year=2025 if scope == "own" else 2026),
                "scheme": scheme,
                "evaluation": evaluation,
                "objection": EvaluationObjection.objects.create(evaluation=evaluation, reason=f"{mark}异议"),
            }
            for kind, obj in objects.items():
                setattr(self, f"{kind}_{scope}", obj)
        self.report = Report.objects.create(
            kind=Report.Kind.MONTHLY_BULLETIN,
            year=2025,
            period=3,
            title="2025年3月园区月通报",
            status=Report.Status.DONE,
            html="<p>月通报</p>",
            docx=ContentFile(b"PK\x03\x04 docx", name="bulletin.docx"),
            generated_at=timezone.now(),
        )
        # Jobs and notifications belong to a user: one of each for every persona.
        self.jobs = {}
        for name, user in users.items():
            if user is None:
                continue
            export = Job.objects.create(
                kind="export",
                key=f"export:{name}",
                user=user,
                status=Job.Status.DONE,
                params={"filename": "export.xlsx"},
                result_file=ContentFile(b"PK\x03\x04 xlsx", name=f"export-{name}.xlsx"),
                finished_at=timezone.now(),
            )
            imported = Job.objects.create(
                kind="import",
                key=f"import:{name}",
                user=user,
                status=Job.Status.QUEUED,
                params={"import": "enterprise"},
            )
            note = Notification.objects.create(user=user, kind="test", key=f"test:{name}", title="提醒")
            self.jobs[name] = {"exportjob": export, "importjob": imported, "notification": note}

    def get(self, kind, scope, role):
        """The object of ``kind`` in ``scope`` as seen by ``role``."""
        if kind in {"exportjob", "importjob", "notification"}:
            owner = role if (scope == "own" and role != "anon") else "staff_b"
            return self.jobs[owner][kind]
        if kind == "report":
            return self.report
        return getattr(self, f"{kind}_{scope}")


@pytest.fixture
def world(settings, tmp_path, park_a, park_b, staff_a, staff_b, officer, leader, analyst, admin_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCEL_EXPORT_SYNC_ROWS = 5000
    users = {
        "anon": None,
        "staff": staff_a,
        "officer": officer,
        "leader": leader,
        "analyst": analyst,
        "admin": admin_user,
        "staff_b": staff_b,
    }
    return World(park_a=park_a, park_b=park_b, users=users)


def db_fingerprint():
    """One figure per table that moves on any insert, update or delete: the row count, the sum of
    ``version`` and, for every date-time column, its latest value and how many rows have one."""
    from django.apps import apps
    from django.db import models

    skipped_apps = {"sessions", "contenttypes", "admin", "auth", "django_celery_results", "django_celery_beat"}
    # The access log records every refusal (permission_denied) on purpose: a refused write adds
    # an audit event and nothing else; axes counts failed log-ins.
    skipped_models = {"portal.AuditEvent", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
    result = {}
    for model in apps.get_models():
        if model._meta.app_label in skipped_apps or not model._meta.managed or model._meta.label in skipped_models:
            continue
        aggregates = {"n": models.Count("pk")}
        for field in model._meta.concrete_fields:
            if field.name == "last_login":
                continue
            if isinstance(field, models.DateTimeField):
                aggregates[f"max_{field.name}"] = models.Max(field.name)
                aggregates[f"n_{field.name}"] = models.Count(field.name)
            elif field.name in {"version", "status", "stage"} and isinstance(field, models.IntegerField):
                aggregates["sum_version"] = models.Sum(field.name)
        result[model._meta.label] = model._base_manager.aggregate(**aggregates)
    return result


def fingerprint_diff(before, after):
    return sorted(label for label in before if before[label] != after.get(label))
