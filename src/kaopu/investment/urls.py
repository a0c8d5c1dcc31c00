"""Investment pages (政会商企) of FIC staff and district leaders, under /investment/."""

from __future__ import annotations

from django.urls import path

from kaopu.investment import views_figures, views_leads, views_partners

app_name = "investment"

urlpatterns: list = [
    path("", views_leads.lead_list, name="lead_list"),
    path("leads/new/", views_leads.lead_new, name="lead_new"),
    path("leads/<int:pk>/", views_leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views_leads.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/follow-ups/", views_leads.follow_up_add, name="follow_up_add"),
    path("leads/<int:pk>/move/<slug:name>/", views_leads.lead_move, name="lead_move"),
    path("leads/<int:pk>/owner/", views_leads.lead_owner, name="lead_owner"),
    path("partners/", views_partners.partner_list, name="partner_list"),
    path("partners/new/", views_partners.partner_new, name="partner_new"),
    path("partners/<int:pk>/", views_partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views_partners.partner_edit, name="partner_edit"),
    path("visits/", views_partners.visit_list, name="visit_list"),
    path("visits/new/", views_partners.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views_partners.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views_partners.visit_edit, name="visit_edit"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures.xlsx", views_figures.figures_export, name="figures_export"),
]
