"""Appeal pages of the staff side (see views_staff.py)."""

from __future__ import annotations

from django.urls import path

from kaopu.appeals import lookups, views_settings, views_summaries
from kaopu.appeals import views_staff as views

urlpatterns: list = [
    path("triage/", views.triage, name="triage"),
    path("all/", views.staff_list, name="staff_list"),
    path("new/", views.staff_new, name="staff_new"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<int:pk>/slip/", views.dispatch_slip, name="dispatch_slip"),
    path("summaries/", views_summaries.queue, name="summary_queue"),
    path("<int:pk>/public-summary/", views_summaries.review, name="staff_public_summary"),
    path("<int:pk>/accept/", views.accept, name="staff_accept"),
    path("<int:pk>/decline/", views.decline, name="staff_decline"),
    path("<int:pk>/dispatch/", views.dispatch, name="staff_dispatch"),
    path("<int:pk>/return/", views.decide_return, name="staff_decide_return"),
    path("<int:pk>/extension/", views.decide_extension, name="staff_decide_extension"),
    path("<int:pk>/review-reply/", views.review_reply, name="staff_review_reply"),
    path("<int:pk>/merge/", views.merge, name="staff_merge"),
    # JSON look-ups of the pickers on the staff's forms (lookups.py)
    path("lookup/enterprises/", lookups.enterprises, name="lookup_enterprises"),
    path("lookup/meetings/", lookups.meetings, name="lookup_meetings"),
    path("<int:pk>/merge/targets/", lookups.appeals_to_merge_into, name="lookup_merge_targets"),
    path("<int:pk>/arbitrate/", views.arbitrate, name="staff_arbitrate"),
    path("<int:pk>/instruct/", views.instruct, name="leader_instruct"),
    # 诉求设置: deadline rules, categories, department heads, routing rules (views_settings.py)
    path("settings/", views_settings.settings_home, name="settings"),
    path("settings/deadlines/", views_settings.deadline_rules, name="settings_deadlines"),
    path("settings/deadlines/add/", views_settings.deadline_rule_add, name="settings_deadline_add"),
    path("settings/deadlines/<int:pk>/", views_settings.deadline_rule_edit, name="settings_deadline_edit"),
    path("settings/deadlines/<int:pk>/delete/", views_settings.deadline_rule_delete,
         name="settings_deadline_delete"),
    path("settings/categories/", views_settings.categories, name="settings_categories"),
    path("settings/categories/add/", views_settings.category_add, name="settings_category_add"),
    path("settings/categories/<int:pk>/", views_settings.category_edit, name="settings_category_edit"),
    path("settings/categories/<int:pk>/active/", views_settings.category_set_active,
         name="settings_category_active"),
    path("settings/departments/", views_settings.department_heads, name="settings_departments"),
    path("settings/departments/<int:pk>/head/", views_settings.department_head_set,
         name="settings_department_head"),
    # 分派规则: the district's routing rules, and a rule (saved or draft) tried on recent appeals
    path("settings/routing/", views_settings.routing_rules, name="settings_routing"),
    path("settings/routing/add/", views_settings.routing_rule_add, name="settings_routing_add"),
    path("settings/routing/test/", views_settings.routing_rule_test, name="settings_routing_test_draft"),
    path("settings/routing/<int:pk>/", views_settings.routing_rule_edit, name="settings_routing_edit"),
    path("settings/routing/<int:pk>/test/", views_settings.routing_rule_test, name="settings_routing_test"),
    path("settings/routing/<int:pk>/move/", views_settings.routing_rule_move, name="settings_routing_move"),
    path("settings/routing/<int:pk>/delete/", views_settings.routing_rule_delete, name="settings_routing_delete"),
]
