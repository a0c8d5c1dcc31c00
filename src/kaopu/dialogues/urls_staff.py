"""Dialogue pages of the FIC staff and the district leaders (views_staff.py), and the QR images of
check-in codes (views_qr.py, also shown on the enterprise's pages)."""

from __future__ import annotations

from django.urls import path

from kaopu.dialogues import views_qr
from kaopu.dialogues import views_staff as views

urlpatterns: list = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/state/<slug:name>/", views.meeting_transition, name="meeting_transition"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/issues/", views.issue_add, name="issue_add"),
    path("<int:pk>/minutes/appeals/", views.issues_to_appeals, name="issues_to_appeals"),
    path("<int:pk>/report/", views.report_page, name="report"),
    path("<int:pk>/report.xlsx", views.report_export, name="report_export"),
    path("reports/series/", views.series_page, name="series_report"),
    path("reports/series.xlsx", views.series_export, name="series_report_export"),
    path("reports/year/", views.year_page, name="year_report"),
    path("reports/year.xlsx", views.year_export, name="year_report_export"),
    path("registrations/<int:pk>/approve/", views.registration_approve, name="registration_approve"),
    path("registrations/<int:pk>/decline/", views.registration_decline, name="registration_decline"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("registrations/<int:pk>/check-in/", views.check_in_registration, name="check_in_registration"),
    path("registrations/<int:pk>/qr.svg", views_qr.registration_qr, name="registration_qr"),
]
