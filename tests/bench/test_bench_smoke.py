"""Every bench scenario runs once at a tiny scale, so the bench never rots."""

import io

import pytest
from django.core.management import call_command

from bench import harness


@pytest.fixture
def tiny_region(transactional_db):
    call_command("seed_demo", "--scale", "tiny", stdout=io.StringIO())


def test_every_scenario_runs_once_at_tiny_scale(tiny_region):
    out = io.StringIO()
    results = harness.run(scale="tiny", repeats=1, seed=False, write=False, stream=out)
    assert results, "no scenarios registered"
    assert [r.name for r in results if r.error] == [], out.getvalue()
    assert all(r.runs == 1 for r in results)
    # what scenarios made for their repeats (the commit's import job and its files) is gone
    from portal.models import Job

    assert not Job.objects.filter(kind="import").exists()


def test_the_doc_section_of_a_scale_is_replaced_not_duplicated(tmp_path, monkeypatch, db):
    monkeypatch.setattr(harness, "DOC", tmp_path / "benchmarks.md")
    first = [harness.Result("a", "t", 1, 1.0, 2.0, 3.0, 4)]
    harness.write_doc("tiny", first, None)
    harness.write_doc("city", first, 12.0)
    harness.write_doc("tiny", [harness.Result("b", "t", 1, 5.0, 6.0, 7.0, 8)], None)
    text = (tmp_path / "benchmarks.md").read_text()
    assert text.count("## Scale: tiny") == 1
    assert text.count("## Scale: city") == 1
    assert "| b |" in text and "| a | t |  | 1 | 1.0" in text  # city keeps a, tiny now has b (no verdict for "t")


def test_a_labelled_rerun_has_its_own_section_beside_the_full_run(tmp_path, monkeypatch, db):
    monkeypatch.setattr(harness, "DOC", tmp_path / "benchmarks.md")
    harness.write_doc("city", [harness.Result("full", "t", 1, 1.0, 2.0, 3.0, 4)], None)
    harness.write_doc("city", [harness.Result("part", "t", 1, 5.0, 6.0, 7.0, 8)], None, "lists rerun")
    harness.write_doc("city", [harness.Result("part2", "t", 1, 5.0, 6.0, 7.0, 8)], None, "lists rerun")
    text = (tmp_path / "benchmarks.md").read_text()
    assert text.count("## Scale: city\n") == 1 and text.count("## Scale: city (lists rerun)\n") == 1
    assert "| full |" in text and "| part2 |" in text and "| part |" not in text
