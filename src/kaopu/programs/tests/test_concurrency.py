"""Two people adding the last allowed photo of an activity at once, with real threads on PostgreSQL: the
activity row's lock lets one in and refuses the other (never MAX_PHOTOS + 1 photos, never an orphan file)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaopu.core.testing import at_once, build_world
from kaopu.programs import actions
from kaopu.programs.actions import ActivityError
from kaopu.programs.models import ActivityPhoto
from kaopu.programs.testing import make_activity
from kaopu.programs.tests.test_photos import jpeg

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_uploads_of_the_last_place_add_one_photo(settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(actions, "MAX_PHOTOS", 1)
    staff = build_world().users["staff"]
    activity = make_activity(staff)

    def upload(name: str):  # type: ignore[no-untyped-def]
        return lambda: actions.add_photo(activity.pk, acting_user=staff,
                                         upload=SimpleUploadedFile(name, jpeg(), content_type="image/jpeg"))

    outcomes = at_once([upload("a.jpg"), upload("b.jpg")])
    assert sorted(type(o).__name__ for o in outcomes) == ["ActivityError", "ActivityPhoto"], outcomes
    assert any(isinstance(o, ActivityError) and "最多 1 张" in o.message for o in outcomes)
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1
    assert len(list(tmp_path.rglob("*.jpg"))) == 1
