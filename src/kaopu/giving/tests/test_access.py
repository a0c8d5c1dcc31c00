"""Who reaches which donation and honour, on every page and file: an enterprise sees only its own donations
(and its people's), an officer their chamber's, staff their district's; every guessed id of another's
answers 404 (GET and POST alike) and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.chambers.tests.uploads import jpeg_upload
from kaopu.giving.models import Donation, DonationEvidence, Honour
from kaopu.giving.testing import make_donation, make_honour, receipt

pytestmark = pytest.mark.django_db

# Every page that names a donation, an evidence file or an honour: (url name, object, method).
PAGES = [
    ("giving:donation_detail", "donation", "get"),
    ("giving:donation_edit", "donation", "get"),
    ("giving:donation_edit", "donation", "post"),
    ("giving:donation_confirm", "donation", "post"),
    ("giving:donation_return", "donation", "post"),
    ("giving:evidence_add", "donation", "post"),
    ("giving:evidence_file", "evidence", "get"),
    ("giving:evidence_remove", "evidence", "post"),
    ("giving:honour_detail", "honour", "get"),
    ("giving:honour_edit", "honour", "get"),
    ("giving:honour_edit", "honour", "post"),
    ("giving:honour_remove", "honour", "post"),
    ("giving:honour_certificate", "honour", "get"),
]
READ_PAGES = {"giving:donation_detail", "giving:evidence_file", "giving:honour_detail", "giving:honour_certificate"}


@pytest.fixture
def enterprise_rows(world, ent_user, staff, settings, tmp_path):  # type: ignore[no-untyped-def]
    """enterprise_a's reported donation with a receipt, and its honour with a certificate."""
    settings.MEDIA_ROOT = tmp_path
    donation = make_donation(ent_user, uploads=[receipt()])
    honour = make_honour(staff, kind="enterprise", enterprise=world.enterprise_a, title="区文明单位",
                         level="district", certificate=jpeg_upload("证书.jpg"))
    return {"donation": donation.pk, "evidence": donation.evidence.get().pk, "honour": honour.pk}


@pytest.fixture
def chamber_rows(chamber, chamber_officer, staff, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    donation = make_donation(chamber_officer, uploads=[receipt()])
    honour = make_honour(staff, kind="chamber", chamber=chamber, title="上海市“四好”商会", level="municipal",
                         certificate=jpeg_upload("证书.jpg"))
    return {"donation": donation.pk, "evidence": donation.evidence.get().pk, "honour": honour.pk}


def _visit(client, name, pk, method):  # type: ignore[no-untyped-def]
    url = reverse(name, args=[pk])
    return client.get(url) if method == "get" else client.post(url, {"reason": "x", "title": "改名"})


def _unchanged(before: dict) -> None:
    donation = Donation.objects.get(pk=before["donation"])
    assert donation.state == Donation.State.REPORTED
    assert DonationEvidence.objects.filter(pk=before["evidence"]).exists()
    assert Honour.objects.filter(pk=before["honour"]).exists()


@pytest.mark.parametrize("persona", ["other_ent_user", "chamber_officer", "far_staff", "handler", "bank_officer",
                                     "lawyer", "sysadmin"])
def test_every_page_of_an_enterprises_donation_and_honour_answers_404_to_others(persona, world, login,
                                                                               enterprise_rows, chamber):
    client = login(world.users[persona])
    for name, key, method in PAGES:
        response = _visit(client, name, enterprise_rows[key], method)
        assert response.status_code == 404, (persona, name, method)
    _unchanged(enterprise_rows)


@pytest.mark.parametrize("persona", ["ent_user", "other_chamber_officer", "far_staff"])
def test_every_page_of_a_chambers_donation_and_honour_answers_404_to_others(persona, world, login, chamber_rows,
                                                                           other_chamber_officer):
    user = other_chamber_officer if persona == "other_chamber_officer" else world.users[persona]
    client = login(user)
    for name, key, method in PAGES:
        assert _visit(client, name, chamber_rows[key], method).status_code == 404, (persona, name, method)
    _unchanged(chamber_rows)


def test_the_enterprise_reads_its_own_and_may_edit_only_while_not_confirmed(ent_user, staff, login, enterprise_rows):
    client = login(ent_user)
    for name, key, method in PAGES:
        if name in READ_PAGES:
            assert _visit(client, name, enterprise_rows[key], method).status_code == 200, name
    assert client.get(reverse("giving:donation_edit", args=[enterprise_rows["donation"]])).status_code == 200
    assert client.get(reverse("giving:honour_edit", args=[enterprise_rows["honour"]])).status_code == 404
    login(staff).post(reverse("giving:donation_confirm", args=[enterprise_rows["donation"]]))
    client = login(ent_user)
    assert client.get(reverse("giving:donation_edit", args=[enterprise_rows["donation"]])).status_code == 404
    assert client.get(reverse("giving:donation_detail", args=[enterprise_rows["donation"]])).status_code == 200


def test_the_officer_reads_their_chambers_rows_and_a_leader_reads_all(chamber_officer, leader, login,
                                                                      chamber_rows):
    for user in (chamber_officer, leader):
        client = login(user)
        for name, key, method in PAGES:
            if name in READ_PAGES:
                assert _visit(client, name, chamber_rows[key], method).status_code == 200, (user, name)
    # A leader reads only: every change answers 404 and changes nothing.
    client = login(leader)
    for name, key, method in PAGES:
        if name not in READ_PAGES:
            assert _visit(client, name, chamber_rows[key], method).status_code == 404, name
    _unchanged(chamber_rows)


def test_lists_show_only_what_the_user_may_see(world, login, ent_user, other_ent_user, staff, chamber_officer,
                                               chamber):
    own = make_donation(ent_user, recipient="甲企业的受赠方")
    person = make_donation(ent_user, kind="person", person_name="周晓东", recipient="个人名义的受赠方")
    make_donation(other_ent_user, recipient="乙企业的受赠方")
    make_donation(chamber_officer, recipient="商会的受赠方")
    page = login(ent_user).get(reverse("giving:my_donations")).content.decode()
    assert "甲企业的受赠方" in page and "个人名义的受赠方" in page
    assert "乙企业的受赠方" not in page and "商会的受赠方" not in page
    page = login(chamber_officer).get(reverse("giving:chamber_donations")).content.decode()
    assert "商会的受赠方" in page and "甲企业的受赠方" not in page
    assert own.pk and person.enterprise == world.enterprise_a
    for name in ("giving:donation_list", "giving:totals", "giving:categories"):
        assert login(ent_user).get(reverse(name)).status_code == 404, name
        assert login(chamber_officer).get(reverse(name)).status_code == 404, name
    assert login(staff).get(reverse("giving:my_donations")).status_code == 404
