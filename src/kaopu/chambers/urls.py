"""Chamber pages under /chambers/: the FIC's lists, one chamber's pages, the officer's own entries."""

from __future__ import annotations

from django.urls import path

from kaopu.chambers import views_chamber, views_officer, views_staff

app_name = "chambers"

urlpatterns: list = [
    path("", views_staff.chamber_list, name="chamber_list"),
    path("new/", views_staff.chamber_new, name="chamber_new"),
    path("ours/", views_officer.our_chamber, name="our_chamber"),
    path("ours/members/", views_officer.our_members, name="our_members"),
    path("ours/projects/", views_officer.our_projects, name="our_projects"),
    path("terms-ending/", views_staff.terms_ending, name="terms_ending"),
    path("projects/", views_staff.project_list, name="project_list"),
    path("<int:pk>/", views_chamber.chamber_detail, name="chamber_detail"),
    path("<int:pk>/edit/", views_staff.chamber_edit, name="chamber_edit"),
    path("<int:pk>/status/", views_staff.chamber_status, name="chamber_status"),
    path("<int:pk>/accounts/", views_staff.chamber_link, name="chamber_link"),
    path("<int:pk>/members/", views_chamber.member_list, name="member_list"),
    path("<int:pk>/members/add/", views_chamber.member_add, name="member_add"),
    path("<int:pk>/members/roster/", views_chamber.member_roster, name="member_roster"),
    path("<int:pk>/terms/new/", views_chamber.term_new, name="term_new"),
    path("<int:pk>/projects/", views_chamber.chamber_projects, name="chamber_projects"),
    path("<int:pk>/projects/new/", views_chamber.project_new, name="project_new"),
    path("members/<int:pk>/role/", views_chamber.member_role, name="member_role"),
    path("members/<int:pk>/leave/", views_chamber.member_leave, name="member_leave"),
    path("terms/<int:pk>/edit/", views_chamber.term_edit, name="term_edit"),
    path("projects/<int:pk>/", views_chamber.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views_chamber.project_edit, name="project_edit"),
    path("projects/<int:pk>/feature/", views_staff.project_feature, name="project_feature"),
    path("projects/<int:pk>/outcomes/", views_chamber.outcome_add, name="outcome_add"),
    path("projects/<int:pk>/photos/", views_chamber.photo_add, name="photo_add"),
    path("outcomes/<int:pk>/remove/", views_chamber.outcome_remove, name="outcome_remove"),
    path("photos/<int:pk>/", views_chamber.photo_file, name="photo_file"),
    path("photos/<int:pk>/remove/", views_chamber.photo_remove, name="photo_remove"),
]
