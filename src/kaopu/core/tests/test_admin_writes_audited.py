"""Every save and delete through the admin leaves an audit entry naming the object (RoleAdminMixin).

The walk reads ``admin.site._registry``: as each role that may change a model, it submits the change
form of an existing row as a browser would and expects an audit entry about that row in words. The
generic delete path is checked on a ModelAdmin of the mixin's own (no registered admin lets anyone
delete a business row today): delete_model and the list's "delete selected".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.core.admin_site import RoleAdminMixin
from kaopu.core.tests.test_admin_forms import PERSONA_OF_ROLE, REGISTERED, submitted_by_browser
from kaopu.directory.models import Subdistrict


def _new_entries(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))


def _last() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


CHANGEABLE = [(model, model_admin) for model, model_admin in REGISTERED if model_admin.edit_roles]


def _wrote(queries: CaptureQueriesContext, opts: Any) -> bool:
    return any(q["sql"].startswith(("UPDATE", "INSERT")) and f'"{opts.db_table}"' in q["sql"] for q in queries)


@pytest.mark.parametrize(("model", "model_admin"), CHANGEABLE, ids=[m._meta.label for m, _a in CHANGEABLE])
def test_saving_a_row_in_the_admin_is_audited(model, model_admin, world, login, one_of_each) -> None:  # type: ignore[no-untyped-def]
    opts = model._meta
    existing = one_of_each(model)
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[existing.pk])
    writers = 0
    for role in sorted(model_admin.edit_roles):
        client = login(world.users[PERSONA_OF_ROLE[role]])
        data = submitted_by_browser(client.get(url), opts) | {"_save": "1"}
        before = _last()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        assert response.status_code == 302, f"{role}: {url} refused an unchanged form"
        # The generic admin saves the row even unchanged; an admin that saves through the app's actions
        # (accounts) writes nothing when nothing changed, and then owes no entry.
        if not _wrote(queries, opts) and "name" in data:  # such an admin: change the name, where the role may
            with CaptureQueriesContext(connection) as queries:
                client.post(url, data | {"name": f"{data['name']}（改）"})
        if not _wrote(queries, opts):
            continue
        writers += 1
        entries = [e for e in _new_entries(before) if e.object_id == str(existing.pk)]
        assert entries, f"{role}: saving {opts.label} #{existing.pk} in the admin left no audit entry"
        assert all(e.object_type == opts.label_lower and e.actor_id == world.users[PERSONA_OF_ROLE[role]].pk
                   for e in entries)
    assert writers, f"no administrator's save of {opts.label} wrote the row: the test checked nothing"


def test_adding_a_subdistrict_names_it_with_the_fields_set(world, login, sysadmin) -> None:  # type: ignore[no-untyped-def]
    client = login(sysadmin)
    before = _last()
    response = client.post(reverse("admin:directory_subdistrict_add"),
                           {"district": world.district.pk, "name": "真如镇街道", "sort_order": "3", "_save": "1"})
    assert response.status_code == 302
    created = Subdistrict.objects.get(name="真如镇街道")
    (entry,) = _new_entries(before)
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "directory.subdistrict", str(created.pk))
    assert entry.summary.startswith("管理后台新建") and entry.summary.endswith("「真如镇街道」")
    assert entry.data["values"]["name"] == "真如镇街道" and entry.ip_address == "127.0.0.1"


class _DeletableSubdistricts(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    delete_roles = frozenset({"system_admin"})


def test_the_generic_delete_paths_record_each_row_before_it_goes(world, sysadmin) -> None:  # type: ignore[no-untyped-def]
    model_admin = _DeletableSubdistricts(Subdistrict, admin.site)
    request: Any = RequestFactory().post("/")
    request.user = sysadmin
    one, two, three = (Subdistrict.objects.create(district=world.district, name=name)
                       for name in ("桃浦镇", "万里街道", "石泉路街道"))
    ids = [str(one.pk), str(two.pk), str(three.pk)]
    before = _last()
    model_admin.delete_model(request, one)
    model_admin.delete_queryset(request, Subdistrict.objects.filter(pk__in=[two.pk, three.pk]))
    entries = _new_entries(before)
    assert [(e.action, e.object_id) for e in entries] == [("delete", pk) for pk in ids]
    assert "桃浦镇" in entries[0].summary and entries[1].data == {"bulk": True}
    assert not Subdistrict.objects.filter(pk__in=ids).exists()


def test_an_admin_that_records_its_own_entry_is_not_recorded_twice(world, login, secadmin) -> None:  # type: ignore[no-untyped-def]
    """The user admin writes its own entry (role changes through accounts.actions); the mixin adds none."""
    staff = world.users["staff"]
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    client = login(world.users["sysadmin"])
    data = submitted_by_browser(client.get(url), staff._meta) | {"_save": "1", "name": "新名字"}
    before = _last()
    assert client.post(url, data).status_code == 302
    assert len([e for e in _new_entries(before) if e.object_type == "accounts.user"]) == 1
