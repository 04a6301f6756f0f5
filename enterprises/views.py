"""Pages of enterprises, qualifications, visits and cooperations (service requests: views_requests.py;
the monthly figures grid and its workflow: views_stats.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from parks.crud import Column, Crud
from portal import audit
from portal.roles import Role

from . import selectors, services
from .filtersets import CooperationFilterSet, EnterpriseFilterSet, QualificationFilterSet, VisitFilterSet
from .forms import CooperationForm, EnterpriseForm, QualificationForm, VisitForm
from .models import Cooperation, Enterprise, Qualification, Visit
from .rules import EXPIRY_WARNING_MONTHS, mask_phone

WRITERS = frozenset({Role.PARK_STAFF, Role.OFFICER, Role.ADMIN})


def enterprise_detail_context(request, enterprise):
    audit.record(request, "view_enterprise_figures", enterprise)
    profile = selectors.enterprise_profile(enterprise, user=request.user)
    chart = {"series": profile["series"], "events": [{**e, "date": e["date"].isoformat()} for e in profile["events"]]}
    return {
        **profile,
        "chart": chart,
        "chart_labels": {
            "revenue": _("Revenue (10k yuan)"),
            "tax": _("Tax (10k yuan)"),
            "rd_expense": _("R&D expenditure (10k yuan)"),
            "events": _("Events"),
        },
        "warning_months": EXPIRY_WARNING_MONTHS,
        # Personal data: whole for those who may change the enterprise, masked for everyone else.
        "contact_phone": enterprise.contact_phone
        if can_see_contact(request, enterprise)
        else mask_phone(enterprise.contact_phone),
    }


def can_see_contact(request, enterprise):
    return Enterprise.objects.for_user(request.user, "change").filter(pk=enterprise.pk).exists()


def enterprise_delete_context(enterprise):
    return {
        "blockers": services.enterprise_delete_blockers(enterprise),
        "cascades": services.enterprise_delete_cascades(enterprise),
    }


enterprise_crud = Crud(
    model=Enterprise,
    filterset=EnterpriseFilterSet,
    form=EnterpriseForm,
    columns=[
        Column("name", "name"),
        Column("uscc", "uscc"),
        Column("park"),
        Column("industry"),
        Column("scale", "scale"),
        Column("above_size"),
        Column("is_leading"),
        Column("established_on", "established_on"),
        Column("registered_capital", "registered_capital"),
    ],
    create=services.enterprise_create,
    update=services.enterprise_update,
    delete=services.enterprise_delete,
    select_related=("park", "industry", "region"),
    create_roles=WRITERS,
    detail_template="enterprises/enterprise_detail.html",
    detail_context=enterprise_detail_context,
    delete_context=enterprise_delete_context,
    prefill=("park",),
)


def qualification_detail_context(request, qualification):
    return {"badge": selectors.qualification_badge(qualification, timezone.localdate())}


qualification_crud = Crud(
    model=Qualification,
    filterset=QualificationFilterSet,
    form=QualificationForm,
    columns=[
        Column("enterprise", "enterprise__name"),
        Column("kind"),
        Column("level"),
        Column("certificate_no"),
        Column("granted_on", "granted_on"),
        Column("expires_on", "expires_on"),
    ],
    create=services.qualification_create,
    update=services.qualification_update,
    delete=services.qualification_delete,
    detail_fields=["enterprise", "kind", "level", "certificate_no", "granted_on", "expires_on"],
    select_related=("enterprise", "kind"),
    create_roles=WRITERS,
    detail_context=qualification_detail_context,
    prefill=("enterprise",),
)

visit_crud = Crud(
    model=Visit,
    filterset=VisitFilterSet,
    form=VisitForm,
    columns=[Column("enterprise", "enterprise__name"), Column("visited_on", "visited_on"), Column("officer")],
    create=services.visit_create,
    update=services.visit_update,
    delete=services.visit_delete,
    detail_fields=["enterprise", "visited_on", "officer", "notes"],
    select_related=("enterprise", "officer"),
    create_roles=WRITERS,
    prefill=("enterprise",),
)

cooperation_crud = Crud(
    model=Cooperation,
    filterset=CooperationFilterSet,
    form=CooperationForm,
    columns=[
        Column("enterprise", "enterprise__name"),
        Column("partner", "partner"),
        Column("kind"),
        Column("signed_on", "signed_on"),
    ],
    create=services.cooperation_create,
    update=services.cooperation_update,
    delete=services.cooperation_delete,
    detail_fields=["enterprise", "partner", "kind", "signed_on", "note"],
    select_related=("enterprise",),
    create_roles=WRITERS,
    prefill=("enterprise",),
)
