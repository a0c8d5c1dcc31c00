"""The matching and figures pages of finance (included by kaopu.finance.urls, namespace "finance")."""

from __future__ import annotations

from django.urls import path

from kaopu.finance import views_figures, views_matching

urlpatterns = [
    path("demands/<int:pk>/matches/", views_matching.demand_matches, name="demand_matches"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures/export/", views_figures.figures_export, name="figures_export"),
]
