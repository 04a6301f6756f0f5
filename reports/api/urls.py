from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("targets", views.TargetViewSet, basename="target")
router.register("reports", views.ReportViewSet, basename="report")
router.register("park-evaluations", views.ParkEvaluationViewSet, basename="parkevaluation")
router.register("aggregates/figures", views.FiguresView, basename="aggregate-figures")
router.register("aggregates/target-progress", views.TargetProgressView, basename="aggregate-target-progress")
router.register("aggregates/chains", views.ChainStatusViewSet, basename="aggregate-chains")

urlpatterns = router.urls
