"""A chamber applies: its officer (or staff on its behalf) writes the self-assessment with evidence files, submits
before the deadline, may withdraw and resubmit while the cycle is open; another chamber's officer reaches
none of it, even by guessing ids (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.models import Application, Evidence
from kaopu.chambers.testing_fourgood import apply, indicators
from kaopu.chambers.tests.fourgood_fixtures import TODAY, cycle, reviewer  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _start(client, cycle):  # type: ignore[no-untyped-def]  # noqa: F811
    response = client.post(reverse("fourgood:apply", args=[cycle.pk]))
    assert response.status_code == 302
    return Application.objects.get(cycle=cycle)


def test_the_officer_applies_with_evidence_and_submits(cycle, chamber, chamber_officer, login, settings, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    client = login(chamber_officer)
    assert cycle.name in client.get(reverse("fourgood:mine")).content.decode()
    application = _start(client, cycle)
    first = indicators(cycle)[0]
    upload = SimpleUploadedFile("党建台账.pdf", PDF, content_type="application/pdf")
    client.post(reverse("fourgood:evidence_add", args=[application.pk, first.pk]), {"files": [upload]})
    (evidence,) = Evidence.objects.filter(application=application)
    assert evidence.name == "党建台账.pdf" and evidence.indicator == first
    data = {f"score_{i.pk}": str(i.max_score) for i in indicators(cycle)}
    data |= {f"text_{i.pk}": "已开展" for i in indicators(cycle)} | {"summary": "创建工作总结", "submit": "1"}
    client.post(reverse("fourgood:application_save", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.state == "submitted" and application.summary == "创建工作总结"
    page = client.get(reverse("fourgood:application", args=[application.pk])).content.decode()
    assert "党建台账.pdf" in page
    download = client.get(reverse("fourgood:evidence_download", args=[application.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    summaries = list(AuditEntry.objects.filter(object_type="chambers.application").values_list("summary", flat=True))
    assert any("党建台账.pdf" in s for s in summaries) and any("提交" in s for s in summaries)


def test_a_program_renamed_to_pdf_is_refused(cycle, chamber, chamber_officer):  # type: ignore[no-untyped-def]  # noqa: F811
    application = actions.start_application(cycle.pk, chamber.pk, acting_user=chamber_officer)
    fake = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(FourGoodError) as refused:
        actions.add_evidence(application.pk, indicators(cycle)[0].pk, [fake], acting_user=chamber_officer)
    assert refused.value.field == "evidence" and not Evidence.objects.exists()


def test_submitting_needs_every_self_score(cycle, chamber, chamber_officer):  # type: ignore[no-untyped-def]  # noqa: F811
    application = actions.start_application(cycle.pk, chamber.pk, acting_user=chamber_officer)
    with pytest.raises(FourGoodError, match="党建工作开展情况"):
        actions.submit_application(application.pk, acting_user=chamber_officer)


def test_a_self_score_above_the_maximum_names_the_indicator_and_the_rule(cycle, chamber, chamber_officer):  # type: ignore[no-untyped-def]  # noqa: F811
    application = actions.start_application(cycle.pk, chamber.pk, acting_user=chamber_officer)
    first = indicators(cycle)[0]
    with pytest.raises(FourGoodError) as refused:
        actions.save_self_assessment(application.pk, acting_user=chamber_officer, entries={first.pk: ("11", "")})
    assert refused.value.field == f"score_{first.pk}" and "党建工作开展情况" in refused.value.message
    assert "10" in refused.value.message


def test_withdraw_then_resubmit_before_the_deadline_but_not_after(  # type: ignore[no-untyped-def]
        cycle, chamber, chamber_officer, pin_clock):  # noqa: F811
    application = apply(cycle, chamber, chamber_officer)
    actions.withdraw_application(application.pk, acting_user=chamber_officer)
    assert Application.objects.get(pk=application.pk).state == "draft"
    actions.submit_application(application.pk, acting_user=chamber_officer)
    pin_clock(cycle.application_deadline + timedelta(days=1))
    with pytest.raises(FourGoodError, match=cycle.application_deadline.isoformat()):
        actions.withdraw_application(application.pk, acting_user=chamber_officer)


def test_staff_apply_on_a_chambers_behalf(cycle, other_chamber, staff, login):  # type: ignore[no-untyped-def]  # noqa: F811
    client = login(staff)
    response = client.post(reverse("fourgood:start", args=[cycle.pk]), {"chamber": other_chamber.pk})
    application = Application.objects.get(cycle=cycle, chamber=other_chamber)
    assert response.url == reverse("fourgood:application", args=[application.pk])
    assert application.created_by == staff


def test_another_chambers_officer_gets_404_for_every_guessed_id(  # type: ignore[no-untyped-def]
        cycle, chamber, chamber_officer, other_chamber_officer, login, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    application = apply(cycle, chamber, chamber_officer)
    Evidence.objects.create(application=application, indicator=indicators(cycle)[0], file="fourgood/x.pdf",
                            name="x.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
                            uploaded_by=chamber_officer)
    evidence = Evidence.objects.get()
    client = login(other_chamber_officer)
    pk = application.pk
    for method, name, args in (("get", "fourgood:application", [pk]), ("post", "fourgood:application_save", [pk]),
                               ("post", "fourgood:application_withdraw", [pk]),
                               ("get", "fourgood:evidence_download", [pk, evidence.pk]),
                               ("post", "fourgood:evidence_remove", [pk, evidence.pk]),
                               ("get", "fourgood:cycle", [cycle.pk]), ("get", "fourgood:ranking", [cycle.pk]),
                               ("get", "fourgood:export", [cycle.pk]), ("get", "fourgood:review", [pk])):
        assert getattr(client, method)(reverse(name, args=args)).status_code == 404, name
    with pytest.raises(Exception) as refused:
        actions.withdraw_application(pk, acting_user=other_chamber_officer)
    assert refused.type.__name__ == "Http404"
    assert Application.objects.get(pk=pk).state == "submitted"


def test_a_draft_cycle_is_invisible_to_officers(staff, reviewer, chamber_officer, login, pin_clock):  # type: ignore[no-untyped-def]  # noqa: F811
    from kaopu.chambers.testing_fourgood import make_cycle

    pin_clock(TODAY)
    draft = make_cycle(staff, [reviewer], open_it=False)
    client = login(chamber_officer)
    assert draft.name not in client.get(reverse("fourgood:mine")).content.decode()
    assert client.post(reverse("fourgood:apply", args=[draft.pk])).status_code in (302, 404)
    assert not Application.objects.exists()
