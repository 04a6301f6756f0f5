import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_home_page(login_page, staff_a):
    page = login_page(staff_a)
    assert page.url.rstrip("/") == page.live_server_url
    assert page.locator("[data-testid=role]").inner_text().strip() != ""
    assert "园区管委会工作人员" in page.content()
    # The vendored Bootstrap is served: the navbar is styled (not the browser default).
    background = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_wrong_password_shows_a_chinese_error(page, staff_a):
    page.goto(page.live_server_url + "/login/")
    page.fill("#id_username", "staff_a")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.content()
