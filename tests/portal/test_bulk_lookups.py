"""The shared pieces under every list and import: the search box's match and ``__in_list``."""

import pytest

from enterprises.filtersets import EnterpriseFilterSet
from enterprises.models import Enterprise, EnterpriseStat
from tests import factories

pytestmark = pytest.mark.django_db


def names(data):
    return sorted(EnterpriseFilterSet(data, queryset=Enterprise.objects.all()).qs.values_list("name", flat=True))


def test_the_search_matches_chinese_digits_and_latin_letters_in_any_case():
    factories.EnterpriseFactory(name="西安光电科技有限公司", short_name="光电", uscc="91610131MA6TXB0A1X")
    factories.EnterpriseFactory(name="ABC Motors 西安分公司", short_name="ABC", uscc="91610113MA6U2F8H3E")
    assert names({"q": "光电科技"}) == ["西安光电科技有限公司"]
    assert names({"q": "西安"}) == ["ABC Motors 西安分公司", "西安光电科技有限公司"]
    assert names({"q": "abc motors"}) == ["ABC Motors 西安分公司"]  # letters: any case
    assert names({"q": "ma6txb"}) == ["西安光电科技有限公司"]  # a credit code typed in lower case
    assert names({"q": "610113"}) == ["ABC Motors 西安分公司"]  # digits of the credit code
    assert names({"q": "  光电 "}) == ["西安光电科技有限公司"]  # spaces around are dropped
    assert names({"q": "不存在"}) == []


def test_in_list_matches_like_in():
    a, b, c = factories.EnterpriseFactory(), factories.EnterpriseFactory(), factories.EnterpriseFactory()
    assert set(Enterprise.objects.filter(pk__in_list=[a.pk, c.pk])) == {a, c}
    assert set(Enterprise.objects.filter(uscc__in_list={b.uscc, "no such code"})) == {b}
    assert not Enterprise.objects.filter(pk__in_list=[]).exists()
    assert set(Enterprise.objects.filter(pk__in_list=[a.pk, None])) == {a}  # None matches nothing, as in __in
    factories.EnterpriseStatFactory(enterprise=a, year=2025, month=1)
    factories.EnterpriseStatFactory(enterprise=b, year=2025, month=1)
    found = EnterpriseStat.objects.filter(enterprise_id__in_list=[b.pk], year__in_list=[2025])  # a foreign key
    assert [s.enterprise_id for s in found] == [b.pk]
    assert Enterprise.objects.filter(pk__in_list=list(Enterprise.objects.values_list("pk", flat=True))).count() == 3


def test_history_copy_writes_one_row_per_id_in_one_statement(django_assert_num_queries):
    """Thousands of ids go as one parameter: one history row per written row, from the row as
    stored, whatever the number (SQLite of old builds took at most 999 parameters)."""
    from portal import bulk

    enterprise = factories.EnterpriseFactory()
    stats = EnterpriseStat.objects.bulk_create(
        [
            factories.EnterpriseStatFactory.build(enterprise=enterprise, year=2000 + i // 12, month=i % 12 + 1)
            for i in range(1200)
        ]
    )
    ids = [s.pk for s in stats if s.pk] or list(EnterpriseStat.objects.values_list("pk", flat=True))
    assert len(ids) == 1200
    with django_assert_num_queries(1):
        written = bulk.history_copy(EnterpriseStat, ids, history_type="+", user=None)
    assert written == 1200
    history = EnterpriseStat.history.filter(history_type="+")
    assert sorted(history.values_list("id", flat=True)) == sorted(ids)
    assert bulk.history_copy(EnterpriseStat, [], history_type="+") == 0
