"""Chinese by default, English one switch away (STYLE.md "Languages")."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from portal.models import Region

CATALOGUE_DIR = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
CJK = re.compile(r"[\u4e00-\u9fff]")


def catalogues():
    return sorted(CATALOGUE_DIR.glob("*.po"))


def test_the_chinese_catalogue_exists():
    assert (CATALOGUE_DIR / "django.po").exists()


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.name)
def test_no_untranslated_or_fuzzy_entries(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.name)
def test_compiled_catalogue_matches_the_source(po_path):
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or entry.msgid_plural:
            continue
        if entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_chinese_is_the_default_language(client):
    response = client.get(reverse("login"))
    assert "登录" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def strip_language_names(html):
    # The language switcher shows each language in its own name (简体中文): interface, not data.
    return html.replace("简体中文", "")


@pytest.mark.parametrize("url_name", ["login"])
def test_english_pages_have_no_chinese_anonymous(client, url_name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = strip_language_names(client.get(reverse(url_name)).content.decode())
    assert CJK.findall(html) == []


def test_english_pages_have_no_chinese_signed_in(client, staff_a, park_a):
    client.force_login(staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in [
        reverse("home"),
        reverse("parks:park_list"),
        reverse("parks:park_detail", args=[park_a.pk]),
        reverse("parks:park_edit", args=[park_a.pk]),
    ]:
        html = strip_language_names(client.get(url).content.decode())
        # Data is ASCII in this test, except the region names (reference data in select boxes).
        for name in sorted(Region.objects.values_list("name", flat=True), key=len, reverse=True):
            html = html.replace(name, "")
        assert CJK.findall(html) == [], url


def test_pages_stay_chinese_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_the_language_switch_still_turns_pages_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response["Content-Language"] == "en"


def test_the_api_follows_accept_language(client):
    response = client.get("/api/enterprises/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
    assert CJK.findall(response.content.decode()) == []


@pytest.mark.parametrize(
    "first, last, shown",
    [("娜杰", "权", "权娜杰"), ("Anna", "Smith", "Anna Smith"), ("", "", "zhang"), ("", "欧阳", "欧阳")],
)
def test_names_are_written_in_their_own_order(first, last, shown):
    from portal.models import User

    assert str(User(username="zhang", first_name=first, last_name=last)) == shown
