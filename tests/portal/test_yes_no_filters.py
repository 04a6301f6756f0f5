"""Yes/no filters offer 全部 / 是 / 否 (not Django's 未知), and each choice filters as it says."""

import pytest
from django.utils import translation

from enterprises.filtersets import EnterpriseFilterSet
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_the_choices_read_all_yes_no():
    with translation.override("zh-hans"):
        html = str(EnterpriseFilterSet().form["is_leading"])
    assert '<option value="" selected>全部</option>' in html
    assert '<option value="true">是</option>' in html and '<option value="false">否</option>' in html
    assert "未知" not in html


@pytest.mark.parametrize("value, expected", [("", {"lead", "other"}), ("true", {"lead"}), ("false", {"other"})])
def test_each_choice_filters(value, expected):
    EnterpriseFactory(name="lead", is_leading=True)
    EnterpriseFactory(name="other", is_leading=False)
    filterset = EnterpriseFilterSet({"is_leading": value}, queryset=Enterprise.objects.all())
    assert set(filterset.qs.values_list("name", flat=True)) == expected
