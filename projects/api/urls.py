from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("project-plans", views.ProjectPlanViewSet, basename="projectplan")
router.register("project-progress", views.ProjectProgressViewSet, basename="projectprogress")

urlpatterns = router.urls
