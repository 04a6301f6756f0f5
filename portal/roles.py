"""The five roles of DESIGN.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARK_STAFF = "park_staff", _("Park committee staff")
    OFFICER = "officer", _("Department officer")
    LEADER = "leader", _("Leader")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


READ_ALL_ROLES = {Role.OFFICER, Role.LEADER, Role.ANALYST, Role.ADMIN}
