"""The staff's editorial pages under /publicity/ (views_staff.py, views_settings.py)."""

from __future__ import annotations

from django.urls import path

from kaopu.publicity import views_settings, views_staff

app_name = "publicity"
urlpatterns = [
    path("", views_staff.article_list, name="article_list"),
    path("new/", views_staff.article_new, name="article_new"),
    path("<int:pk>/", views_staff.article_detail, name="article_detail"),
    path("<int:pk>/edit/", views_staff.article_edit, name="article_edit"),
    path("<int:pk>/submit/", views_staff.submit, name="submit"),
    path("<int:pk>/review/", views_staff.review, name="review"),
    path("<int:pk>/publish/", views_staff.publish, name="publish"),
    path("<int:pk>/withdraw/", views_staff.withdraw, name="withdraw"),
    path("<int:pk>/revise/", views_staff.revise, name="revise"),
    path("<int:pk>/images/", views_staff.image_upload, name="image_upload"),
    path("<int:pk>/attachments/", views_staff.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views_staff.attachment_remove,
         name="attachment_remove"),
    path("<int:pk>/versions/", views_staff.versions, name="versions"),
    path("columns/", views_settings.columns, name="columns"),
    path("columns/new/", views_settings.column_edit, name="column_new"),
    path("columns/<int:pk>/", views_settings.column_edit, name="column_edit"),
    path("settings/", views_settings.settings_page, name="settings"),
]
