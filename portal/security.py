"""Log-in protection: the password rule and the answer to a locked-out log-in (django-axes).

Settings (portal/settings.py, "auth and sessions"): after ``LOGIN_FAILURE_LIMIT`` (5) failed
log-ins for one user name, or from one address, further attempts for it are refused for
``LOGIN_LOCKOUT_MINUTES`` (30), whatever the password; docs/security.md explains the choices.
"""

import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

CHARACTER_CLASSES = (
    ("upper", re.compile(r"[A-Z]")),
    ("lower", re.compile(r"[a-z]")),
    ("digit", re.compile(r"[0-9]")),
    ("symbol", re.compile(r"[^A-Za-z0-9]")),
)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message of our own: Django's Chinese catalogue lacks its plural form, so
    users saw it in English."""

    def get_error_message(self):
        return _("This password is too short: it must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Your password must have at least %(min_length)d characters.") % {"min_length": self.min_length}


class CharacterClassValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _name, pattern in CHARACTER_CLASSES if pattern.search(password or ""))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)d of these kinds of characters: upper-case letters, "
            "lower-case letters, digits, symbols."
        ) % {"n": self.min_classes}


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed log-ins: this account or this address is locked for %(minutes)d minutes. "
        "Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out log-in gets: 429 with the reason, on the log-in page (or as JSON for the
    API's token endpoint)."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    form = AuthenticationForm(request, data=request.POST or None)
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
