"""Appeal pages of the enterprise side (see views_enterprise.py), under /appeals/my/."""

from __future__ import annotations

from django.urls import path

from kaopu.appeals import views_enterprise as views

urlpatterns = [
    path("", views.my_list, name="my_list"),
    path("new/", views.my_new, name="my_new"),
    path("<int:pk>/", views.my_detail, name="my_detail"),
    path("<int:pk>/withdraw/", views.my_withdraw, name="my_withdraw"),
    path("<int:pk>/rate/", views.my_rate, name="my_rate"),
]
