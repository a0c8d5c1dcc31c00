"""`kaopu demo`: the demo district, its accounts, and loading it only once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db.models import F
from django.utils import translation

from kaopu.accounts.models import User
from kaopu.accounts.roles import ROLE_ORGANISATION_KINDS, Role
from kaopu.chambers.models import Chamber, Membership
from kaopu.core.management.commands.demo import DEMO_PASSWORD, demo_accounts, load_demo, logins_table
from kaopu.core.registry import registry
from kaopu.core.testing import loaded_once
from kaopu.directory import credit_code, demo
from kaopu.directory.models import (
    Department,
    District,
    Enterprise,
    EnterprisePerson,
    Person,
    PersonTitle,
    Subdistrict,
)

INDUSTRY_WORDS = {code: words for code, _weight, words in demo.INDUSTRIES}


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo, loaded once for this module (the public site's demo attaches a file: MEDIA_ROOT is a
    temporary folder)."""
    def load() -> District:
        load_demo()
        return District.objects.get(name="普陀区")

    with loaded_once(django_db_blocker, tmp_path_factory.mktemp("media"), load) as district:
        yield district


@pytest.fixture
def loaded(demo_district, db) -> District:  # type: ignore[no-untyped-def]
    return demo_district


def test_demo_district_has_the_ten_subdistricts_in_order(loaded):
    rows = Subdistrict.objects.filter(district=loaded).order_by("sort_order")
    names = list(rows.values_list("name", flat=True))
    assert names == ["长寿路街道", "曹杨新村街道", "长风新村街道", "宜川路街道", "甘泉路街道", "石泉路街道",
                     "真如镇街道", "万里街道", "长征镇", "桃浦镇"]


def test_demo_district_has_its_departments(loaded):
    names = set(Department.objects.filter(district=loaded).values_list("name", flat=True))
    assert {"区市场监管局", "区人社局", "区发展改革委", "区数据局"} <= names
    assert {"长寿路街道办事处", "桃浦镇人民政府"} <= names
    assert len(names) >= 20


def test_demo_loads_two_thousand_enterprises_with_valid_credit_codes(loaded):
    codes = list(Enterprise.objects.filter(district=loaded).values_list("credit_code", flat=True))
    assert len(codes) == 2000
    assert all(credit_code.is_valid(code) and code.startswith("91310107") for code in codes)


def test_demo_enterprise_names_fit_their_industry(loaded):
    for name, industry in Enterprise.objects.values_list("name", "industry_id"):
        assert name.startswith("上海") and name.endswith("有限公司")
        assert any(word in name for word in INDUSTRY_WORDS[industry]), name


def test_demo_proportions_look_like_a_central_district(loaded):
    enterprises = Enterprise.objects.filter(district=loaded)
    share = {flag: enterprises.filter(**{flag: True}).count() / 2000
             for flag in ("is_high_tech", "is_specialised", "is_member")}
    assert 0.11 < share["is_high_tech"] < 0.19
    assert 0.03 < share["is_specialised"] < 0.08
    assert 0.16 < share["is_member"] < 0.24
    assert enterprises.filter(size__in=["micro", "small"]).count() > 0.8 * 2000
    assert not enterprises.filter(is_member=True, member_since__isnull=True).exists()
    assert not enterprises.filter(member_since__lt=F("established_on")).exists()


def test_every_demo_enterprise_has_its_legal_representative_as_a_person(loaded):
    links = EnterprisePerson.objects.filter(role=EnterprisePerson.Role.LEGAL_REPRESENTATIVE)
    assert links.count() == 2000
    for enterprise_name, person_name in links.values_list("enterprise__legal_representative", "person__name"):
        assert enterprise_name == person_name
    assert Person.objects.filter(district=loaded).exclude(gender="").count() == Person.objects.count()
    assert PersonTitle.objects.filter(level__in=["district", "provincial"]).exists()


def test_demo_has_an_account_for_every_role_in_a_fitting_organisation(loaded):
    users = {user.username: user for user in User.objects.select_related("organisation")}
    assert {user.role for user in users.values()} == set(Role.values)
    for user in users.values():
        assert user.organisation.kind in ROLE_ORGANISATION_KINDS[user.role]
        assert user.check_password(DEMO_PASSWORD)
    assert users["qiye1"].organisation.enterprise_id != users["qiye2"].organisation.enterprise_id
    assert {users["scjg"].organisation.name, users["rsj"].organisation.name} == {"区市场监管局", "区人社局"}
    assert users["shanghui"].organisation.name == "普陀区青年企业家商会"


def test_demo_password_passes_the_password_validators(loaded):
    # Checked as for a new account with each demo user's name and e-mail (the history validator rightly
    # refuses the saved users' current password).
    for user in User.objects.all():
        newcomer = User(username=user.username, name=user.name, email=user.email, role=user.role)
        assert validate_password(DEMO_PASSWORD, newcomer) is None  # raises ValidationError otherwise


def test_second_demo_load_adds_nothing(loaded):
    def counts() -> tuple[int, ...]:
        return tuple(model.objects.count() for model in (Enterprise, Person, User, Department, Subdistrict))

    before = counts()
    out = StringIO()
    with translation.override("en"):
        call_command("demo", load_only=True, stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert counts() == before


def test_demo_data_is_the_same_on_every_run():
    first = [(code, row.name) for code, row in demo.demo_enterprises(20)]
    assert first == [(code, row.name) for code, row in demo.demo_enterprises(20)]
    assert len({code for code, _name in first}) == 20


def test_logins_table_lists_every_demo_login_with_the_password():
    table = logins_table()
    for account in demo_accounts():
        assert account.username in table
    assert table.count(DEMO_PASSWORD) == len(demo_accounts())


def test_no_installed_app_module_is_mistaken_for_a_demo_loader():
    from kaopu.core.management.commands.demo import feature_demo_loaders

    assert all(loader.__name__ == "load_demo" for loader in feature_demo_loaders())


def test_demo_has_the_districts_chambers_and_the_officers_to_dos(loaded):
    """The chambers' demo (kaopu.chambers.demo), loaded by `kaopu demo` with this module's demo."""
    district = loaded
    chambers = Chamber.objects.filter(district=district)
    subdistricts = Subdistrict.objects.filter(district=district)
    assert chambers.filter(kind="subdistrict").count() == subdistricts.count() == 10
    assert {f"普陀区{s.name}商会" for s in subdistricts} <= set(chambers.values_list("name", flat=True))
    names = set(chambers.values_list("name", flat=True))
    assert {"普陀区软件和信息服务业商会", "普陀区餐饮商会", "普陀区温州商会", "普陀区福建商会",
            "普陀区安徽商会"} <= names
    officer = User.objects.get(username="shanghui")
    youth = chambers.get(name="普陀区青年企业家商会")
    assert youth.organisation == officer.organisation
    assert Membership.objects.filter(chamber=youth, left_on__isnull=True).count() >= 10
    assert registry.todos["chambers.our_term_ending"].count(officer) == 1
    assert registry.todos["chambers.projects_without_outcomes"].count(officer) == 1
    assert registry.todos["chambers.terms_ending"].count(User.objects.get(username="staff")) >= 1
