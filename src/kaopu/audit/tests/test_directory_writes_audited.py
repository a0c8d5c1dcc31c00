"""Every directory write made through the pages leaves an audit entry with what changed, and the chain holds."""

from __future__ import annotations

from django.urls import reverse

from kaopu.audit.log import verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_credit_code


def test_create_then_edit_through_the_pages_leaves_two_chained_entries(world, login, staff):
    client = login(staff)
    data = {"name": "上海审计测试有限公司", "credit_code": make_credit_code(901), "status": "active",
            "subdistrict": world.subdistrict.pk, "industry": "65", "size": "small"}
    created = client.post(reverse("directory:enterprise_create"), data)
    assert created.status_code == 302
    pk = int(created.url.rstrip("/").split("/")[-1])
    edited = client.post(reverse("directory:enterprise_edit", args=[pk]),
                         {**data, "size": "medium", "address": "真如路 1 号"})
    assert edited.status_code == 302

    entries = list(AuditEntry.objects.filter(object_type="directory.enterprise", object_id=str(pk))
                   .order_by("sequence"))
    assert [e.action for e in entries] == [Action.CREATE, Action.UPDATE]
    assert entries[0].data["credit_code"] == make_credit_code(901)
    assert entries[1].data == {"size": {"old": "small", "new": "medium"},
                               "address": {"old": "", "new": "真如路 1 号"}}
    assert all(e.actor_id == staff.pk and e.ip_address == "127.0.0.1" for e in entries)
    assert verify().ok


def test_the_enterprise_users_contact_change_is_audited_under_its_name(world, login, ent_user):
    client = login(ent_user)
    client.post(reverse("directory:enterprise_edit", args=[world.enterprise_a.pk]),
                {"address": "长寿路 99 号", "phone": world.enterprise_a.phone, "employees": ""})
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(world.enterprise_a.pk))
    assert entry.actor_name == "ent_user"
    assert entry.data == {"address": {"old": "", "new": "长寿路 99 号"}}
