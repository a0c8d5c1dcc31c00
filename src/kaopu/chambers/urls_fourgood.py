"""The Four-Good evaluation's pages (四好商会评价), under /chambers/fourgood/ (namespace "fourgood")."""

from __future__ import annotations

from django.urls import path

from kaopu.chambers import views_fourgood as cycles
from kaopu.chambers import views_fourgood_apply as apply

app_name = "fourgood"

urlpatterns: list = [
    path("", cycles.cycle_list, name="cycle_list"),
    path("new/", cycles.cycle_new, name="cycle_new"),
    path("to-score/", cycles.to_score, name="to_score"),
    path("results-to-record/", cycles.results_to_record, name="results_to_record"),
    path("<int:pk>/", cycles.cycle_detail, name="cycle"),
    path("<int:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("<int:pk>/indicators/", cycles.indicator_save, name="indicator_add"),
    path("<int:pk>/indicators/<int:indicator>/", cycles.indicator_save, name="indicator_save"),
    path("<int:pk>/indicators/<int:indicator>/remove/", cycles.indicator_remove, name="indicator_remove"),
    path("<int:pk>/indicators/copy/", cycles.indicators_copy, name="indicators_copy"),
    path("<int:pk>/reviewers/", cycles.reviewers_save, name="reviewers"),
    path("<int:pk>/move/<slug:move>/", cycles.cycle_move, name="cycle_move"),
    path("<int:pk>/ranking/", cycles.ranking, name="ranking"),
    path("<int:pk>/export.xlsx", cycles.export, name="export"),
    path("<int:pk>/start/", cycles.start_for_chamber, name="start"),
    path("<int:pk>/apply/", apply.apply, name="apply"),
    path("mine/", apply.mine, name="mine"),
    path("applications/<int:pk>/", apply.application_detail, name="application"),
    path("applications/<int:pk>/save/", apply.application_save, name="application_save"),
    path("applications/<int:pk>/withdraw/", apply.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/evidence/<int:indicator>/", apply.evidence_add, name="evidence_add"),
    path("applications/<int:pk>/evidence/<int:evidence>/remove/", apply.evidence_remove, name="evidence_remove"),
    path("applications/<int:pk>/files/<int:evidence>/", apply.evidence_download, name="evidence_download"),
    path("applications/<int:pk>/review/", apply.review, name="review"),
    path("applications/<int:pk>/result/", apply.result, name="result"),
]
