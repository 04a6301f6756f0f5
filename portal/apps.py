from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import (
            audit,  # noqa: F401 - connects the sign-in receivers
            bulk,  # noqa: F401 - registers the in_list lookup
        )
