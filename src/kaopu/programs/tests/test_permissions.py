"""Who sees which activity, page by page, guessing ids: a chamber officer never reaches the FIC's nor
another chamber's activity (404, never 403), far staff nothing of this district, leaders read only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core import access
from kaopu.programs.models import Activity, ActivityPhoto
from kaopu.programs.testing import make_activity
from kaopu.programs.tests.test_photos import upload_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(chamber, chamber_officer, other_chamber_officer, staff, far_staff, types):  # type: ignore[no-untyped-def]
    """One activity of each organiser, each with a photo."""
    made = {"own": make_activity(chamber_officer, title="本会学习会"),
            "other": make_activity(other_chamber_officer, title="温州商会走访"),
            "fic": make_activity(staff, title="工商联党建会"),
            "far": make_activity(far_staff, title="静安区活动")}
    return made, {key: upload_photo(activity, staff if key != "far" else far_staff, key)
                  for key, activity in made.items()}


def _pages(activity, photo):  # type: ignore[no-untyped-def]
    return [reverse("programs:activity_detail", args=[activity.pk]),
            reverse("programs:activity_edit", args=[activity.pk]),
            reverse("programs:photos", args=[activity.pk]),
            reverse("programs:photo_file", args=[photo.pk])]


def test_the_access_rule_gives_each_role_its_rows(rows, chamber_officer, other_chamber_officer, staff, leader,
                                                  far_staff, ent_user):  # type: ignore[no-untyped-def]
    made, _photos = rows

    def seen(user, action="view"):  # type: ignore[no-untyped-def]
        return set(access.scope(user, Activity, action).values_list("title", flat=True))

    assert seen(chamber_officer) == seen(chamber_officer, "change") == {"本会学习会"}
    assert seen(other_chamber_officer) == {"温州商会走访"}
    assert seen(staff) == seen(staff, "change") == {"本会学习会", "温州商会走访", "工商联党建会"}
    assert seen(leader) == seen(staff) and seen(leader, "change") == set()
    assert seen(far_staff) == {"静安区活动"}
    assert seen(ent_user) == set()
    assert access.scope(chamber_officer, ActivityPhoto).get().activity == made["own"]


def test_a_chamber_officer_guessing_ids_gets_404_everywhere_but_on_their_own(rows, login, chamber_officer):  # type: ignore[no-untyped-def]
    made, photos = rows
    client = login(chamber_officer)
    for key in ("other", "fic", "far"):
        for url in _pages(made[key], photos[key]):
            assert client.get(url).status_code == 404, url
        for url in (reverse("programs:photo_caption", args=[photos[key].pk]),
                    reverse("programs:photo_remove", args=[photos[key].pk])):
            assert client.post(url, {"caption": "改"}).status_code == 404, url
    assert ActivityPhoto.objects.count() == 4
    for url in _pages(made["own"], photos["own"]):
        assert client.get(url).status_code == 200, url


def test_leaders_read_but_reach_no_form(rows, login, leader):  # type: ignore[no-untyped-def]
    made, photos = rows
    client = login(leader)
    detail, edit, photo_page, photo = _pages(made["other"], photos["other"])
    assert client.get(detail).status_code == 200 and client.get(photo).status_code == 200
    assert client.get(edit).status_code == 404 and client.get(photo_page).status_code == 404
    assert client.get(reverse("programs:activity_new")).status_code == 404


def test_far_staff_and_enterprise_users_reach_nothing(rows, login, far_staff, ent_user):  # type: ignore[no-untyped-def]
    made, photos = rows
    for user in (far_staff, ent_user):
        client = login(user)
        for url in _pages(made["fic"], photos["fic"]):
            assert client.get(url).status_code == 404, (user, url)
    assert login(ent_user).get(reverse("programs:activity_list")).status_code == 404


def test_an_officer_reaches_no_staff_page_and_staff_no_officer_list(rows, login, chamber_officer, staff):  # type: ignore[no-untyped-def]
    client = login(chamber_officer)
    for name in ("programs:activity_list", "programs:figures", "programs:figures_export", "programs:types"):
        assert client.get(reverse(name)).status_code == 404, name
    assert login(staff).get(reverse("programs:chamber_list")).status_code == 404
