"""Meeting pages of the enterprise side, under /dialogues/my/ (helper DC fills this in)."""

from __future__ import annotations

urlpatterns: list = []
