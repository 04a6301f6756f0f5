"""The platform: settings from the environment, deploy checks, scope, history, concurrency."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "portal.example.gov.cn",
}


def run_manage(*args, env=None):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG=0"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set when DEBUG=0"),
    ],
)
def test_production_refuses_to_start_without_required_settings(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_wrong_boolean_fails_with_a_message():
    result = run_manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be 1/0" in result.stderr


def test_production_trusts_the_proxy_and_sets_secure_cookies():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = dict(os.environ) | PRODUCTION_ENV
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "True", "31536000"]


def test_development_secret_key_is_generated_once(settings):
    key_file = Path(settings.VAR_DIR) / "secret_key.txt"
    assert key_file.exists()
    assert key_file.read_text().strip() == settings.SECRET_KEY
    assert len(settings.SECRET_KEY) >= 50


def test_anonymous_is_sent_to_login(client, park_a):
    response = client.get(reverse("parks:park_detail", args=[park_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_gets_404_for_another_parks_object(client_for, staff_a, park_b):
    client = client_for(staff_a)
    assert client.get(reverse("parks:park_detail", args=[park_b.pk])).status_code == 404
    assert client.get(reverse("parks:park_edit", args=[park_b.pk])).status_code == 404


def test_staff_opens_and_edits_own_park(client_for, staff_a, park_a):
    client = client_for(staff_a)
    assert client.get(reverse("parks:park_detail", args=[park_a.pk])).status_code == 200
    assert client.get(reverse("parks:park_edit", args=[park_a.pk])).status_code == 200


def test_leader_reads_but_gets_403_on_edit_page(client_for, leader, park_a):
    client = client_for(leader)
    detail = client.get(reverse("parks:park_detail", args=[park_a.pk]))
    assert detail.status_code == 200
    assert reverse("parks:park_edit", args=[park_a.pk]) not in detail.content.decode()
    assert client.get(reverse("parks:park_edit", args=[park_a.pk])).status_code == 403
    assert client.post(reverse("parks:park_edit", args=[park_a.pk]), {"name": "x"}).status_code == 403


def test_park_list_is_scoped(client_for, staff_a, park_a, park_b, analyst):
    names = [p.name for p in client_for(staff_a).get(reverse("parks:park_list")).context["parks"]]
    assert names == ["Park A"]
    names = [p.name for p in client_for(analyst).get(reverse("parks:park_list")).context["parks"]]
    assert names == ["Park A", "Park B"]


def park_form_data(park, **changes):
    data = {
        "name": park.name,
        "short_name": park.short_name,
        "code": park.code,
        "region": park.region_id,
        "level": park.level,
        "kind": park.kind,
        "planned_area_mu": "100",
        "built_area_mu": "50",
        "latitude": "",
        "longitude": "",
        "committee_contact": "",
        "committee_phone": "",
        "version": park.version,
    }
    data.update(changes)
    return data


def test_edit_records_history_and_bumps_version(client_for, staff_a, park_a):
    response = client_for(staff_a).post(
        reverse("parks:park_edit", args=[park_a.pk]), park_form_data(park_a, short_name="A 园")
    )
    assert response.status_code == 302
    park_a.refresh_from_db()
    assert park_a.short_name == "A 园"
    assert park_a.version == 2
    assert park_a.updated_by == staff_a
    last = park_a.history.first()
    assert last.history_user == staff_a
    assert last.short_name == "A 园"


def test_second_save_from_a_stale_form_is_refused_with_what_changed(client, staff_a, officer, park_a, admin_user):
    url = reverse("parks:park_edit", args=[park_a.pk])
    stale = park_form_data(park_a)
    client.force_login(admin_user)
    assert client.post(url, park_form_data(park_a, short_name="First")).status_code == 302
    client.force_login(staff_a)
    response = client.post(url, stale | {"short_name": "Second"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Someone else saved this record" in errors[0] or "其他人" in errors[0]
    assert "First" in errors[0]
    park_a.refresh_from_db()
    assert park_a.short_name == "First"


def test_model_validation_error_shows_next_to_the_field(client_for, staff_a, park_a):
    response = client_for(staff_a).post(
        reverse("parks:park_edit", args=[park_a.pk]), park_form_data(park_a, planned_area_mu="10", built_area_mu="20")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["built_area_mu"]
    park_a.refresh_from_db()
    assert park_a.built_area_mu == 0


def test_no_template_loads_external_assets():
    pattern = re.compile(r"<(script|link)[^>]+(src|href)=[\"'](https?:)?//", re.I)
    offenders = []
    for path in ROOT.joinpath("templates").rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) or re.search(r"url\([\"']?(https?:)?//", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    for path in ROOT.joinpath("static").rglob("*.css"):
        if re.search(r"@import\s+url\([\"']?https?://|url\([\"']?https?://", path.read_text(errors="ignore")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"


def test_no_inline_script_in_templates():
    offenders = []
    for path in ROOT.joinpath("templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            attrs = match.group("attrs")
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son(click|load|change|submit|input)=", text):
            offenders.append(f"{path.relative_to(ROOT)} (event handler attribute)")
    assert offenders == []


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
