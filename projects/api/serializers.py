from portal.api import PortalModelSerializer

from ..models import Project, ProjectPlan, ProjectProgress


class ProjectSerializer(PortalModelSerializer):
    class Meta:
        model = Project
        fields = "__all__"


class ProjectPlanSerializer(PortalModelSerializer):
    class Meta:
        model = ProjectPlan
        fields = "__all__"


class ProjectProgressSerializer(PortalModelSerializer):
    class Meta:
        model = ProjectProgress
        fields = "__all__"
