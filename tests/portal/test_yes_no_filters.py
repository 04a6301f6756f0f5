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


def test_choice_filters_read_all_and_the_sort_reads_default_order():
    """No "---------" on any list: an unset choice filter reads 全部, an unset sort 默认排序 —
    also after something built the class's own fields first (the API schema does)."""
    for name in ("park", "scale", "ordering", "is_leading"):
        assert EnterpriseFilterSet.base_filters[name].field is not None
    with translation.override("zh-hans"):
        form = EnterpriseFilterSet().form
        park, scale, ordering = str(form["park"]), str(form["scale"]), str(form["ordering"])
    assert '<option value="" selected>全部</option>' in park
    assert '<option value="" selected>全部</option>' in scale
    assert '<option value="" selected>默认排序</option>' in ordering
    assert "---------" not in park + scale + ordering


def every_filterset():
    import importlib

    from portal.filters import PortalFilterSet

    for app in ("parks", "enterprises", "clusters", "projects", "policies", "reports"):
        importlib.import_module(f"{app}.filtersets")
    found, todo = [], [PortalFilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_no_list_filter_shows_dashes():
    filtersets = every_filterset()
    assert len(filtersets) >= 15
    with translation.override("zh-hans"):
        for filterset in filtersets:
            assert "---------" not in str(filterset().form), filterset.__name__
