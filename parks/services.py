"""Writes of the parks app. Every write goes through ``portal.services.object_save`` (version
check, full_clean, who and when, history); deletes go through :func:`object_delete`, which refuses
with the reason when other records still depend on the row."""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from portal.roles import Role
from portal.scoping import user_role
from portal.services import object_save

from .models import InnovationCarrier, LandParcel, Park, ParkStatusChange, StandardFactory


def describe_rows(objects):
    """ "3 enterprises, 1 land parcel": counts of rows by kind, for messages."""
    counts = Counter(type(obj)._meta.verbose_name_plural for obj in objects)
    return _("、").join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda item: str(item[0])))


@transaction.atomic
def object_delete(*, user, obj):
    """Delete ``obj``, or refuse (ValidationError) naming the records that still depend on it."""
    obj._history_user = user
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        blockers = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        raise ValidationError(
            _("Other records still refer to it: %(rows)s. Remove or reassign them first.")
            % {"rows": describe_rows(blockers)},
            code="protected",
        ) from None


def park_create(*, user, data) -> Park:
    return object_save(user=user, obj=Park(), data=data)


def park_update(*, user, obj=None, park=None, data, expected_version) -> Park:
    return object_save(user=user, obj=obj or park, data=data, expected_version=expected_version)


@transaction.atomic
def park_delete(*, user, obj):
    """A park with enterprises, land, factories, carriers or submissions is never deleted: the
    refusal says what it still holds (a park leaves the portal by being delisted, not deleted).
    Only administrators delete (or deactivate) a park: its staff change its data, not its
    existence."""
    if user_role(user) != Role.ADMIN:
        raise PermissionDenied
    object_delete(user=user, obj=obj)


def landparcel_create(*, user, data) -> LandParcel:
    return object_save(user=user, obj=LandParcel(), data=data)


def landparcel_update(*, user, obj, data, expected_version) -> LandParcel:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def landparcel_delete(*, user, obj):
    object_delete(user=user, obj=obj)


def standardfactory_create(*, user, data) -> StandardFactory:
    return object_save(user=user, obj=StandardFactory(), data=data)


def standardfactory_update(*, user, obj, data, expected_version) -> StandardFactory:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def standardfactory_delete(*, user, obj):
    object_delete(user=user, obj=obj)


def innovationcarrier_create(*, user, data) -> InnovationCarrier:
    return object_save(user=user, obj=InnovationCarrier(), data=data)


def innovationcarrier_update(*, user, obj, data, expected_version) -> InnovationCarrier:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def innovationcarrier_delete(*, user, obj):
    object_delete(user=user, obj=obj)


@transaction.atomic
def park_set_status(*, user, park, status, reason, effective_on, observation_ends_on=None, source="") -> Park:
    """Move a park under dynamic management (动态管理) and record the change with its reason.
    Only the evaluation calls this: evaluations are what move a park's status."""
    park = Park.objects.select_for_update().get(pk=park.pk)
    change = ParkStatusChange(
        park=park,
        from_status=park.status,
        to_status=status,
        reason=reason,
        effective_on=effective_on,
        observation_ends_on=observation_ends_on,
        source=source[:100],
        created_by=user,
    )
    change.full_clean()
    park.status = status
    park.observation_ends_on = observation_ends_on
    park.version = (park.version or 0) + 1
    park.updated_by = user
    park._history_user = user
    park.full_clean()
    park.save()
    change.save()
    return park
