"""The top-bar search: enterprises, parks, projects and policies by name, short name, credit code
or code (partial match), within the user's scope, grouped by kind."""

from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from enterprises.models import Enterprise
from parks.models import Park
from policies.models import Policy
from projects.models import Project

PER_KIND = 10
MIN_LENGTH = 2

# (kind, model, fields matched, detail URL name, what a hit shows under its name)
KINDS = [
    ("enterprise", Enterprise, ("name", "short_name", "uscc"), "enterprises:enterprise_detail", "uscc"),
    ("park", Park, ("name", "short_name", "code"), "parks:park_detail", "code"),
    ("project", Project, ("name", "code"), "projects:project_detail", "code"),
    ("policy", Policy, ("title", "doc_number"), "policies:policy_detail", "doc_number"),
]


def detail_url(url_name, pk):
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


def search(*, user, query, per_kind=PER_KIND):
    """[{"kind", "label", "hits": [{"name", "detail", "url"}], "more": bool}] for non-empty kinds."""
    query = (query or "").strip()
    if len(query) < MIN_LENGTH:
        return []
    groups = []
    for kind, model, fields, url_name, detail_field in KINDS:
        condition = reduce(or_, (Q(**{f"{name}__icontains": query}) for name in fields))
        rows = list(model.objects.for_user(user).filter(condition).order_by(fields[0])[: per_kind + 1])
        if not rows:
            continue
        groups.append(
            {
                "kind": kind,
                "label": model._meta.verbose_name_plural,
                "hits": [
                    {"name": str(row), "detail": getattr(row, detail_field, ""), "url": detail_url(url_name, row.pk)}
                    for row in rows[:per_kind]
                ],
                "more": len(rows) > per_kind,
            }
        )
    return groups


@login_required
def search_view(request):
    query = request.GET.get("q", "")
    return render(
        request,
        "reports/search.html",
        {"query": query, "groups": search(user=request.user, query=query), "min_length": MIN_LENGTH},
    )
