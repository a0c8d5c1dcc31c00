"""Finance pages under /finance/: the workflow pages (urls_pages) and the matching and figures
pages (urls_matching)."""

from __future__ import annotations

from kaopu.finance import urls_matching, urls_pages

app_name = "finance"

urlpatterns = [*urls_pages.urlpatterns, *urls_matching.urlpatterns]
