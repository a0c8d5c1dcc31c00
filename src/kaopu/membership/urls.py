"""Membership pages (会员与会费) under /membership/: staff and leaders' pages, and the enterprise user's own."""

from __future__ import annotations

from django.urls import path

from kaopu.membership import views_enterprise, views_staff

app_name = "membership"

urlpatterns: list = [
    path("", views_staff.member_list, name="member_list"),
    path("members/new/", views_staff.member_new, name="member_new"),
    path("members/<int:pk>/", views_staff.member_detail, name="member_detail"),
    path("members/<int:pk>/<slug:what>/", views_staff.member_change, name="member_change"),
    path("applications/", views_staff.application_list, name="application_list"),
    path("applications/<int:pk>/decide/", views_staff.application_decide, name="application_decide"),
    path("committee/", views_staff.committee, name="committee"),
    path("committee/<slug:what>/", views_staff.committee_change, name="committee_change"),
    path("dues/", views_staff.dues, name="dues"),
    path("dues/<slug:what>/", views_staff.dues_change, name="dues_change"),
    path("invoices/", views_staff.invoice_list, name="invoice_list"),
    path("invoices/<int:pk>/", views_staff.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/<slug:what>/", views_staff.invoice_change, name="invoice_change"),
    path("arrears/", views_staff.arrears, name="arrears"),
    path("statement.xlsx", views_staff.statement_export, name="statement_export"),
    path("ours/", views_enterprise.our_membership, name="our_membership"),
    path("ours/apply/", views_enterprise.apply, name="apply"),
]
