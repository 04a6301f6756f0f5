"""The leaders' dashboards (included by reports/urls.py under the ``reports`` namespace)."""

from django.urls import path

from . import views_dashboard as views

urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/data/", views.cockpit_data, name="cockpit_data"),
    path("bigscreen/", views.bigscreen, name="bigscreen"),
    path("figures/<slug:code>/", views.figure_rows, name="figure_rows"),
    path("drill/enterprises/", views.drill_enterprises, name="drill_enterprises"),
    path("drill/clusters/<int:pk>/", views.drill_cluster, name="drill_cluster"),
    path("drill/chains/<int:pk>/", views.chain_map, name="chain_map"),
    path("drill/chains/<int:pk>/data/", views.chain_map_data, name="chain_map_data"),
    path("drill/nodes/<int:pk>/", views.drill_node, name="drill_node"),
    path("drill/enterprises/<int:pk>/", views.drill_enterprise, name="drill_enterprise"),
    path("drill/parks/<int:pk>/", views.drill_park, name="drill_park"),
    path("parkmap/", views.park_map, name="park_map"),
]
