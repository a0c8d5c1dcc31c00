"""Activity pages (活动) under /programs/: staff and leaders, and the chamber officer (chamber/)."""

from __future__ import annotations

from django.urls import path

from kaopu.programs import views_activities, views_figures, views_photos

app_name = "programs"

urlpatterns: list = [
    path("", views_activities.activity_list, name="activity_list"),
    path("chamber/", views_activities.chamber_list, name="chamber_list"),
    path("new/", views_activities.activity_new, name="activity_new"),
    path("<int:pk>/", views_activities.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views_activities.activity_edit, name="activity_edit"),
    path("<int:pk>/photos/", views_photos.photos, name="photos"),
    path("photos/<int:pk>/", views_photos.photo_file, name="photo_file"),
    path("photos/<int:pk>/caption/", views_photos.photo_caption, name="photo_caption"),
    path("photos/<int:pk>/remove/", views_photos.photo_remove, name="photo_remove"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures.xlsx", views_figures.figures_export, name="figures_export"),
    path("types/", views_figures.types_page, name="types"),
    path("types/<int:pk>/", views_figures.types_page, name="type_edit"),
]
