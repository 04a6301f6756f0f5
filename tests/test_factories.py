"""Every factory builds a row that passes model validation."""

import factory
import pytest

from tests import factories

ALL = [
    value
    for value in vars(factories).values()
    if isinstance(value, type)
    and issubclass(value, factory.django.DjangoModelFactory)
    and value is not factory.django.DjangoModelFactory
]


@pytest.mark.parametrize("factory_class", ALL, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row(db, factory_class):
    obj = factory_class()
    obj.full_clean()
