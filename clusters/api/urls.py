from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("chains", views.ChainViewSet, basename="chain")
router.register("chain-nodes", views.ChainNodeViewSet, basename="chainnode")
router.register("investment-leads", views.InvestmentLeadViewSet, basename="investmentlead")
router.register("supply-links", views.SupplyLinkViewSet, basename="supplylink")

urlpatterns = router.urls
