from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .roles import Role
from .scoping import user_role


@login_required
def home(request):
    role = user_role(request.user)
    if role == Role.LEADER:  # leaders start on their cockpit (named by string: no domain import)
        return redirect("reports:cockpit")
    return render(request, "portal/home.html", {"role": role, "role_label": Role(role).label})


@never_cache
@require_GET
def healthz(request):
    """For the reverse proxy and container health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
