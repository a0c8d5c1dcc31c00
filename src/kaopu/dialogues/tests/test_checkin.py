"""Check-in codes: a code works once, only for its meeting; garbage says so clearly; typing is forgiving."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import translation

from kaopu.dialogues import actions, codes
from kaopu.dialogues.actions import DialogueError
from kaopu.dialogues.models import Meeting, Registration
from kaopu.dialogues.testing import make_meeting, soon


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def meeting(world, staff):  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, requires_approval=False, starts_at=soon())


@pytest.fixture
def approved(meeting, ent_user):  # type: ignore[no-untyped-def]
    return actions.register(meeting.pk, acting_user=ent_user)


def test_codes_use_an_unambiguous_alphabet_and_are_unique(approved):  # type: ignore[no-untyped-def]
    assert len(approved.code) == codes.LENGTH and set(approved.code) <= set(codes.ALPHABET)
    assert not set("01OIL") & set(codes.ALPHABET)
    assert len({codes.new_code() for _ in range(2000)}) == 2000


def test_a_code_works_once(meeting, approved, staff):  # type: ignore[no-untyped-def]
    checked = actions.check_in(meeting.pk, acting_user=staff, code=approved.code)
    assert checked.checked_in_at is not None and checked.checked_in_by == staff
    with pytest.raises(DialogueError, match=r"already used.*checked in at"):
        actions.check_in(meeting.pk, acting_user=staff, code=approved.code)
    with pytest.raises(DialogueError, match="already used"):
        actions.check_in_registration(approved.pk, acting_user=staff)


@pytest.mark.parametrize("typed", ["{l}", "  {u}  ", "{u4}-{u8}", "{u4} {u8}", "{l4}－{l8}", "{u4}\u3000{u8}",
                                   "{u2}-{u2b}-{u4b}", "\t{u}\n", "{wide}"])
def test_typing_is_normalised(meeting, approved, staff, typed):  # type: ignore[no-untyped-def]
    code = approved.code
    text = typed.format(l=code.lower(), u=code, u4=code[:4], u8=code[4:], l4=code[:4].lower(), l8=code[4:].lower(),
                        u2=code[:2], u2b=code[2:4], u4b=code[4:],
                       wide="".join(chr(ord(c) + 0xFEE0) for c in code))
    assert actions.check_in(meeting.pk, acting_user=staff, code=text).pk == approved.pk


def test_a_code_works_only_for_its_meeting(world, staff, approved):  # type: ignore[no-untyped-def]
    other = make_meeting(world.district, staff, starts_at=soon())
    with pytest.raises(DialogueError, match="belongs to another meeting"):
        actions.check_in(other.pk, acting_user=staff, code=approved.code)
    approved.refresh_from_db()
    assert approved.checked_in_at is None


@pytest.mark.parametrize("garbage", ["", "   ", None, "A" * 500, "😀😀😀😀😀😀😀😀", "' OR 1=1 --", "ABCD-EFG",
                                     "ABCD-EFGHJ", "ABCD0OIL", 12345678, ["ABCDEFGH"], "ＡＢＣＤ－２３４"])
def test_garbage_says_it_is_not_a_code(meeting, approved, staff, garbage):  # type: ignore[no-untyped-def]
    with pytest.raises(DialogueError, match="not a check-in code"):
        actions.check_in(meeting.pk, acting_user=staff, code=garbage)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_an_unknown_code_says_so(meeting, approved, staff):  # type: ignore[no-untyped-def]
    unknown = "ABCD2345" if approved.code != "ABCD2345" else "ABCD2346"
    with pytest.raises(DialogueError, match=f"no registration has the code {codes.display(unknown)}"):
        actions.check_in(meeting.pk, acting_user=staff, code=unknown)


@pytest.mark.parametrize("how", ["pending", "waitlisted", "cancelled", "declined"])
def test_not_approved_is_refused(world, staff, ent_user, other_ent_user, how):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=how == "pending", starts_at=soon())
    if how == "waitlisted":
        actions.register(meeting.pk, acting_user=other_ent_user)
    reg = actions.register(meeting.pk, acting_user=ent_user)
    if how == "cancelled":
        actions.cancel_registration(reg.pk, acting_user=ent_user)
    if how == "declined":
        actions.decline(reg.pk, acting_user=staff)
    reg.refresh_from_db()
    assert reg.state == how
    with pytest.raises(DialogueError, match="not approved"):
        actions.check_in(meeting.pk, acting_user=staff, code=reg.code)
    with pytest.raises(DialogueError, match="not approved"):
        actions.check_in_registration(reg.pk, acting_user=staff)


def test_cancelled_meeting_takes_no_check_in(meeting, approved, staff):  # type: ignore[no-untyped-def]
    actions.cancel_meeting(meeting.pk, acting_user=staff, reason="天气原因")
    with pytest.raises(DialogueError, match="cannot take check-ins"):
        actions.check_in(meeting.pk, acting_user=staff, code=approved.code)


def test_held_meeting_still_takes_late_arrivals(meeting, approved, staff):  # type: ignore[no-untyped-def]
    actions.mark_held(meeting.pk, acting_user=staff)
    assert actions.check_in(meeting.pk, acting_user=staff, code=approved.code).checked_in_at


def test_only_staff_of_the_district_check_in(meeting, approved, leader, ent_user, world):  # type: ignore[no-untyped-def]
    for user in (leader, ent_user):
        with pytest.raises(DialogueError, match="Only FIC staff"):
            actions.check_in(meeting.pk, acting_user=user, code=approved.code)
    with pytest.raises(Http404):
        actions.check_in(meeting.pk, acting_user=world.users["far_staff"], code=approved.code)
    assert Meeting.objects.get(pk=meeting.pk).registrations.get().checked_in_at is None


def test_chinese_message_by_default(meeting, staff):  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"), pytest.raises(DialogueError) as caught:
        actions.check_in(meeting.pk, acting_user=staff, code="???")
    assert "签到码" in str(caught.value)
