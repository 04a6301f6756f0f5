from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework.decorators import action

from portal.api import (
    Conflict,
    NoInput,
    PortalModelViewSet,
    ReasonInput,
    WorkflowActionsMixin,
    deactivating_destroy_schema,
    run_workflow,
    workflow_schema,
)

from .. import services
from ..filtersets import ApplicationFilterSet, MeasureFilterSet, PolicyFilterSet
from ..models import Application, Measure, Policy
from . import serializers


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.PolicySerializer))
class PolicyViewSet(PortalModelViewSet):
    """Policy documents; ``DELETE`` deactivates the policy."""

    model = Policy
    serializer_class = serializers.PolicySerializer
    filterset_class = PolicyFilterSet
    prefetch_related = ("clusters", "chains", "parks")


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.MeasureSerializer))
class MeasureViewSet(PortalModelViewSet):
    """Measures (奖补事项) with their eligibility and amount rule; ``DELETE`` deactivates one."""

    model = Measure
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilterSet


class ApplicationViewSet(WorkflowActionsMixin, PortalModelViewSet):
    """Applications for a measure. The computed amount follows the measure's rule; submitting,
    reviewing, approving and paying out are workflow actions."""

    model = Application
    serializer_class = serializers.ApplicationSerializer
    filterset_class = ApplicationFilterSet
    select_related = ("measure",)
    workflow_actions = ("submit", "park_review", "approve", "return_", "reject", "disburse")

    EDITABLE = (Application.Status.DRAFT, Application.Status.RETURNED)

    def refuse_unless_editable(self, application):
        if application.status not in self.EDITABLE:
            raise Conflict(
                _("Only a draft or returned application can be changed or deleted; this one is %(status)s.")
                % {"status": application.get_status_display()}
            )

    def perform_update(self, serializer):
        self.refuse_unless_editable(serializer.instance)
        super().perform_update(serializer)

    def destroy(self, request, *args, **kwargs):
        self.refuse_unless_editable(self.get_object())
        return super().destroy(request, *args, **kwargs)

    def _run(self, service, **kwargs):
        application = self.get_object()
        return self.record_response(run_workflow(service, user=self.request.user, application=application, **kwargs))

    @workflow_schema(NoInput, serializers.ApplicationSerializer, "Submit the application (park staff).")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(services.application_submit)

    @workflow_schema(NoInput, serializers.ApplicationSerializer, "园区初审: passed by staff of the enterprise's park.")
    @action(detail=True, methods=["post"], url_path="park-review", url_name="park-review")
    def park_review(self, request, pk=None):
        return self._run(services.application_park_review)

    @workflow_schema(
        serializers.ApplicationApproveInput,
        serializers.ApplicationSerializer,
        "部门审核: approve an amount no larger than the computed amount and the measure's remaining budget.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        amount = self.action_input(serializers.ApplicationApproveInput)["approved_amount"]
        return self._run(services.application_approve, amount=amount)

    @workflow_schema(ReasonInput, serializers.ApplicationSerializer, "退回: back to the enterprise, with a reason.")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._run(services.application_return, reason=self.action_input(ReasonInput)["reason"])

    @workflow_schema(ReasonInput, serializers.ApplicationSerializer, "驳回: refused for good, with a reason.")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._run(services.application_reject, reason=self.action_input(ReasonInput)["reason"])

    @workflow_schema(
        serializers.ApplicationDisburseInput, serializers.ApplicationSerializer, "已拨付: the date the money was paid."
    )
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        day = self.action_input(serializers.ApplicationDisburseInput)["disbursed_on"]
        return self._run(services.application_disburse, disbursed_on=day)
