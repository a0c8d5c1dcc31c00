from __future__ import annotations

from django.urls import path

from kaopu.directory import views, views_excel

app_name = "directory"
urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("my-enterprise/", views.my_enterprise, name="my_enterprise"),
    path("imports/", views_excel.import_start, name="import_start"),
    path("imports/<int:pk>/", views_excel.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views_excel.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors.xlsx", views_excel.import_errors, name="import_errors"),
    path("imports/template.xlsx", views_excel.import_template, name="import_template"),
]
