"""The Celery application: tasks are discovered in every app's ``tasks.py``; schedules live in
django-celery-beat's tables so that an administrator changes them in the admin."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
