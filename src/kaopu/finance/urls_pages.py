"""The finance workflow pages (namespace "finance", mounted under /finance/ by finance/urls.py):
FIC staff and leaders at the top, the enterprise under my/, the bank officer under bank/."""

from __future__ import annotations

from django.urls import path

from kaopu.finance import views_bank, views_enterprise, views_products, views_staff

urlpatterns: list = [
    # FIC staff (leaders read)
    path("", views_staff.demand_list, name="demand_list"),
    path("demands/new/", views_staff.demand_new, name="demand_new"),
    path("demands/<int:pk>/", views_staff.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/push/", views_staff.demand_push, name="demand_push"),
    path("demands/<int:pk>/withdraw/", views_staff.demand_withdraw, name="demand_withdraw"),
    path("banks/", views_staff.bank_list, name="bank_list"),
    path("banks/new/", views_staff.bank_new, name="bank_new"),
    path("banks/<int:pk>/", views_staff.bank_detail, name="bank_detail"),
    path("banks/<int:pk>/edit/", views_staff.bank_edit, name="bank_edit"),
    path("banks/<int:pk>/contacts/", views_staff.contact_add, name="contact_add"),
    path("contacts/<int:pk>/remove/", views_staff.contact_remove, name="contact_remove"),
    path("schemes/", views_staff.schemes, name="schemes"),
    path("schemes/<int:pk>/", views_staff.scheme_rename, name="scheme_rename"),
    path("schemes/<int:pk>/active/", views_staff.scheme_active, name="scheme_active"),
    # Products: staff, leaders (read), bank officers (their bank's); enterprises browse
    path("products/", views_products.product_list, name="product_list"),
    path("products/new/", views_products.product_new, name="product_new"),
    path("products/<int:pk>/edit/", views_products.product_edit, name="product_edit"),
    path("products/browse/", views_enterprise.products_browse, name="products_browse"),
    # The enterprise
    path("my/", views_enterprise.my_demands, name="my_demands"),
    path("my/new/", views_enterprise.my_demand_new, name="my_demand_new"),
    path("my/<int:pk>/", views_enterprise.my_demand, name="my_demand"),
    path("my/<int:pk>/edit/", views_enterprise.my_demand_edit, name="my_demand_edit"),
    path("my/<int:pk>/withdraw/", views_enterprise.my_withdraw, name="my_withdraw"),
    path("my/<int:pk>/consent/", views_enterprise.my_consent, name="my_consent"),
    # The bank officer
    path("bank/", views_bank.worklist, name="bank_worklist"),
    path("bank/pushes/<int:pk>/", views_bank.push_detail, name="bank_demand"),
    path("bank/pushes/<int:pk>/claim/", views_bank.push_claim, name="bank_claim"),
    path("bank/pushes/<int:pk>/contact/", views_bank.push_contact, name="bank_contact"),
    path("bank/pushes/<int:pk>/grant/", views_bank.push_grant, name="bank_grant"),
    path("bank/pushes/<int:pk>/decline/", views_bank.push_decline, name="bank_decline"),
]
