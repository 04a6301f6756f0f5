"""Targets, generated reports and evaluations, and the read-only aggregates the dashboards use.

Every figure comes from ``reports.indicators`` (the one definition of each figure), so the API and
the cockpit agree by construction.  Aggregates are readable by every signed-in role (DESIGN.md:
region totals, rankings and bulletins circulate to all parks); the rows behind them stay scoped.
"""

from collections import defaultdict

from django.db.models import Case, Value, When
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.filtersets import ChainFilterSet
from clusters.models import Chain, ChainNode
from clusters.rules import MISSING, WEAK, chain_completeness
from portal.api import AUTHENTICATION_CLASSES, Pagination, PortalModelViewSet, PortalReadOnlyViewSet
from portal.periods import share, time_elapsed_progress

from .. import indicators
from ..filtersets import ParkEvaluationFilterSet, ReportFilterSet, TargetFilterSet
from ..models import ParkEvaluation, Report, Target
from . import serializers


class TargetViewSet(PortalModelViewSet):
    """Targets (目标) of an indicator for a subject and year; their progress:
    ``/api/aggregates/target-progress/``."""

    model = Target
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilterSet
    select_related = ("indicator",)


class ReportViewSet(PortalReadOnlyViewSet):
    """Generated reports (read-only); the list leaves out their content, the detail has it."""

    model = Report
    filterset_class = ReportFilterSet

    def get_serializer_class(self):
        return serializers.ReportListSerializer if self.action == "list" else serializers.ReportSerializer


class ParkEvaluationViewSet(PortalReadOnlyViewSet):
    """Park evaluation results (read-only), each with its indicator items."""

    model = ParkEvaluation
    serializer_class = serializers.ParkEvaluationSerializer
    filterset_class = ParkEvaluationFilterSet
    prefetch_related = ("items",)


class AggregateView(APIView):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated]

    def query(self, serializer_class):
        query = serializer_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


class FiguresView(AggregateView):
    """Figures of a subject for a span, with the same span last year and the year-on-year growth:
    ``?subject_type=park&subject_id=3&year=2025&month=6&mode=ytd&codes=revenue,tax``."""

    @extend_schema(parameters=[serializers.FiguresQuerySerializer], responses=serializers.FiguresSerializer)
    def get(self, request):
        q = self.query(serializers.FiguresQuerySerializer)
        codes = q.get("codes") or list(indicators.REGISTRY)
        span = indicators.Span(q["year"], q["month"], q["mode"])
        rows = indicators.figures(codes, q["subject"], span)
        data = {
            "subject_type": q["subject_type"],
            "subject_id": q.get("subject_id"),
            "year": q["year"],
            "month": q["month"],
            "mode": q["mode"],
            "figures": rows,
        }
        return Response(serializers.FiguresSerializer(data).data)


class TargetProgressView(AggregateView):
    """Each target of the year against the actual figure up to the month (1–N月 for flows, the
    month's end for counts) and against time elapsed (序时进度): behind when progress < elapsed."""

    @extend_schema(
        parameters=[serializers.TargetProgressQuerySerializer],
        responses=serializers.TargetProgressSerializer(many=True),
    )
    def get(self, request):
        q = self.query(serializers.TargetProgressQuerySerializer)
        targets = Target.objects.filter(year=q["year"]).select_related("indicator").order_by("indicator", "pk")
        if q.get("subject_type"):
            targets = targets.filter(subject_type=q["subject_type"])
        span = indicators.Span(q["year"], q["month"], "ytd")
        elapsed = time_elapsed_progress(q["month"])
        by_subject = defaultdict(list)
        for target in targets:
            by_subject[(target.subject_type, target.subject_id)].append(target)
        rows = []
        for (kind, pk), group in by_subject.items():
            codes = [t.indicator.code for t in group if t.indicator.code in indicators.REGISTRY]
            values = indicators.compute_many(codes, indicators.Subject(kind, pk), [span])[span] if codes else {}
            for target in group:
                actual = values.get(target.indicator.code)
                progress = share(actual, target.value)
                rows.append(
                    {
                        "target": target.pk,
                        "indicator": target.indicator.code,
                        "name": target.indicator.name,
                        "unit": target.indicator.unit,
                        "subject_type": kind,
                        "subject_id": pk,
                        "year": target.year,
                        "target_value": target.value,
                        "actual": actual,
                        "progress": progress,
                        "time_elapsed": elapsed,
                        "behind_schedule": None if progress is None else progress < elapsed,
                    }
                )
        return Response(serializers.TargetProgressSerializer(rows, many=True).data)


def chain_rows(chains, with_nodes):
    """Completeness and node statuses of ``chains``: one query for all their nodes."""
    chains = list(chains)
    upstream_first = Case(
        *(When(stage=stage, then=Value(i)) for i, stage in enumerate(ChainNode.Stage.values)), default=Value(9)
    )
    nodes = ChainNode.objects.filter(chain__in=chains).order_by("chain", upstream_first, "sort_order", "pk")
    per_chain = defaultdict(list)
    for node, status in indicators.node_statuses(nodes):
        per_chain[node.chain_id].append((node, status))
    rows = []
    for chain in chains:
        statuses = [status for _node, status in per_chain[chain.pk]]
        row = {
            "id": chain.pk,
            "code": chain.code,
            "name": chain.name,
            "cluster": chain.cluster_id,
            "nodes_total": len(statuses),
            "nodes_missing": statuses.count(MISSING),
            "nodes_weak": statuses.count(WEAK),
            "completeness": chain_completeness(statuses),
        }
        if with_nodes:
            row["nodes"] = [
                {
                    "id": node.pk,
                    "name": node.name,
                    "stage": node.stage,
                    "parent": node.parent_id,
                    "is_key": node.is_key,
                    "enterprises": node.n_enterprises,
                    "above_size_enterprises": node.n_above,
                    "status": status,
                }
                for node, status in per_chain[chain.pk]
            ]
        rows.append(row)
    return rows


class ChainStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """Chains with their completeness (covered nodes ÷ all nodes); a chain's detail lists each
    node's status (missing 缺失 / weak 薄弱 / strong) with its enterprise counts."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = serializers.ChainStatusSerializer
    filterset_class = ChainFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Chain.objects.none()
        return Chain.objects.for_user(self.request.user).order_by("cluster__sort_order", "sort_order", "code")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(chain_rows(page, False), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(chain_rows([self.get_object()], True)[0]).data)
