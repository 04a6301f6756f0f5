from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("targets", views.TargetViewSet, basename="target")
router.register("reports", views.ReportViewSet, basename="report")
router.register("park-evaluations", views.ParkEvaluationViewSet, basename="parkevaluation")
router.register("aggregates/chains", views.ChainStatusViewSet, basename="aggregate-chains")

urlpatterns = [
    path("aggregates/figures/", views.FiguresView.as_view(), name="aggregate-figures"),
    path("aggregates/target-progress/", views.TargetProgressView.as_view(), name="aggregate-target-progress"),
    *router.urls,
]
