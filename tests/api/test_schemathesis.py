"""schemathesis against /api/schema/: for every operation, generated requests (valid ones and
invalid ones) get no server error (5xx) and no response that breaks the schema.  Run in-process
through Django's WSGI application with an administrator's token, on PostgreSQL (CI).

schemathesis' pytest loader (``from_fixture``) does not work with this pytest, so the test walks
the operations itself and runs a bounded Hypothesis search on each."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests import factories as f

# Bounded in CI; `make fuzz` runs many more (SCHEMATHESIS_EXAMPLES, docs/security.md).
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES") or 3)
CHECKS = [not_a_server_error, response_schema_conformance]


def seed(park):
    """A few rows so that detail, update and delete operations meet real objects too."""
    enterprise = f.EnterpriseFactory(park=park)
    f.QualificationFactory(enterprise=enterprise)
    f.EnterpriseStatFactory(enterprise=enterprise)
    node = f.ChainNodeFactory()
    node.enterprises.add(enterprise)
    f.ProjectProgressFactory(project=f.ProjectFactory(park=park))
    f.ApplicationFactory(enterprise=enterprise)
    f.TargetFactory()


def run_operation(operation, headers, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # Each example in its own savepoint: a failed request cannot spoil the next ones.
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.fixture
def keep_connection_open():
    """Like Django's test client: the WSGI handler must not close the test's connection at the end
    of each request (the test runs in a transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.postgres
def test_every_operation_conforms_to_the_schema(db, admin_user, park_a, department, keep_connection_open):
    from django.core.wsgi import get_wsgi_application
    from rest_framework.authtoken.models import Token

    seed(park_a)
    token = Token.objects.create(user=admin_user)
    headers = {"Authorization": f"Token {token.key}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                run_operation(operation, headers, mode)
            except BaseException as exc:  # every failing operation is reported, not just the first
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"[:2000])
    assert operations > 100
    assert failures == [], "\n\n".join(failures)
