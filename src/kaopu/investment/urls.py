from __future__ import annotations

app_name = "investment"

urlpatterns: list = []
