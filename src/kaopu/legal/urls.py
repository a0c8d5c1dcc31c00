"""Legal pages under /legal/: staff and leaders at the root, the enterprise under my/, the lawyer under
lawyer/, and attachments through one view that applies the request's access rules."""

from __future__ import annotations

from django.urls import path

from kaopu.legal import views_common, views_enterprise, views_lawyer, views_staff

app_name = "legal"

urlpatterns = [
    path("", views_staff.request_list, name="request_list"),
    path("new/", views_staff.request_new, name="request_new"),
    path("<int:pk>/", views_staff.request_detail, name="request_detail"),
    path("<int:pk>/assign/", views_staff.assign, name="assign"),
    path("<int:pk>/decline/", views_staff.decline, name="decline"),
    path("<int:pk>/appeal/", views_staff.to_appeal, name="to_appeal"),
    path("team/", views_staff.team, name="team"),
    path("team/firms/new/", views_staff.firm_edit, name="firm_new"),
    path("team/firms/<int:pk>/", views_staff.firm_edit, name="firm_edit"),
    path("team/firms/<int:firm_pk>/lawyers/new/", views_staff.lawyer_edit, name="lawyer_new"),
    path("team/firms/<int:firm_pk>/lawyers/<int:pk>/", views_staff.lawyer_edit, name="lawyer_edit"),
    path("team/lawyers/<int:pk>/availability/", views_staff.lawyer_availability, name="lawyer_availability"),
    path("settings/", views_staff.settings_page, name="settings"),
    path("settings/catalogue/<slug:kind>/", views_staff.catalogue_save, name="catalogue_add"),
    path("settings/catalogue/<slug:kind>/<int:pk>/", views_staff.catalogue_save, name="catalogue_save"),
    path("figures/", views_staff.figures_page, name="figures"),
    path("figures.xlsx", views_staff.figures_export, name="figures_export"),
    path("my/", views_enterprise.my_list, name="my_list"),
    path("my/new/", views_enterprise.my_new, name="my_new"),
    path("my/<int:pk>/", views_enterprise.my_detail, name="my_detail"),
    path("my/<int:pk>/cancel/", views_enterprise.my_cancel, name="my_cancel"),
    path("my/<int:pk>/rate/", views_enterprise.my_rate, name="my_rate"),
    path("lawyer/", views_lawyer.lawyer_home, name="lawyer_home"),
    path("lawyer/availability/", views_lawyer.lawyer_availability, name="lawyer_self_availability"),
    path("lawyer/<int:pk>/", views_lawyer.lawyer_detail, name="lawyer_detail"),
    path("lawyer/<int:pk>/session/", views_lawyer.lawyer_session, name="lawyer_session"),
    path("lawyer/<int:pk>/checklist/", views_lawyer.lawyer_checklist, name="lawyer_checklist"),
    path("lawyer/<int:pk>/complete/", views_lawyer.lawyer_complete, name="lawyer_complete"),
    path("attachments/<int:pk>/", views_common.attachment, name="attachment"),
]
