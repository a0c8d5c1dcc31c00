"""Giving pages (光彩事业与荣誉) under /giving/: staff and leaders, the enterprise (mine/), the chamber
officer (chamber/)."""

from __future__ import annotations

from django.urls import path

from kaopu.giving import views_donations, views_honours, views_totals

app_name = "giving"

urlpatterns: list = [
    path("", views_donations.donation_list, name="donation_list"),
    path("mine/", views_donations.my_donations, name="my_donations"),
    path("chamber/", views_donations.chamber_donations, name="chamber_donations"),
    path("new/", views_donations.donation_new, name="donation_new"),
    path("<int:pk>/", views_donations.donation_detail, name="donation_detail"),
    path("<int:pk>/edit/", views_donations.donation_edit, name="donation_edit"),
    path("<int:pk>/confirm/", views_donations.donation_confirm, name="donation_confirm"),
    path("<int:pk>/return/", views_donations.donation_return, name="donation_return"),
    path("<int:pk>/evidence/", views_donations.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views_donations.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/remove/", views_donations.evidence_remove, name="evidence_remove"),
    path("totals/", views_totals.totals_page, name="totals"),
    path("categories/", views_totals.categories_page, name="categories"),
    path("categories/<int:pk>/", views_totals.categories_page, name="category_edit"),
    path("honours/", views_honours.honour_list, name="honour_list"),
    path("honours/new/", views_honours.honour_new, name="honour_new"),
    path("honours/<int:pk>/", views_honours.honour_detail, name="honour_detail"),
    path("honours/<int:pk>/edit/", views_honours.honour_edit, name="honour_edit"),
    path("honours/<int:pk>/remove/", views_honours.honour_remove, name="honour_remove"),
    path("honours/<int:pk>/certificate/", views_honours.honour_certificate, name="honour_certificate"),
]
