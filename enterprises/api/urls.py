from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("qualifications", views.QualificationViewSet, basename="qualification")
router.register("enterprise-stats", views.EnterpriseStatViewSet, basename="enterprisestat")
router.register("park-months", views.ParkMonthViewSet, basename="parkmonth")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("service-requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("cooperations", views.CooperationViewSet, basename="cooperation")

urlpatterns = router.urls
