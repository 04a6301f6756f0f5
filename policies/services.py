"""Writes of policies and payouts (政策兑现): measures, applications and their workflow
(草稿 → 已提交 → 园区初审 → 部门审核 → 已拨付, with 退回 and 驳回), attachments.

Who may make a move: 园区初审 by staff of the enterprise's park, 部门审核 and payment by officers of
the measure's department; administrators may do everything.  Approvals lock the measure, so two
officers approving at the same moment never push it past its budget."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import Role
from portal.scoping import user_role
from portal.services import object_save

from . import rules
from .attachments import check_upload
from .models import Application, ApplicationAttachment, Measure
from .selectors import committed_amount

STATUS = Application.Status
LABELS = dict(STATUS.choices)


def _save(user, obj, data=None, expected_version=None, reason=""):
    obj._change_reason = (reason or "")[:100] or None
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def is_park_staff_of(user, enterprise):
    role = user_role(user)
    return role == Role.ADMIN or (role == Role.PARK_STAFF and enterprise.park_id in user.park_ids)


def is_department_officer_of(user, measure):
    role = user_role(user)
    return role == Role.ADMIN or (role == Role.OFFICER and user.department_id == measure.department_id)


def may_park_review(user, application):
    """Staff of the enterprise's park; for an enterprise in no park, the measure's officers."""
    if application.enterprise.park_id is None:
        return is_department_officer_of(user, application.measure)
    return is_park_staff_of(user, application.enterprise)


def may_enter(user, application):
    """Who fills in and submits an application on the enterprise's behalf."""
    return (
        is_park_staff_of(user, application.enterprise)
        or is_department_officer_of(user, application.measure)
        or (user_role(user) == Role.OFFICER and application.enterprise.park_id is None)
    )


def _refuse(message):
    raise ValidationError(message, code="not_allowed")


def _locked(application):
    return Application.objects.select_for_update().select_related("enterprise", "measure").get(pk=application.pk)


def _move(user, application, target, data=None, reason=""):
    rules.check_application_transition(application.status, target, LABELS)
    step = _("%(old)s → %(new)s") % {"old": LABELS[application.status], "new": LABELS[target]}
    data = {**(data or {}), "status": target}
    return _save(user, application, data, reason=f"{step}: {reason}" if reason else step)


def _computed(measure, base_amount):
    try:
        return rules.measure_amount(measure.amount_rule, base_amount)
    except ValidationError as exc:
        raise ValidationError({"base_amount": exc.messages}) from None


def measure_save(*, user, measure, data, expected_version=None):
    return _save(user, measure, data, expected_version)


def policy_save(*, user, policy, data, expected_version=None):
    return _save(user, policy, data, expected_version)


@transaction.atomic
def application_create(*, user, data):
    """A draft application for an enterprise; its amount is computed by the measure's rule."""
    application = Application(status=STATUS.DRAFT)
    for name in ("enterprise", "measure"):
        setattr(application, name, data[name])
    if not may_enter(user, application):
        _refuse(_("You may enter applications only for enterprises of your own parks."))
    data = dict(data)
    data["computed_amount"] = _computed(data["measure"], data.get("base_amount"))
    return _save(user, application, data, reason=_("Draft created"))


@transaction.atomic
def application_update(*, user, application, data, expected_version=None):
    """Edit a draft or returned application (base amount, year); the amount is recomputed."""
    application = _locked(application)
    if application.status not in {STATUS.DRAFT, STATUS.RETURNED}:
        _refuse(_("Only a draft or a returned application can be edited."))
    if not may_enter(user, application):
        _refuse(_("You may enter applications only for enterprises of your own parks."))
    data = dict(data)
    data["computed_amount"] = _computed(application.measure, data.get("base_amount", application.base_amount))
    return _save(user, application, data, expected_version, reason=_("Edited"))


@transaction.atomic
def application_submit(*, user, application):
    application = _locked(application)
    if not may_enter(user, application):
        _refuse(_("You may submit applications only for enterprises of your own parks."))
    measure = application.measure
    today = timezone.localdate()
    if (measure.opens_on and today < measure.opens_on) or (measure.closes_on and today > measure.closes_on):
        _refuse(_("The measure is not open for applications today."))
    computed = _computed(measure, application.base_amount)
    return _move(user, application, STATUS.SUBMITTED, {"computed_amount": computed, "submitted_at": timezone.now()})


@transaction.atomic
def application_park_review(*, user, application):
    """园区初审 passed, by staff of the enterprise's park."""
    application = _locked(application)
    if not may_park_review(user, application):
        _refuse(_("The park review is done by staff of the enterprise's park."))
    return _move(
        user,
        application,
        STATUS.PARK_REVIEWED,
        {"park_reviewed_at": timezone.now(), "park_reviewed_by": user},
    )


@transaction.atomic
def application_approve(*, user, application, amount):
    """部门审核: approve ``amount`` (万元), no more than the computed amount and the measure's
    remaining budget.  The measure row is locked first, so concurrent approvals queue up."""
    measure = Measure.objects.select_for_update().get(pk=application.measure_id)
    application = _locked(application)
    if not is_department_officer_of(user, measure):
        _refuse(_("The department review is done by officers of the measure's department."))
    rules.check_application_transition(application.status, STATUS.DEPARTMENT_APPROVED, LABELS)
    if amount is None:
        raise ValidationError({"approved_amount": _("Enter the approved amount.")})
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"approved_amount": _("The approved amount must be more than 0.")})
    if amount > application.computed_amount:
        raise ValidationError(
            {
                "approved_amount": _("The approved amount cannot exceed the amount computed by the rule (%(amount)s).")
                % {"amount": application.computed_amount}
            }
        )
    remaining = measure.budget - committed_amount(measure)
    if amount > remaining:
        raise ValidationError(
            {
                "approved_amount": _(
                    "Approving %(amount)s would exceed the measure's budget: only %(remaining)s (10k yuan) remain."
                )
                % {"amount": amount, "remaining": remaining}
            }
        )
    return _move(
        user,
        application,
        STATUS.DEPARTMENT_APPROVED,
        {"approved_amount": amount, "approved_at": timezone.now(), "approved_by": user},
        reason=str(amount),
    )


def _check_reviewer(user, application):
    if application.status == STATUS.SUBMITTED:
        if not (may_park_review(user, application) or is_department_officer_of(user, application.measure)):
            _refuse(_("Only the park or the measure's department can return or reject this application."))
    elif not is_department_officer_of(user, application.measure):
        _refuse(_("The department review is done by officers of the measure's department."))


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so the enterprise knows what to do.")})
    return reason


@transaction.atomic
def application_return(*, user, application, reason):
    """退回: back to the enterprise for correction; it can be submitted again."""
    application = _locked(application)
    reason = _reason(reason)
    _check_reviewer(user, application)
    return _move(user, application, STATUS.RETURNED, {"review_note": reason}, reason=reason)


@transaction.atomic
def application_reject(*, user, application, reason):
    """驳回: refused for good."""
    application = _locked(application)
    reason = _reason(reason)
    _check_reviewer(user, application)
    return _move(user, application, STATUS.REJECTED, {"review_note": reason}, reason=reason)


@transaction.atomic
def application_disburse(*, user, application, disbursed_on):
    """已拨付: the approved amount was paid on ``disbursed_on``."""
    application = _locked(application)
    if not is_department_officer_of(user, application.measure):
        _refuse(_("Payments are recorded by officers of the measure's department."))
    if disbursed_on is None:
        raise ValidationError({"disbursed_on": _("Enter the date of payment.")})
    if disbursed_on > timezone.localdate():
        raise ValidationError({"disbursed_on": _("The date of payment cannot be in the future.")})
    if application.approved_at and disbursed_on < timezone.localtime(application.approved_at).date():
        raise ValidationError({"disbursed_on": _("The date of payment cannot be before the approval.")})
    return _move(user, application, STATUS.DISBURSED, {"disbursed_on": disbursed_on})


@transaction.atomic
def attachment_add(*, user, application, upload):
    """Store an uploaded material under MEDIA_ROOT with a name of our own; the type comes from the
    bytes.  Only while the application can still be edited."""
    application = _locked(application)
    if application.status not in {STATUS.DRAFT, STATUS.RETURNED, STATUS.SUBMITTED}:
        _refuse(_("Materials can be added until the park review."))
    if not may_enter(user, application):
        _refuse(_("You may enter applications only for enterprises of your own parks."))
    content_type, extension = check_upload(upload)
    original = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = ApplicationAttachment(
        application=application, original_name=original, content_type=content_type, size=upload.size
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", File(upload), save=False)
    try:
        return _save(user, attachment, reason=_("Material added: %(name)s") % {"name": original})
    except Exception:
        attachment.file.delete(save=False)
        raise


@transaction.atomic
def attachment_delete(*, user, attachment):
    application = _locked(attachment.application)
    if application.status not in {STATUS.DRAFT, STATUS.RETURNED}:
        _refuse(_("Materials can be removed only from a draft or a returned application."))
    if not may_enter(user, application):
        _refuse(_("You may enter applications only for enterprises of your own parks."))
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(name))
