from drf_spectacular.utils import extend_schema_view

from portal.api import PortalModelViewSet, deactivating_destroy_schema

from ..filtersets import ProjectFilterSet, ProjectPlanFilterSet, ProjectProgressFilterSet
from ..models import Project, ProjectPlan, ProjectProgress
from . import serializers


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.ProjectSerializer))
class ProjectViewSet(PortalModelViewSet):
    """Major projects (重大项目); ``DELETE`` deactivates the project."""

    model = Project
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet


class ProjectPlanViewSet(PortalModelViewSet):
    """A project's planned investment per year."""

    model = ProjectPlan
    serializer_class = serializers.ProjectPlanSerializer
    filterset_class = ProjectPlanFilterSet


class ProjectProgressViewSet(PortalModelViewSet):
    """Monthly scheduling (月调度): investment completed per month."""

    model = ProjectProgress
    serializer_class = serializers.ProjectProgressSerializer
    filterset_class = ProjectProgressFilterSet
