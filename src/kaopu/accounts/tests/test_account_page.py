"""The account page (/accounts/): who I am, my password's age, links; other apps add sections."""

from __future__ import annotations

from django.urls import reverse

from kaopu.accounts import account_page


def test_the_account_page_includes_the_sections_other_apps_register(login, staff, tmp_path, settings):
    section = '<section class="card" id="extra">两步验证：{{ user.username }}</section>'
    (tmp_path / "extra_section.html").write_text(section)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    account_page.register_section("extra_section.html")
    try:
        page = login(staff).get(reverse("accounts:account")).content.decode()
    finally:
        account_page._SECTIONS.remove("extra_section.html")
    assert '<section class="card" id="extra">两步验证：staff</section>' in page


def test_the_account_page_needs_a_login(client, db):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_role_without_expiry_is_told_so(login, ent_user, staff):
    from django.utils import timezone

    from kaopu.accounts.models import User

    User.objects.filter(pk__in=[ent_user.pk, staff.pk]).update(password_changed_at=timezone.now())
    page = login(ent_user).get(reverse("accounts:account")).content.decode()
    assert "永不过期" in page and "企业用户" in page
    assert "永不过期" not in login(staff).get(reverse("accounts:account")).content.decode()
