from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("policies", views.PolicyViewSet, basename="policy")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("applications", views.ApplicationViewSet, basename="application")

urlpatterns = router.urls
