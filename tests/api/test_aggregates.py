"""The aggregate endpoints: figures with last year and year-on-year, target progress against time
elapsed (序时进度), chain completeness and node statuses.  Expectations are worked out by hand
from the rows each test creates."""

from decimal import Decimal

import pytest

from tests import factories as f


def stat(enterprise, year, month, revenue, tax="0"):
    return f.EnterpriseStatFactory(
        enterprise=enterprise, year=year, month=month, revenue=Decimal(revenue), tax=Decimal(tax)
    )


@pytest.fixture
def figures_world(park_a, park_b):
    one, two = f.EnterpriseFactory(park=park_a), f.EnterpriseFactory(park=park_a)
    other = f.EnterpriseFactory(park=park_b)
    stat(one, 2025, 1, "100", "10")
    stat(one, 2025, 2, "200", "10")
    stat(one, 2025, 3, "300", "10")
    stat(two, 2025, 3, "400", "20")
    stat(one, 2025, 4, "9999", "99")  # after the span
    stat(other, 2025, 3, "7777", "77")  # another park
    stat(one, 2024, 1, "250", "25")
    stat(one, 2024, 3, "250", "25")
    return park_a


def test_figures_of_a_park_ytd_with_last_year_and_yoy(api, staff_b, figures_world):
    response = api(staff_b).get(
        "/api/aggregates/figures/",
        {
            "subject_type": "park",
            "subject_id": figures_world.pk,
            "year": 2025,
            "month": 3,
            "mode": "ytd",
            "codes": "revenue,tax",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {row["code"]: row for row in body["figures"]}
    assert list(rows) == ["revenue", "tax"]
    # 100 + 200 + 300 + 400 this year, 250 + 250 last year: +100%.
    assert rows["revenue"]["value"] == "1000.0000"
    assert rows["revenue"]["last_year"] == "500.0000"
    assert rows["revenue"]["yoy"] == "1.0000"
    # 10 + 10 + 10 + 20 against 25 + 25: 0%.
    assert rows["tax"]["value"] == "50.0000"
    assert rows["tax"]["yoy"] == "0.0000"
    assert body["mode"] == "ytd" and body["subject_id"] == figures_world.pk


def test_figures_of_a_single_month(api, leader, figures_world):
    response = api(leader).get(
        "/api/aggregates/figures/",
        {
            "subject_type": "park",
            "subject_id": figures_world.pk,
            "year": 2025,
            "month": 3,
            "mode": "month",
            "codes": "revenue",
        },
    )
    row = response.json()["figures"][0]
    assert row["value"] == "700.0000" and row["last_year"] == "250.0000" and row["yoy"] == "1.8000"


def test_figures_refuse_a_subject_without_id_and_unknown_codes(api, leader, park_a):
    response = api(leader).get("/api/aggregates/figures/", {"subject_type": "park", "year": 2025, "month": 3})
    assert response.status_code == 400
    assert response.json() == {"subject_id": ["请提供园区、产业集群、产业链或区县的编号。"]}
    response = api(leader).get(
        "/api/aggregates/figures/",
        {"subject_type": "park", "subject_id": park_a.pk, "year": 2025, "month": 3, "codes": "revenue,nonsense"},
    )
    assert response.status_code == 400
    assert response.json() == {"codes": ["未知的指标代码：nonsense。"]}


def test_target_progress_against_time_elapsed(api, analyst, figures_world):
    target = f.TargetFactory(
        indicator=f.IndicatorFactory(code="revenue", name="Revenue"),
        subject_type="park",
        subject_id=figures_world.pk,
        year=2025,
        value=Decimal("4000"),
    )
    at_march = api(analyst).get("/api/aggregates/target-progress/", {"year": 2025, "month": 3}).json()
    assert [row["target"] for row in at_march] == [target.pk]
    # 1000 of 4000 is 25%; three months of twelve are 25%: on schedule.
    assert at_march[0]["actual"] == "1000.0000"
    assert at_march[0]["progress"] == "0.2500"
    assert at_march[0]["time_elapsed"] == "0.2500"
    assert at_march[0]["behind_schedule"] is False
    at_june = api(analyst).get("/api/aggregates/target-progress/", {"year": 2025, "month": 6}).json()
    # 1000 + 9999 (April) of 4000 is far ahead of half the year.
    assert at_june[0]["actual"] == "10999.0000" and at_june[0]["behind_schedule"] is False
    target.value = Decimal("40000")
    target.save()
    at_june = api(analyst).get("/api/aggregates/target-progress/", {"year": 2025, "month": 6}).json()
    assert at_june[0]["progress"] == "0.2750" and at_june[0]["time_elapsed"] == "0.5000"
    assert at_june[0]["behind_schedule"] is True


def test_chain_completeness_and_node_statuses(api, staff_a, park_a):
    chain = f.ChainFactory(weak_threshold=3)
    strong = f.ChainNodeFactory(chain=chain, stage="upstream", name="正极材料")
    strong.enterprises.add(
        f.EnterpriseFactory(park=park_a, above_size=True), f.EnterpriseFactory(park=park_a), f.EnterpriseFactory()
    )
    weak = f.ChainNodeFactory(chain=chain, stage="midstream", name="电芯")
    weak.enterprises.add(f.EnterpriseFactory(park=park_a, above_size=True))
    f.ChainNodeFactory(chain=chain, stage="downstream", name="回收利用")
    listed = api(staff_a).get("/api/aggregates/chains/").json()
    row = next(r for r in listed["results"] if r["id"] == chain.pk)
    assert row["nodes_total"] == 3 and row["nodes_missing"] == 1 and row["nodes_weak"] == 1
    assert row["completeness"] == "0.6667"
    assert "nodes" not in row
    detail = api(staff_a).get(f"/api/aggregates/chains/{chain.pk}/").json()
    assert [(n["name"], n["status"], n["enterprises"]) for n in detail["nodes"]] == [
        ("正极材料", "strong", 3),
        ("电芯", "weak", 1),
        ("回收利用", "missing", 0),
    ]
    assert api(staff_a).get("/api/aggregates/chains/999999/").status_code == 404


def test_aggregates_need_a_signed_in_user(api):
    assert api().get("/api/aggregates/figures/", {"year": 2025, "month": 3}).status_code == 401
    assert api().get("/api/aggregates/chains/").status_code == 401
