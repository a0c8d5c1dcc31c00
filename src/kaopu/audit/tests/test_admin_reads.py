"""The admin's audit entry pages: read-only for the audit administrator, and each reading recorded
like the /audit/ page's."""

from __future__ import annotations

from django.urls import reverse

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry


def test_reading_the_log_in_the_admin_is_audited(login, auditadmin, staff):
    entry = record(Action.UPDATE, actor=staff, target=staff, summary="某次修改")
    client = login(auditadmin)
    listing = client.get(reverse("admin:audit_auditentry_changelist"), {"action__exact": "update"})
    assert listing.status_code == 200
    assert f"用户「{staff.name}」" in listing.text
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    reads = list(AuditEntry.objects.filter(action=Action.READ_AUDIT).order_by("sequence"))
    assert [(r.actor_id, r.data.get("filters"), r.object_id) for r in reads] == [
        (auditadmin.pk, {"action__exact": "update"}, ""), (auditadmin.pk, None, str(entry.pk))]
    assert verify().ok


def test_the_admin_cannot_change_or_delete_entries(login, auditadmin, staff):
    entry = record(Action.UPDATE, actor=staff, summary="某次修改")
    client = login(auditadmin)
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, summary="某次修改").exists()


def test_other_administrators_do_not_see_the_log_in_the_admin(login, sysadmin, secadmin):
    for user in (sysadmin, secadmin):
        assert login(user).get(reverse("admin:audit_auditentry_changelist")).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.READ_AUDIT).exists()
