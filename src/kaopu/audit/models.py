"""The append-only, tamper-evident audit log.

Each entry stores the SHA-256 of its own content together with the hash of the entry before it,
so that changing or deleting any entry breaks the chain from there on, and an HMAC of that hash made
with a key kept outside the database (``settings.AUDIT_KEY``), so that a chain rewritten and
recomputed by someone without the key is detected. ``ChainHead`` holds the number and hash of the
newest entry; signed checkpoints written outside the database (``audit.checkpoints``) pin the newest
entry at regular times, so that cutting the tail or emptying the table is detected too.
``kaopu audit verify`` walks the chain and compares it with the newest checkpoint. Database
triggers refuse UPDATE, DELETE and TRUNCATE on the entries and any move of the chain head but one
step forward (migrations 0002 and 0005), so tampering needs someone who can drop triggers: the
HMAC and the checkpoints are what catch them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    LOCKED_OUT = "locked_out", _("account locked")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")
    ROLE_CHANGE = "role_change", _("role change")
    PERMISSION_CHANGE = "permission_change", _("permission change")
    TOKEN = "token", _("API token")
    PASSWORD_CHANGE = "password_change", _("password change")
    PASSWORD_RESET = "password_reset", _("password reset")
    TWO_FACTOR = "two_factor", _("two-factor authentication")
    SHARE = "share", _("shared with a third party")
    VIEW_PERSONAL = "view_personal", _("viewed personal data")
    READ_AUDIT = "read_audit", _("read the audit log")


class AppendOnlyQuerySet(models.QuerySet):
    """No code deletes or rewrites audit entries (retention is at least 180 days: README, "Deploying")."""

    def delete(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("Audit entries are append-only")

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Audit entries are append-only")


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    # DO_NOTHING without a database constraint: deleting an account must not try to UPDATE its
    # entries (the triggers refuse it); the entry keeps the id, and actor_name says who it was.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.DO_NOTHING, null=True, blank=True,
                              related_name="+", db_constraint=False, verbose_name=_("user"))
    # Kept as text too: the entry must still say who acted after the account is gone.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    # The object in words, e.g. 企业「上海某某有限公司」, as it was named when the entry was written.
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64)
    entry_hash = models.CharField(_("hash of this entry"), max_length=64)
    # HMAC-SHA256 of entry_hash with the audit key named by key_id (audit.log.sign).
    key_id = models.CharField(_("key id"), max_length=16, blank=True)
    mac = models.CharField(_("HMAC"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-sequence"]
        indexes = [
            # The audit page filters by action and by user, newest first.
            models.Index(fields=["action", "-sequence"], name="audit_action_seq"),
            models.Index(fields=["actor", "-sequence"], name="audit_actor_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_action_display()} {self.summary}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Audit entries are append-only")


class ChainHead(models.Model):
    """One row: the newest entry's sequence and hash. Appending locks it, so entries chain in order.
    Triggers (migration 0005) refuse deleting it and any update but one step forward to an entry that
    exists with that hash, so it cannot be rewound to hide deleted entries."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.last_hash[:12]}"
