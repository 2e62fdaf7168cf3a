"""WCAG 2.1 AA, audited by axe-core in the real Chromium on every page each role sees, at a
desktop's 1366 px and a phone's 390 px: no serious or critical violation, and every
aria-describedby / aria-labelledby pointing at an element that exists.

axe-core comes from npm (package-lock.json, installed by `make setup` into node_modules/) and
is injected into the page by the test only; the app never serves it. The demo is loaded
once and one browser does every role, to keep the run short."""

import re
from pathlib import Path

import pytest
from django.db import connection

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
# Every role at an office screen's width; the commune officer, who enters figures on a
# phone, at a phone's width too (the markup is the same, the layout the officer's own).
WIDTHS = {"doan.xa_that_khe": (1366, 390)}
OFFICE_WIDTH = (1366,)

# After a list page, the first item it links to (a detail page) is audited too.
FOLLOW = {
    "/directives/": r"^/directives/\d+/$",
    "/sessions/": r"^/sessions/\d+/$",
    "/recommendations/": r"^/recommendations/\d+/$",
    "/congresses/": r"^/congresses/(\d+|campaigns/[^/]+/[^/]+|units/[^/]+)/$",
    "/cooperation/programs/": r"^/cooperation/programs/\d+/$",
    "/cooperation/exemplars/": r"^/cooperation/exemplars/\d+/$",
    "/programs/": r"^/programs/[^/]+/\d+/$",
    "/results/explanations/": r"^/results/explanations/\d+/answer/$",
    "/admin/auth/user/": r"^/admin/auth/user/\d+/change/$",
}
# Pages beyond the menu, by role: their own grid, the approver's completeness and forms,
# the administration (its activity log included).
EXTRA = {
    "doan.xa_that_khe": [
        "/units/TDLS-06040/",
        "/programs/TDLS/2026/2026Q3/TDLS-06040/",
        "/cooperation/exemplars/new/",
    ],
    "btv.tinhdoan": [
        "/units/TDLS/",
        "/programs/TDLS/2026/2026Q1/",
        "/programs/TDLS/2026/2026Q1/TDLS-06016/",
        "/sessions/new/",
        "/results/report/issue/?unit=TDLS&period=2026",
        "/units/TDLS/documents/",
    ],
    "lanhdao.tinh": ["/units/TDLS/"],
    "tinhdoan.admin": ["/admin/", "/admin/auth/user/"],
}

AUDIT = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  const bad = result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
  const missing = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const attr of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${attr}="${id}" points at nothing`);
      }
    }
  }
  return bad.concat(missing);
}"""


def audit(page, where: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [f"{where}: {problem}" for problem in page.evaluate(AUDIT)]


def visit(page, base: str, path: str, where: str) -> list[str]:
    response = page.goto(base + path)
    if response is None or response.status >= 400:
        return [f"{where}: HTTP {response.status if response else '—'}"]
    return audit(page, where)


def menu_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#nav-menu a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    return list(dict.fromkeys(["/", *hrefs]))


def first_link(page, pattern: str) -> str | None:
    hrefs = page.eval_on_selector_all(
        "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    return next((h for h in hrefs if re.match(pattern, h.split("?")[0])), None)


def audit_role(page, base: str, username: str, width: int) -> tuple[list[str], int]:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/")
    problems, audited = [], 0
    for path in menu_paths(page) + EXTRA[username]:
        where = f"{username} @{width}px {path}"
        problems += visit(page, base, path, where)
        audited += 1
        follow = FOLLOW.get(path)
        detail = first_link(page, follow) if follow else None
        if detail:
            problems += visit(page, base, detail, f"{where} → {detail}")
            audited += 1
        if detail and detail.endswith("/change/"):  # the admin's activity log of that object
            history = detail.removesuffix("change/") + "history/"
            problems += visit(page, base, history, f"{where} → {history}")
            audited += 1
    return problems, audited


def audit_states(page, base: str, username: str, width: int) -> list[str]:
    """States a page reaches only by using it: the phone menu open, the tree unfolded, the
    grid's error row (a refused value) and warning row (a value far from earlier ones)."""
    where = f"{username} @{width}px"
    problems = []
    page.goto(base + "/")
    if width < 768:
        page.get_by_role("button", name="Mở trình đơn").click()
        page.locator("#nav-menu.show").wait_for()
        problems += audit(page, f"{where} / (menu open)")
    page.goto(base + "/tree/")
    if page.locator("li.unit-node summary").count():  # a commune's tree is one leaf
        page.locator("li.unit-node summary").first.click()
        page.locator("li.unit-node li.unit-node").first.wait_for()
        problems += audit(page, f"{where} /tree/ (unfolded)")
    if username == "doan.xa_that_khe":
        page.goto(base + "/programs/TDLS/2026/2026Q4/TDLS-06040/")
        page.locator("#v-CT01").fill("-3")
        page.locator("#v-CT01").press("Tab")
        page.locator("#row-CT01.table-danger").wait_for()
        # far above the commune's earlier quarters: saved, with a warning row
        page.locator("#v-CT02").fill("1.250" if width > 576 else "1.300")
        page.locator("#v-CT02").press("Tab")
        page.locator("#row-CT02.table-warning").wait_for()
        problems += audit(page, f"{where} grid with a refused value and a warning")
    return problems


AUDITED_AT_LEAST = 100


@pytest.mark.browser
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="The pages' markup does not depend on the database: audited once, on SQLite.",
)
@pytest.mark.django_db(transaction=True)
def test_no_serious_or_critical_violation_on_any_page_for_every_role_and_on_the_officers_phone(
    demo, _chromium, live_server, browser_login
):
    assert AXE.exists(), f"{AXE} không có: chạy `make setup` (npm ci)."
    problems, audited = [], 0
    for username in EXTRA:
        context = _chromium.new_context(locale="vi-VN", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            browser_login(page, live_server, username)
            for width in WIDTHS.get(username, OFFICE_WIDTH):
                found, count = audit_role(page, live_server.url, username, width)
                problems += found + audit_states(page, live_server.url, username, width)
                audited += count
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
    assert audited >= AUDITED_AT_LEAST  # every role's menu, its detail pages and extras


def luminance(css_color: str) -> float:
    """WCAG 2.1 relative luminance of a computed `rgb(r, g, b)` colour."""
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_color)[:3])

    def channel(value: int) -> float:
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_matches_the_wcag_examples():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 2) == 21.0
    assert round(contrast("rgb(145, 175, 213)", "rgb(11, 78, 162)"), 2) == 3.54  # the old menu


FOCUS_RING = """el => {
  const style = getComputedStyle(el);
  return {width: parseFloat(style.outlineWidth), style: style.outlineStyle, color: style.outlineColor};
}"""


def tab_to(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_keyboard_user_sees_the_focus_on_menu_links_and_grid_fields(
    demo, browser_page, live_server, browser_login
):
    page = browser_page
    browser_login(page, live_server, "doan.xa_that_khe")
    tab_to(page, "#nav-menu a.nav-link")
    ring = page.evaluate(f"({FOCUS_RING})(document.activeElement)")
    bar = page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).backgroundColor")
    assert ring["style"] != "none" and ring["width"] >= 2
    assert contrast(ring["color"], bar) >= 3

    page.goto(f"{live_server.url}/programs/TDLS/2026/2026Q4/TDLS-06040/")
    tab_to(page, "#v-CT01")
    ring = page.evaluate(f"({FOCUS_RING})(document.activeElement)")
    field = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert ring["style"] != "none" and ring["width"] >= 2
    assert (
        contrast(ring["color"], field) >= 3 and contrast(ring["color"], "rgb(255, 255, 255)") >= 3
    )


def wait_until(page, predicate: str, seconds: float = 30) -> None:
    """Poll a predicate with page.evaluate: the app's CSP forbids the eval behind
    wait_for_function."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(predicate):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {predicate}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_focus_stays_on_the_row_after_its_comment_is_saved_and_the_row_swapped(
    demo, browser_page, live_server, browser_login
):
    page = browser_page
    browser_login(page, live_server, "doan.xa_that_khe")
    page.goto(f"{live_server.url}/programs/TDLS/2026/2026Q4/TDLS-06040/")
    page.evaluate("window.rowBefore = document.getElementById('row-CT02')")
    page.locator("#c-CT02").fill("Số liệu theo báo cáo tháng")
    page.keyboard.press("Tab")  # leaves the comment for the row's history button: saved
    wait_until(page, "() => document.getElementById('row-CT02') !== window.rowBefore")
    wait_until(page, "() => document.activeElement.closest('#row-CT02') !== null")
    assert page.evaluate("document.activeElement.closest('tr').id") == "row-CT02"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Lịch sử"
    assert page.locator("#c-CT02").input_value() == "Số liệu theo báo cáo tháng"
