"""Messages of Django's admin and of django-axes that their own Chinese catalogues lack (Django 5.2's new
admin captions, axes' field names). Kaopu's core catalogue translates them; listing them here keeps
those entries when ``make messages`` runs makemessages with --no-obsolete, which drops every entry it
does not find in Kaopu's own sources. Nothing imports this module.

The admin walk (core/tests/test_admin_chinese.py) fails when a new Django or axes version brings
another English string to the admin pages: add it here and to core's catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

DJANGO_ADMIN = [
    # admin/app_list.html: the captions of the index's table columns (read by screen readers).
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    # admin/auth/user/add_form.html (Django 5.1).
    _("After you’ve created a user, you’ll be able to edit more user options."),
]

AXES = [
    _("access attempt"), _("access attempts"), _("access log"), _("access logs"),
    _("access failure"), _("access failures"), _("access attempt expiration"), _("access attempt expirations"),
    _("Access Attempt"), _("User Agent"), _("IP Address"), _("Username"), _("HTTP Accept"), _("Path"),
    _("Attempt Time"), _("Logout Time"), _("GET Data"), _("POST Data"), _("Failed Logins"), _("Access lock out"),
    _("Session key hash (sha256)"), _("Expires At"), _("The time when access attempt expires and is no longer valid."),
    _("Locked Out"), _("Form Data"), _("Meta Data"), _("Not set"),
]
