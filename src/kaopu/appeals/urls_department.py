"""Appeal pages of the department side (see views_department.py), under /appeals/inbox/."""

from __future__ import annotations

from django.urls import path

from kaopu.appeals import views_department as views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("<int:pk>/sign-for/", views.sign_for, name="inbox_sign_for"),
    path("<int:pk>/return/", views.request_return, name="inbox_request_return"),
    path("<int:pk>/reply/", views.reply, name="inbox_reply"),
    path("<int:pk>/extension/", views.request_extension, name="inbox_request_extension"),
    path("<int:pk>/opinion/", views.give_opinion, name="inbox_give_opinion"),
]
