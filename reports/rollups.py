"""Keeping the dashboards' cached figures honest.

The cockpit, the big screen and the maps cache their figures under a *data version*
(:func:`reports.selectors.data_version`).  Any save or delete of a row behind a figure — an
approved month, an import, a corrected figure, a new qualification, an evaluation — moves the
version once its transaction commits, so the next request recomputes.  Bulk writes that bypass
signals (``bulk_create``, ``QuerySet.update``) call :func:`data_changed` themselves after commit.
Each page shows when its figures were computed ("数据截至 …"); a page served while its figures
are being recomputed (:func:`dashboard_refresh`, a Celery task) says so.
"""

from celery import shared_task
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import selectors
from .selectors import data_changed as _bump

WATCHED = (
    "enterprises.Enterprise",
    "enterprises.EnterpriseStat",
    "enterprises.ParkMonth",
    "enterprises.Qualification",
    "enterprises.ServiceRequest",
    "parks.Park",
    "parks.InnovationCarrier",
    "clusters.Cluster",
    "clusters.Chain",
    "clusters.ChainNode",
    "projects.Project",
    "projects.ProjectPlan",
    "projects.ProjectProgress",
    "reports.Target",
    "reports.ParkEvaluation",
)


def data_changed():
    """Call after a bulk write to the figures' rows: the dashboards recompute after commit."""
    transaction.on_commit(_bump)


def _on_change(sender, **kwargs):
    data_changed()


def connect():
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"dashboard-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"dashboard-delete-{label}")
    node = apps.get_model("clusters.ChainNode")
    chain = apps.get_model("clusters.Chain")
    m2m_changed.connect(_on_change, sender=node.enterprises.through, dispatch_uid="dashboard-node-enterprises")
    m2m_changed.connect(_on_change, sender=chain.chain_masters.through, dispatch_uid="dashboard-chain-masters")


@shared_task(name="reports.dashboard_refresh", ignore_result=True)
def dashboard_refresh(year, month, mode, district=None):
    """Recompute one filter's cockpit figures after a change (idempotent: keyed by the filter)."""
    flt = selectors.DashboardFilter(year, month, mode, district)
    selectors.cockpit(flt)  # not allow_stale: recomputes and caches under the current version
