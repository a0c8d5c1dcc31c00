from __future__ import annotations

app_name = "legal"

urlpatterns: list = []
