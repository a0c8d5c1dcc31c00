"""At the meeting's door, in the browser: check-in refused before its window and accepted inside it, the
camera scanner (its script loads under the strict CSP; it decodes the QR image the platform draws and
submits the form; a fake camera filming that QR image checks the guest in by itself), the typed
fallback, the seats offer, and 我的报名 on a phone. Screenshots at 390 px and desktop width go to
/tmp/e2e_meeting_check_in_shots/, a folder per test.

The clock is pinned (time-machine, ticking) to a morning on which the meeting starts at 08:00; the live
server runs in this process, so it reads the same clock. Moves stay under the 30 minutes of the
session's idle timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, cast, log_in, settle

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_meeting_check_in_shots")
DAY = date(2026, 9, 29)  # a Tuesday


@pytest.fixture
def door(world, time_machine) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A breakfast meeting on DAY 08:00–09:30 with enterprise A approved, made at 06:40; clock(h, m)
    moves the (ticking) clock to DAY h:m."""
    from kaopu.core.testing import local_moment
    from kaopu.dialogues import actions
    from kaopu.dialogues.models import ensure_kinds
    from kaopu.dialogues.testing import make_meeting

    def clock(hour: int, minute: int) -> None:
        time_machine.move_to(local_moment(DAY, hour, minute), tick=True)

    ensure_kinds()
    clock(6, 40)
    meeting = make_meeting(world.district, world.users["staff"], theme="数字经济企业专场", capacity=20,
                           starts_at=local_moment(DAY, 8, 0), ends_at=local_moment(DAY, 9, 30))
    registration = actions.approve(actions.register(meeting.pk, acting_user=world.users["ent_user"]).pk,
                                   acting_user=world.users["staff"])
    world.meeting, world.registration, world.clock = meeting, registration, clock
    yield world


@pytest.fixture
def people(door, live_server, new_page, request) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    yield cast(new_page, live_server.url, SHOTS / request.node.name.removeprefix("test_")[:40])


def _type_code(person: Any, code: str) -> None:
    person.page.locator("#check-in-form input[name=code]").fill(code)
    person.page.locator("#check-in-form input[name=code]").press("Enter")
    settle(person.page)


def _no_overflow(person: Any) -> None:
    overflow = person.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{person.page.url} is {overflow}px wider than the screen"


def test_check_in_is_refused_before_the_window_and_accepted_inside_it(door, people) -> None:  # type: ignore[no-untyped-def]
    from kaopu.dialogues import codes

    code = codes.display(door.registration.code)
    name = door.registration.enterprise.name
    staff = people("staff", viewport=PHONE)
    url = f"/dialogues/{door.meeting.pk}/check-in/"

    # 06:45: a quarter of an hour before check-in opens (07:00, an hour before the start).
    door.clock(6, 45)
    staff.go(url)
    assert "签到尚未开始：将于 2026-09-29 07:00 开始（会议开始前 60 分钟）。" in staff.page.locator(
        "#check-in-window").inner_text()
    assert staff.page.locator("#tick-list").get_by_role("button", name="签到", exact=True).count() == 0
    _no_overflow(staff)
    staff.shot("check-in-before-window-phone")
    _type_code(staff, code.lower())
    assert "签到尚未开始：将于 2026-09-29 07:00 开始" in staff.messages()
    door.registration.refresh_from_db()
    assert door.registration.checked_in_at is None

    # 07:05: check-in is open; the same code is accepted.
    door.clock(7, 5)
    staff.go(url)
    assert "签到时间：2026-09-29 07:00 起" in staff.page.locator("#check-in-window").inner_text()
    _type_code(staff, code)
    assert f"已签到：{name}，1 人。" in staff.messages()
    assert "✓" in staff.page.locator("#tick-list tbody tr", has_text=name).inner_text()
    staff.shot("check-in-done-phone")
    desktop = people("staff", viewport=DESKTOP)
    desktop.go(url)
    desktop.shot("check-in-done-desktop")

    # 09:31: the meeting is over (logged in afresh: the idle timeout ended the morning's session).
    door.clock(9, 31)
    late = people("staff", viewport=PHONE)
    late.go(url)
    assert "签到已结束：会议已于 2026-09-29 09:30 结束。" in late.page.locator("#check-in-window").inner_text()
    assert late.page.locator("#tick-list").get_by_role("button", name="签到", exact=True).count() == 0


def test_the_scanner_loads_under_the_csp_decodes_the_platforms_qr_and_submits_the_form(door, people) -> None:  # type: ignore[no-untyped-def]
    from kaopu.dialogues import codes

    door.clock(7, 30)
    code = codes.display(door.registration.code)
    staff = people("staff", viewport=PHONE)
    staff.go(f"/dialogues/{door.meeting.pk}/check-in/")
    # The script ran (no CSP violation: the new_page fixture fails the test on any) and shows its button.
    assert staff.page.evaluate("typeof window.jsQR === 'function' && typeof window.kaopuCheckInScanner === 'object'")
    assert staff.page.locator("#scanner").is_visible()
    assert staff.page.get_by_role("button", name="用摄像头扫码", exact=True).is_visible()
    staff.shot("check-in-scanner-phone")
    # The QR image the enterprise is shown, drawn on a canvas and given to the page's decoder.
    qr_url = f"/dialogues/registrations/{door.registration.pk}/qr.svg"
    decoded = staff.page.evaluate("""async (url) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = 320; canvas.height = 320;
        const context = canvas.getContext("2d");
        context.fillStyle = "#fff"; context.fillRect(0, 0, 320, 320);
        context.drawImage(image, 0, 0, 320, 320);
        const text = window.kaopuCheckInScanner.decode(context.getImageData(0, 0, 320, 320));
        return {text: text, code: window.kaopuCheckInScanner.codeFrom(text)};
    }""", qr_url)
    assert decoded == {"text": code, "code": code}
    assert staff.page.evaluate("window.kaopuCheckInScanner.codeFrom('https://example.org/ABCD-EFGH')") == ""
    # What the camera loop does with a decoded text: type it and submit the same form.
    with staff.page.expect_navigation():
        assert staff.page.evaluate("(text) => window.kaopuCheckInScanner.use(text)", decoded["text"])
    settle(staff.page)
    assert f"已签到：{door.registration.enterprise.name}，1 人。" in staff.messages()


def test_without_scripts_the_typed_code_still_checks_in(door, people) -> None:  # type: ignore[no-untyped-def]
    from kaopu.dialogues import codes

    door.clock(7, 30)
    staff = people("staff", viewport=PHONE, java_script_enabled=False)
    staff.go(f"/dialogues/{door.meeting.pk}/check-in/")
    assert not staff.page.locator("#scanner").is_visible()  # the scanner needs scripts: hidden
    _type_code(staff, codes.display(door.registration.code))
    assert f"已签到：{door.registration.enterprise.name}，1 人。" in staff.messages()


def _qr_video(path: Path, text: str) -> None:
    """A few frames of 640×480 video (YUV4MPEG2, 4:2:0) showing the QR code of ``text`` as the platform
    draws it (segno, error level M), for Chromium's fake camera."""
    import segno

    width, height, scale = 640, 480, 10
    rows = [list(row) for row in segno.make(text, error="m", micro=False).matrix_iter(scale=scale, border=4)]
    luma = bytearray([235]) * (width * height)
    top, left = (height - len(rows)) // 2, (width - len(rows[0])) // 2
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                luma[(top + y) * width + left + x] = 16
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + frame * 10)


def test_a_camera_filming_the_qr_code_checks_the_guest_in(door, live_server, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Chromium's fake camera plays a video of the guest's QR image: the staff press 用摄像头扫码 and
    the page checks the guest in by itself, then scans on without sending the same code again."""
    from kaopu.audit.models import AuditEntry
    from kaopu.dialogues import codes

    if not CHROMIUM.exists():
        pytest.skip("no chromium")
    door.clock(7, 30)
    video = tmp_path / "qr.y4m"
    _qr_video(video, codes.display(door.registration.code))
    camera = browser.browser_type.launch(executable_path=str(CHROMIUM), args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    problems: list[str] = []
    try:
        context = camera.new_context(viewport=PHONE, locale="zh-CN", permissions=["camera"])
        context.set_default_timeout(15_000)
        context.expose_binding("kaopuCspViolation", lambda _source, report: problems.append(f"CSP: {report}"))
        context.add_init_script('document.addEventListener("securitypolicyviolation", function (event) {'
                                ' window.kaopuCspViolation(event.violatedDirective + " " + event.blockedURI); });')
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        log_in(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/dialogues/{door.meeting.pk}/check-in/")
        with page.expect_navigation(timeout=20_000):
            page.get_by_role("button", name="用摄像头扫码", exact=True).click()
        settle(page)
        assert f"已签到：{door.registration.enterprise.name}，1 人。" in page.locator("main .messages").inner_text()
        # The scanner started again by itself and sees the same code: it is not sent twice.
        page.locator("#scanner-video").wait_for(state="visible")
        page.locator("#scanner-status", has_text="刚刚已提交这个签到码").wait_for()
        assert page.get_by_role("button", name="停止扫码", exact=True).is_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "staff-camera-scanning-on-phone.png"), full_page=True)
        page.get_by_role("button", name="停止扫码", exact=True).click()
        assert page.locator("#scanner-video").is_hidden()
        context.close()
    finally:
        camera.close()
    assert problems == []
    assert AuditEntry.objects.filter(summary__startswith="签到：").count() == 1


def test_the_seats_offer_and_my_registrations_on_a_phone(door, people, time_machine) -> None:  # type: ignore[no-untyped-def]
    """The enterprise asks for 5 places when 2 are left: it is offered both ways and takes the 2; 我的报名
    lists its meetings in compact rows, the QR image folded away, the past meeting in its own tab."""
    from kaopu.core.testing import local_moment
    from kaopu.dialogues import actions
    from kaopu.dialogues.models import Registration
    from kaopu.dialogues.testing import make_meeting

    world = door
    # Two days before: a meeting the enterprise went to, and a later one where another took 5 of 7 seats.
    time_machine.move_to(local_moment(date(2026, 9, 27), 9, 0), tick=True)
    past = make_meeting(world.district, world.users["staff"], theme="九月政企早餐会", requires_approval=False,
                        starts_at=local_moment(date(2026, 9, 27), 10, 0))
    actions.register(past.pk, acting_user=world.users["ent_user"])
    later = make_meeting(world.district, world.users["staff"], theme="专精特新企业圆桌会", capacity=7,
                         seats_per_enterprise=5, requires_approval=False,
                         starts_at=local_moment(date(2026, 10, 13), 14, 0))
    actions.register(later.pk, acting_user=world.users["other_ent_user"], seats=5)
    world.clock(6, 50)  # the morning of the door meeting, before anyone logs in

    phone = people("ent_user", viewport=PHONE)
    phone.go(f"/dialogues/my/{later.pk}/")
    form = phone.page.locator("#register-form")
    form.get_by_label("参会人数").fill("5")
    form.get_by_label("参会人员姓名").fill("张三、李四、王五、赵六、钱七")
    phone.click("button", "报名", form)
    offer = phone.page.locator("#seats-offer")
    assert "只剩 2 个名额：报名 2 人，或全部 5 人进入候补名单。" in offer.inner_text()
    assert offer.get_by_role("button", name="全部 5 人进入候补名单", exact=True).is_visible()
    _no_overflow(phone)
    phone.shot("seats-offer-phone")
    desktop = people("ent_user", viewport=DESKTOP)
    desktop.go(f"/dialogues/my/{later.pk}/")
    desktop_form = desktop.page.locator("#register-form")
    desktop_form.get_by_label("参会人数").fill("5")
    desktop.click("button", "报名", desktop_form)
    assert desktop.page.locator("#seats-offer").is_visible()
    desktop.shot("seats-offer-desktop")
    phone.click("button", "报名 2 人", offer)
    assert "报名成功" in phone.messages()
    mine = Registration.objects.get(meeting=later, enterprise=world.enterprise_a)
    assert (mine.state, mine.seats, mine.attendee_names) == ("approved", 2, "张三、李四、王五、赵六、钱七")

    phone.go("/dialogues/my/registrations/")
    rows = phone.page.locator("#my-registrations li.my-reg")
    titles = rows.locator(".my-reg-title").all_inner_texts()
    assert len(titles) == 2 and "数字经济企业专场" in titles[0] and "专精特新企业圆桌会" in titles[1], titles
    for row in rows.all():
        height = row.bounding_box()["height"]
        assert height < 130, f"a row is {height}px tall on a phone"
    _no_overflow(phone)
    phone.shot("my-registrations-phone")
    phone.page.locator("#my-registrations details.my-reg-code").first.locator("summary").click()
    assert phone.page.locator("#my-registrations img.checkin-qr").first.is_visible()
    phone.shot("my-registrations-qr-phone")
    with phone.page.expect_navigation():  # the select submits its form when changed (kaopu.js)
        phone.page.get_by_label("状态").select_option(label="已通过")
    settle(phone.page)
    assert "state=approved" in phone.page.url
    phone.click("link", "往期", phone.page.locator("#registration-tabs"))
    assert "九月政企早餐会" in phone.page.locator("#my-registrations").inner_text()
    assert phone.page.locator("#my-registrations img.checkin-qr").count() == 0  # a past code shows no QR
    desktop.go("/dialogues/my/registrations/")
    desktop.shot("my-registrations-desktop")
