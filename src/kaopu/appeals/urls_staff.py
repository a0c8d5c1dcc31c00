"""Appeal pages of the staff side (see views_staff.py)."""

from __future__ import annotations

from django.urls import path

from kaopu.appeals import views_staff as views

urlpatterns: list = [
    path("triage/", views.triage, name="triage"),
    path("all/", views.staff_list, name="staff_list"),
    path("new/", views.staff_new, name="staff_new"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<int:pk>/accept/", views.accept, name="staff_accept"),
    path("<int:pk>/decline/", views.decline, name="staff_decline"),
    path("<int:pk>/dispatch/", views.dispatch, name="staff_dispatch"),
    path("<int:pk>/return/", views.decide_return, name="staff_decide_return"),
    path("<int:pk>/extension/", views.decide_extension, name="staff_decide_extension"),
    path("<int:pk>/merge/", views.merge, name="staff_merge"),
    path("<int:pk>/arbitrate/", views.arbitrate, name="staff_arbitrate"),
    path("<int:pk>/instruct/", views.instruct, name="leader_instruct"),
]
