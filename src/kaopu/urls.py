from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from kaopu.api import api
from kaopu.core import views as core_views
from kaopu.core.public_pages import public_page
from kaopu.publicity import views_site
from kaopu.publicity.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("kaopu.core.urls")),
    path("favicon.ico", core_views.favicon),
    path("robots.txt", views_site.robots, name="robots"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("kaopu.accounts.urls")),
    path("directory/", include("kaopu.directory.urls")),
    path("audit/", include("kaopu.audit.urls")),
    path("appeals/", include("kaopu.appeals.urls")),
    path("board/", include("kaopu.appeals.urls_board")),
    path("dialogues/", include("kaopu.dialogues.urls")),
    path("meetings/", include("kaopu.dialogues.urls_public")),
    path("legal/", include("kaopu.legal.urls")),
    path("finance/", include("kaopu.finance.urls")),
    path("investment/", include("kaopu.investment.urls")),
    path("chambers/fourgood/", include("kaopu.chambers.urls_fourgood")),
    path("programs/", include("kaopu.programs.urls")),
    path("giving/", include("kaopu.giving.urls")),
    path("membership/", include("kaopu.membership.urls")),
    path("chambers/", include("kaopu.chambers.urls")),
    path("notifications/", include("kaopu.notifications.urls")),
    path("exports/", include("kaopu.exports.urls")),
    path("cockpit/", include("kaopu.insights.urls")),
    path("reports/", include("kaopu.reports.urls")),
    path("news/", include("kaopu.publicity.urls_site")),
    path("publicity/duty/", include("kaopu.publicity.urls_duty")),
    path("publicity/incidents/", include("kaopu.publicity.urls_tamper")),
    path("publicity/", include("kaopu.publicity.urls")),
    path("", include("kaopu.twofactor.urls")),  # /two-factor/… (each user) and /security/two-factor/
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_URL, not even with DEBUG on: only through views that
# apply the access rules (e.g. appeals' attachment download).

# The error pages in the platform's frame and language, JSON below /api/ (kaopu.core.views_errors).
handler400 = "kaopu.core.views_errors.bad_request"
handler403 = "kaopu.core.views_errors.permission_denied"
handler404 = "kaopu.core.views_errors.page_not_found"
handler500 = "kaopu.core.views_errors.server_error"
