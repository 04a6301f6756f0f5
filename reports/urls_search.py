"""The top-bar search; included by reports/urls.py under the app's namespace."""

from django.urls import path

from . import search

urlpatterns = [
    path("", search.search_view, name="search"),
]
