"""django-otp registers admin pages for its devices; Kaopu takes them away.

They would let the system administrator read users' TOTP secrets and delete any administrator's
second factor, which 三员 forbids: second factors are managed on the two-factor pages (the security
administrator resets a non-administrator's; an administrator's only on the command line).
"""

from __future__ import annotations

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
