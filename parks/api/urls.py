from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("parks", views.ParkViewSet, basename="park")
router.register("land-parcels", views.LandParcelViewSet, basename="landparcel")
router.register("standard-factories", views.StandardFactoryViewSet, basename="standardfactory")
router.register("innovation-carriers", views.InnovationCarrierViewSet, basename="innovationcarrier")
router.register("park-factors", views.ParkFactorViewSet, basename="parkfactor")

urlpatterns = router.urls
