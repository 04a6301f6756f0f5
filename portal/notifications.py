"""In-app reminders (the bell) and their e-mail copy.  Generic: imports no domain app."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification


def notify(user, kind, key, title, body="", url=""):
    """One notification per (user, key): a reminder sent again for the same thing is not repeated.
    Returns ``(notification, created)``; a new one is also e-mailed when the user has an address."""
    notification, created = Notification.objects.get_or_create(
        user=user, key=key[:200], defaults={"kind": kind, "title": title[:200], "body": body, "url": url[:300]}
    )
    if created and user.email:
        address = user.email
        transaction.on_commit(
            lambda: send_mail(
                title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True
            )
        )
    return notification, created


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
