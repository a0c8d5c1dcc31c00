"""The public board (views_board.py), under /board/: no login needed."""

from __future__ import annotations

from django.urls import path

from kaopu.appeals import views_board

app_name = "board"
urlpatterns = [
    path("", views_board.board, name="board"),
]
