from portal.services import object_save

from .models import Park


def park_create(*, user, data) -> Park:
    return object_save(user=user, obj=Park(), data=data)


def park_update(*, user, park, data, expected_version) -> Park:
    return object_save(user=user, obj=park, data=data, expected_version=expected_version)
