"""OneScanPaginator: the same pages and counts as Django's Paginator, one query fewer."""

import datetime

import pytest
from django.core.paginator import Paginator

from enterprises.models import Enterprise
from portal.paging import OneScanPaginator
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven():
    for i in range(7):
        EnterpriseFactory(name=f"企业{i}")
    return Enterprise.objects.order_by("name", "pk")


def expected(queryset, per_page, number):
    """Django's own paginator over the pks: the hand-checked reference."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    return page.number, page.paginator.count, page.paginator.num_pages, list(page.object_list)


@pytest.mark.parametrize("number", [1, 2, 3, "3", None, "x", 0, -1, 4, 99])
def test_pages_and_counts_match_djangos(seven, number):
    page = OneScanPaginator(seven, 3).get_page(number)
    got = (page.number, page.paginator.count, page.paginator.num_pages, list(page.object_list))
    assert got == expected(seven, 3, number)


def test_seven_rows_by_three(seven):
    """Worked by hand: 7 rows, 3 a page → 3 pages; the last holds the seventh row alone."""
    names = list(seven.values_list("pk", flat=True))
    page = OneScanPaginator(seven, 3).get_page(3)
    assert (page.paginator.count, page.paginator.num_pages, list(page.object_list)) == (7, 3, names[6:])
    assert page.has_previous() and not page.has_next()


def test_one_query_for_a_page_inside_the_list(seven, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = OneScanPaginator(seven, 3).get_page(2)
        assert page.paginator.count == 7


def test_a_page_past_the_end_counts_and_shows_the_last(seven, django_assert_num_queries):
    with django_assert_num_queries(3):  # the empty window, the count, the last page
        page = OneScanPaginator(seven, 3).get_page(5)
        assert (page.number, len(list(page.object_list))) == (3, 1)


def test_an_empty_list():
    page = OneScanPaginator(Enterprise.objects.order_by("pk"), 3).get_page(1)
    assert (page.paginator.count, page.number, list(page.object_list)) == (0, 1, [])


def test_distinct_querysets_are_counted_without_duplicates(seven):
    """A join that repeats rows, made DISTINCT: the window would count the repeats, the fallback
    does not."""
    from tests.factories import QualificationFactory

    first = seven.first()
    QualificationFactory(enterprise=first, certificate_no="A1")
    QualificationFactory(
        enterprise=first,
        certificate_no="A2",
        granted_on=datetime.date(2021, 11, 15),
        expires_on=datetime.date(2024, 11, 14),
    )
    joined = Enterprise.objects.filter(qualifications__isnull=False).distinct().order_by("name", "pk")
    page = OneScanPaginator(joined, 3).get_page(1)
    assert (page.paginator.count, list(page.object_list)) == (1, [first.pk])
