from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("chains/", views.chain_list, name="chain_list"),
    path("chains/<int:pk>/", views.chain_detail, name="chain_detail"),
    path("chains/<int:pk>/edit/", views.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/masters/", views.chain_master_toggle, name="chain_master_toggle"),
    path("chains/<int:chain_pk>/nodes/add/", views.node_add, name="node_add"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node_edit"),
    path("nodes/<int:pk>/move/", views.node_move, name="node_move"),
    path("nodes/<int:pk>/reorder/", views.node_reorder, name="node_reorder"),
    path("nodes/<int:pk>/delete/", views.node_delete, name="node_delete"),
    path("nodes/<int:pk>/attach/", views.node_attach, name="node_attach"),
    path("nodes/<int:pk>/detach/<int:enterprise_pk>/", views.node_detach, name="node_detach"),
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/board/", views.lead_board, name="lead_board"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/move/", views.lead_move, name="lead_move"),
    path("leads/<int:pk>/land/", views.lead_land, name="lead_land"),
    path("supply-links/", views.supplylink_list, name="supplylink_list"),
    path("supply-links/new/", views.supplylink_edit, name="supplylink_create"),
    path("supply-links/<int:pk>/edit/", views.supplylink_edit, name="supplylink_edit"),
]
