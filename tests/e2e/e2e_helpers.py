"""Constants and steps shared by the browser tests (imported by name: tests/ is not a package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def settle(page: Any) -> None:
    """Wait until the page the last step opened has loaded and htmx has no request in flight (the bell's
    count and any other ``hx-trigger="load"`` part are in). A click, a key press or a ``goto`` that starts
    a navigation already waits (Playwright) until the new page has answered; this waits for its ``load``
    event and its htmx swaps, not for half a second of network silence as ``networkidle`` does (that was
    about a third of the browser tests' time: docs/performance.md, "The CI run"). A step that only swaps
    part of the page should wait for the swapped element itself (``expect(...)``)."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def log_in(page: Any, base_url: str, username: str) -> None:
    """Log in through the login form, as a person would."""
    from kaopu.core.testing import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    settle(page)


def field(scope: Any, label: str) -> Any:
    """The form field whose whole label is ``label`` (with or without the colon Django adds): a field
    added to the form later, such as 答复附件 next to 答复, never matches."""
    import re

    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*[:：]?\s*$"))


class Person:
    """One user in their own browser context, and the steps they take on the pages; screenshots are
    numbered across everyone in ``shots`` (a list shared by the test's people) inside ``shots_dir``."""

    def __init__(self, page: Any, base_url: str, username: str, shots: list[str], shots_dir: Path) -> None:
        self.page, self.base_url, self.username, self.shots, self.shots_dir = (
            page, base_url, username, shots, shots_dir)
        log_in(page, base_url, username)
        assert "/accounts/login/" not in page.url, f"{username} could not log in"

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        settle(self.page)

    def click(self, role: str, name: str, scope: Any = None) -> None:
        (scope or self.page).get_by_role(role, name=name, exact=True).click()
        settle(self.page)

    def menu(self, name: str) -> None:
        """Follow the menu entry ``name``, opening its drop-down group first when it is in one."""
        nav = self.page.locator("nav.mainnav")
        link = nav.get_by_role("link", name=name, exact=True)
        if not link.is_visible():
            # A closed group's links are not in the accessibility tree: find the group by its text.
            nav.locator(f'details.navgroup:has(a:text-is("{name}")) > summary').click()
        link.click()
        settle(self.page)

    def shot(self, name: str) -> None:
        path = self.shots_dir / f"{len(self.shots) + 1:02d}-{self.username}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.shots.append(path.name)

    def heading(self) -> str:
        return self.page.locator("main h1").inner_text()

    def messages(self) -> str:
        return self.page.locator("main .messages").inner_text()


def cast(new_page: Any, base_url: str, shots_dir: Path, person_class: type[Person] = Person) -> Any:
    """people(username, **page options): a logged-in Person in a browser context of its own; the
    screenshot folder is emptied first."""
    shots_dir.mkdir(exist_ok=True)
    for old in shots_dir.glob("*.png"):
        old.unlink()
    shots: list[str] = []

    def person(username: str, **options: Any) -> Person:
        return person_class(new_page(**options), base_url, username, shots, shots_dir)

    return person


def pick(page: Any, name: str, typed: str, option: str) -> None:
    """Choose in a picker (kaopu/picker.js over Tom Select) as a person does: click the field named
    ``name``, type ``typed`` (nothing: the list as it opens), click the row that reads ``option``. For a
    type-ahead over a look-up, waits for the answer to what was typed before choosing."""
    from urllib.parse import quote

    control = page.locator(f"#id_{name}-ts-control")
    control.click()
    if typed and page.locator(f"#id_{name}").get_attribute("data-picker") == "remote":
        with page.expect_response(lambda response: "q=" + quote(typed) in response.url):
            control.press_sequentially(typed, delay=30)
    elif typed:
        control.press_sequentially(typed, delay=30)
    page.locator(f"#id_{name}-ts-dropdown [role=option]", has_text=option).first.click()


def picker_rows(page: Any, name: str) -> list[str]:
    """The rows the open drop-down of the picker ``name`` shows, top to bottom (without their hints)."""
    return page.locator(f"#id_{name}-ts-dropdown [role=option]").evaluate_all(
        "rows => rows.map(row => (row.querySelector('.picker-text') || row).textContent.trim())")


def start_page_morning(world: Any, time_machine: Any, names: dict[str, str]) -> Path:
    """The start pages' browser tests' common scene: Monday 2026-09-28 at 10:00 in Shanghai (the clock
    ticking from there), the personas given readable names, and the screenshots' folder made."""
    from datetime import date

    from kaopu.core.testing import local_moment

    time_machine.move_to(local_moment(date(2026, 9, 28), 10, 0), tick=True)
    for username, name in names.items():
        world.users[username].name = name
        world.users[username].save(update_fields=["name"])
    shots = RESULTS / "workbench"
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def add_chamber_member(page: Any, base_url: str, search: str, role: str) -> None:
    """As a chamber officer: 本会 → 会员 → 添加会员, find the enterprise by ``search`` (part of its name or its
    credit code), give it ``role`` (a Membership.Role value) and add it; the page confirms."""
    page.goto(f"{base_url}/chambers/ours/members/")
    settle(page)
    page.get_by_role("link", name="添加会员").first.click()
    page.get_by_role("searchbox", name="企业名称或统一社会信用代码").fill(search)
    page.locator("main").get_by_role("button", name="搜索", exact=True).click()
    settle(page)
    page.get_by_role("link", name="选择", exact=True).click()
    settle(page)
    page.locator("#member-form select[name=role]").select_option(role)


def change_first_members_role(page: Any, role: str) -> None:
    """On a chamber's member list: open the first member's actions and change its role to ``role``."""
    page.locator("#member-table details summary").first.click()
    page.locator("#member-table select[name=role]").first.select_option(role)
    page.get_by_role("button", name="变更职务").first.click()
    settle(page)
