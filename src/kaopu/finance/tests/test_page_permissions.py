"""Every persona against every finance page: who gets the page (200) and who gets 404 — the same
answer as for an id that does not exist, so a guessed id tells nothing. Anonymous visitors are sent
to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db

ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "other_officer", "lawyer", "sysadmin", "secadmin", "auditadmin"]
STAFF, LEADER, FAR = "staff", "leader", "far_staff"
A, B = "ent_user", "other_ent_user"
MINE, OTHER = "bank_officer", "other_officer"

# page → the personas that get it; every other persona gets 404.
PAGES: dict[tuple[str, str | None], set[str]] = {
    ("finance:demand_list", None): {STAFF, LEADER, FAR},
    ("finance:demand_detail", "demand_a"): {STAFF, LEADER},
    ("finance:demand_detail", "demand_b"): {STAFF, LEADER},
    ("finance:demand_detail", "demand_far"): {FAR},
    ("finance:demand_new", None): {STAFF, FAR},
    ("finance:bank_list", None): {STAFF, LEADER, FAR},
    ("finance:bank_detail", "bank"): {STAFF, LEADER},
    ("finance:bank_detail", "far_bank"): {FAR},
    ("finance:bank_new", None): {STAFF, FAR},
    ("finance:bank_edit", "bank"): {STAFF},
    ("finance:product_list", None): {STAFF, LEADER, FAR, MINE, OTHER},
    ("finance:product_new", None): {STAFF, FAR, MINE, OTHER},
    ("finance:product_edit", "product"): {STAFF, MINE},
    ("finance:product_edit", "other_product"): {STAFF, OTHER},
    ("finance:product_edit", "far_product"): {FAR},
    ("finance:schemes", None): {STAFF, FAR},
    ("finance:my_demands", None): {A, B},
    ("finance:my_demand", "demand_a"): {A},
    ("finance:my_demand", "demand_b"): {B},
    ("finance:my_demand_new", None): {A, B},
    ("finance:my_demand_edit", "demand_a2"): {A},
    ("finance:products_browse", None): {A, B},
    ("finance:bank_worklist", None): {MINE, OTHER},
    ("finance:bank_demand", "push_mine"): {MINE},
    ("finance:bank_demand", "push_other"): {OTHER},
    ("finance:bank_demand", "push_b"): {OTHER},
    ("finance:bank_demand", "push_far"): set(),
}


def _objects(scenario):  # type: ignore[no-untyped-def]
    return {"demand_a": scenario.demand_a, "demand_a2": scenario.demand_a2, "demand_b": scenario.demand_b,
            "demand_far": scenario.demand_far, "bank": scenario.alliance.bank,
            "far_bank": scenario.alliance.far_bank, "product": scenario.product,
            "other_product": scenario.other_product, "far_product": scenario.far_product,
            "push_mine": scenario.push_mine, "push_other": scenario.push_other, "push_b": scenario.push_b,
            "push_far": scenario.push_far}


def _url(name: str, key: str | None, objects: dict) -> str:  # type: ignore[type-arg]
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_each_persona_gets_exactly_its_pages(world, login, role):  # type: ignore[no-untyped-def]
    scenario = build(world)
    objects = _objects(scenario)
    user = scenario.alliance.other_officer if role == OTHER else world.users[role]
    client = login(user)
    wrong = []
    for (name, key), allowed in PAGES.items():
        status = client.get(_url(name, key, objects)).status_code
        expected = 200 if role in allowed else 404
        if status != expected:
            wrong.append((name, key, status, expected))
    assert wrong == []


def test_anonymous_visitors_are_sent_to_log_in(world, client):  # type: ignore[no-untyped-def]
    objects = _objects(build(world))
    for name, key in PAGES:
        response = client.get(_url(name, key, objects))
        assert response.status_code == 302 and "login" in response["Location"], name


@pytest.mark.parametrize(("role", "url_name", "key"), [
    ("leader", "finance:demand_push", "demand_a2"), ("ent_user", "finance:demand_push", "demand_a2"),
    ("bank_officer", "finance:demand_push", "demand_a2"), ("far_staff", "finance:demand_push", "demand_a2"),
    ("other_ent_user", "finance:my_withdraw", "demand_a2"), ("staff", "finance:my_withdraw", "demand_a2"),
    ("other_officer", "finance:bank_claim", "push_mine"), ("other_officer", "finance:bank_grant", "push_mine"),
    ("bank_officer", "finance:bank_grant", "push_other"), ("bank_officer", "finance:bank_decline", "push_b"),
    ("staff", "finance:bank_claim", "push_other"), ("ent_user", "finance:bank_claim", "push_other"),
    ("leader", "finance:demand_withdraw", "demand_a2"), ("leader", "finance:bank_edit", "bank"),
    ("far_staff", "finance:bank_edit", "bank"), ("far_staff", "finance:contact_add", "bank"),
])
def test_posts_of_the_wrong_persona_are_404_and_change_nothing(world, login, role, url_name, key):  # type: ignore[no-untyped-def]
    from kaopu.finance.models import DemandEvent, DemandPush

    scenario = build(world)
    objects = _objects(scenario)
    user = scenario.alliance.other_officer if role == OTHER else world.users[role]
    before = (DemandEvent.objects.count(), list(DemandPush.objects.order_by("id").values_list("state", flat=True)))
    response = login(user).post(_url(url_name, key, objects), {"banks": [scenario.alliance.bank.pk],
                                                                "amount": "100", "rate": "3.5", "term_months": "12",
                                                                "reason": "other", "note": "试图越权",
                                                                "name": "x", "short_name": "x"})
    assert response.status_code == 404
    after = (DemandEvent.objects.count(), list(DemandPush.objects.order_by("id").values_list("state", flat=True)))
    assert after == before
