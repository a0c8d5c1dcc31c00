"""How feature apps add their demo data (on an empty database: test_demo.py keeps the demo loaded for its
whole module)."""

from __future__ import annotations

from kaopu.core.management.commands.demo import load_demo


def test_feature_apps_add_their_demo_data_through_a_demo_module(db, monkeypatch):
    from kaopu.core.management.commands import demo as command

    calls = []
    monkeypatch.setattr(command, "feature_demo_loaders", lambda: [calls.append])
    load_demo()
    load_demo()
    assert [district.name for district in calls] == ["普陀区"]
