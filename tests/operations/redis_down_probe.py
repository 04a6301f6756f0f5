"""Run in a subprocess whose REDIS_URL points at a closed port (tests/operations/test_faults.py):
signs in, opens pages, starts a large export and requests a report, and prints what happened as
JSON.  Not a test module itself."""

import json
import sys

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from portal.models import Job, User  # noqa: E402
from reports import services  # noqa: E402
from reports.models import Report  # noqa: E402


def main(username, enterprise_id):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    pages = {}
    for name, args in [
        ("home", []),
        ("reports:cockpit", []),
        ("reports:cockpit_data", []),
        ("enterprises:enterprise_list", []),
        ("enterprises:enterprise_detail", [enterprise_id]),
        ("parks:park_list", []),
    ]:
        pages[name] = client.get(reverse(name, args=args)).status_code
    with override_settings(EXCEL_EXPORT_SYNC_ROWS=0):
        export = client.get(reverse("reports:export") + "?export=enterprise")
    job = Job.objects.filter(kind="export").order_by("-pk").first()
    status = client.get(reverse("reports:excel_job_status", args=[job.pk])).json()
    report = services.report_request(user=None, kind="quarterly", year=2025, period=1)
    report = Report.objects.get(pk=report.pk)
    print(
        json.dumps(
            {
                "pages": pages,
                "export": [export.status_code, export.get("Location", "")],
                "job": [job.status, status["message"]],
                "report": report.status,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
