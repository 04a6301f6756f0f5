from django.db import transaction

from portal.services import object_save

from .models import Park, ParkStatusChange


def park_create(*, user, data) -> Park:
    return object_save(user=user, obj=Park(), data=data)


def park_update(*, user, park, data, expected_version) -> Park:
    return object_save(user=user, obj=park, data=data, expected_version=expected_version)


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
