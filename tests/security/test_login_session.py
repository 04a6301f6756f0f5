"""Log-in throttling (django-axes), the password rule, session expiry and the security headers."""

import datetime
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.demo import DEMO_PASSWORD, DEMO_USERS
from tests.personas import PASSWORD
from tests.portal.test_foundation import PRODUCTION_ENV, ROOT

LOCKED = "登录失败次数过多，该账号或该地址已被锁定 30 分钟。请稍后再试，或请管理员解锁。"


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


# -- throttling ----------------------------------------------------------------------------------


def test_five_failures_for_one_user_lock_it_even_with_the_right_password(client, staff_a):
    for _attempt in range(4):
        response = log_in(client, "staff_a", "wrong-password")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = log_in(client, "staff_a", "wrong-password")  # the fifth failure locks
    assert response.status_code == 429
    response = log_in(client, "staff_a", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(client)
    # the lock is on the user name: from another address as well
    assert log_in(client, "staff_a", PASSWORD, address="10.9.9.9").status_code == 429
    assert not signed_in(client)


def test_five_failures_from_one_address_lock_the_address(client, staff_a, leader):
    for username in ("nobody1", "nobody2", "nobody3", "nobody4", "nobody5"):
        log_in(client, username, "guess-guess", address="10.0.0.7")
    response = log_in(client, "staff_a", PASSWORD, address="10.0.0.7")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    # another address is not locked, and neither is the user
    response = log_in(client, "staff_a", PASSWORD, address="10.0.0.8")
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_ends_after_thirty_minutes(client, staff_a):
    for _attempt in range(5):
        log_in(client, "staff_a", "wrong-password")
    assert log_in(client, "staff_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=29))
    assert log_in(client, "staff_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    response = log_in(client, "staff_a", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_a_success_clears_the_count(client, staff_a):
    for _attempt in range(4):
        log_in(client, "staff_a", "wrong-password")
    assert log_in(client, "staff_a", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        log_in(client, "staff_a", "wrong-password")
    assert log_in(client, "staff_a", PASSWORD).status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client, staff_a):
    url = reverse("api-token")
    for _attempt in range(5):
        response = client.post(url, {"username": "staff_a", "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code in {400, 429}
    response = client.post(url, {"username": "staff_a", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}


# -- passwords -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1-xyz", "密码太短：至少需要 10 个字符。"),
        ("abcdefghijk", "密码必须混合使用以下字符中的至少 3 种：大写字母、小写字母、数字、符号。"),
        ("password12", "密码必须混合使用以下字符中的至少 3 种：大写字母、小写字母、数字、符号。"),
        ("Password123", "这个密码太常见了。"),
        ("83749201836", "密码只包含数字。"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(db, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert message in refused.value.messages


def test_a_password_like_the_user_name_is_refused(django_user_model, db):
    user = django_user_model(username="zhangwei_gxj", first_name="Wei", last_name="Zhang")
    with pytest.raises(ValidationError) as refused:
        validate_password("Zhangwei_gxj1", user)
    assert "密码跟 用户名 太相似了。" in refused.value.messages


def test_a_strong_password_passes(db):
    validate_password("Chang'an-Park-42")


def test_the_demo_password_satisfies_the_rules_for_every_demo_login(django_user_model, db):
    """seed_demo stores one hash for all demo users (make_password, which does not validate):
    the password printed by `make run` must pass the rules all the same."""
    for username, role, _description in DEMO_USERS:
        validate_password(DEMO_PASSWORD, django_user_model(username=username, role=role))


def test_the_printed_demo_logins_work(client, django_user_model, db):
    for username, role, _description in DEMO_USERS:
        django_user_model.objects.create(
            username=username, role=role, password=make_password(DEMO_PASSWORD), is_superuser=role == "admin"
        )
        response = log_in(client, username, DEMO_PASSWORD)
        assert response.status_code == 302, username
        assert signed_in(client)
        client.logout()


# -- sessions ------------------------------------------------------------------------------------


def test_a_session_lasts_thirty_minutes_from_the_last_request(client, staff_a):
    log_in(client, "staff_a", PASSWORD)
    session = Session.objects.get()
    left = (session.expire_date - timezone.now()).total_seconds()
    assert 1790 <= left <= 1800
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(reverse("parks:park_list")).status_code == 200
    left = (Session.objects.get().expire_date - timezone.now()).total_seconds()
    assert left > 1790  # every request starts the 30 minutes again


def test_an_idle_session_has_expired(client, staff_a):
    log_in(client, "staff_a", PASSWORD)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("parks:park_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def settings_value(names, env=None):
    code = "import portal.settings as s; print(" + ", ".join(f"repr(s.{n})" for n in names) + ", sep='|')"
    full_env = {"PATH": "/usr/bin:/bin", "PORTAL_VAR_DIR": str(ROOT / "var")} | (env or {})
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_the_idle_time_and_the_lockout_come_from_the_environment():
    age, limit, cooloff = settings_value(
        ["SESSION_COOKIE_AGE", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"],
        {"SESSION_IDLE_SECONDS": "600", "LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "60"},
    )
    assert (age, limit, cooloff) == ("600", "3", "datetime.timedelta(seconds=3600)")


def test_production_cookies_are_secure_and_hsts_is_on():
    values = settings_value(
        [
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "X_FRAME_OPTIONS",
            "AXES_IPWARE_META_PRECEDENCE_ORDER",
        ],
        PRODUCTION_ENV,
    )
    assert values == ["True", "True", "True", "31536000", "True", "'DENY'", "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR')"]


# -- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("signed", [False, True])
def test_pages_cannot_be_framed_and_run_only_the_portals_scripts(client, staff_a, signed):
    if signed:
        client.force_login(staff_a)
    response = client.get(reverse("parks:park_list") if signed else reverse("login"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert "<script>" not in response.content.decode()  # no inline script to allow
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_http_only(client, staff_a):
    response = log_in(client, "staff_a", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
