"""Screens a client lead understands the first time (issue 16, part A), in a real browser.

Each journey runs at desktop (1280 px) and phone (390 px) width, in English and in Arabic (right
to left), as a newcomer who registers with that browser language and imports the demo history:
closing a phase for review with its confirmation, a form sent twice, the search, the portfolio,
and pages that stay within the screen with 200-character unbroken names. Screenshots land in
tests/e2e/screenshots/clarity-*.png.
"""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from partnership import demo

from .conftest import AXE, SCREENSHOTS, screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "a long enough password"
SIZES = [(1280, "en"), (390, "en"), (1280, "ar"), (390, "ar")]
IDS = [f"{w}-{lang}" for w, lang in SIZES]
LONG = 200  # the longest name a person can give


@pytest.fixture(params=SIZES, ids=IDS)
def person(request, browser, live_server, tmp_path):
    """A newcomer's browser at one width and language (the app's CSP in force)."""
    width, lang = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        base_url=live_server,
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.size = f"{width}-{lang}"
    page.width = width
    page.folder = tmp_path
    register(page, "Ines Client")
    yield page
    context.close()


def register(page, name: str) -> str:
    email = f"ines.{uuid.uuid4().hex[:8]}@client.example"
    page.goto("/register")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return email


def import_demo(page, name: str, phases: int | None = None) -> str:
    """Import the demo history as ``name`` (its first ``phases`` only); the partnership's URL."""
    document = copy.deepcopy(demo.document())
    document["partnership"]["name"] = name
    if phases is not None:
        document["phases"] = document["phases"][:phases]
    path = page.folder / f"{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(document))
    page.goto("/import")
    page.set_input_files("#document", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/partnerships/" in page.url, page.inner_text("main")[:500]
    return page.url


def fits(page) -> None:
    """Nothing wider than the screen: no sideways scrolling; and every link of the menu on one
    line, however long the person's name beside them."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{page.url} is {width} px wide at {page.width}"
    wrapped = page.eval_on_selector_all(
        ".navbar .nav-link",
        """links => links.filter(link => {
            const style = getComputedStyle(link);
            const inner = link.clientHeight - parseFloat(style.paddingTop)
                - parseFloat(style.paddingBottom);
            return link.offsetParent !== null && inner > 1.5 * parseFloat(style.lineHeight);
        }).map(link => link.textContent.trim().slice(0, 20))""",
    )
    assert wrapped == [], f"{page.url}: the menu's {wrapped} break over several lines"


def serious(page) -> list:
    """axe-core's serious and critical findings; evaluated, so the app's CSP stays on."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm install")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def open_recovery_phase(page) -> None:
    page.click("main ol a[href*='/phases/'] >> nth=2")  # the demo's third phase, under way
    page.wait_for_load_state()
    assert page.locator("h1 .badge-active").count() == 1


def test_close_for_review_asks_first_names_what_is_open_and_then_closes(person):
    import_demo(person, f"Clarity {uuid.uuid4().hex[:6]}")
    open_recovery_phase(person)
    close = person.locator("a[data-confirm][href$='/close']")

    close.click()
    dialog = person.locator("dialog[open]")
    dialog.wait_for()
    assert dialog.locator("h1").count() == 1
    assert dialog.locator(".confirm-items li").count() == 2  # the two open commitments
    fits(person)
    # the dialog over the screen, as the reader sees it (not the whole page)
    SCREENSHOTS.mkdir(exist_ok=True)
    person.screenshot(path=str(SCREENSHOTS / f"clarity-close-dialog-{person.size}.png"))
    person.keyboard.press("Escape")  # thought better of it: nothing happens
    assert person.locator("dialog[open]").count() == 0
    assert person.locator("h1 .badge-active").count() == 1

    close.click()
    person.locator("dialog[open] form button[type=submit]").first.click()
    person.wait_for_load_state()
    assert person.locator("h1 .badge-review").count() == 1
    assert person.locator("#review-form").count() == 1
    assert person.locator("a[href='#review-form']").count() == 1  # the map leads to it
    screenshot(person, f"clarity-closed-{person.size}")
    assert person.console_errors == []


def test_close_for_review_asks_first_without_javascript_too(browser, live_server, tmp_path):
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, base_url=live_server, java_script_enabled=False
    )
    page = context.new_page()
    page.folder, page.width = tmp_path, 390
    register(page, "Ines Client")
    import_demo(page, f"Clarity {uuid.uuid4().hex[:6]}")
    open_recovery_phase(page)
    page.click("a[data-confirm][href$='/close']")
    page.wait_for_load_state()
    assert page.url.endswith("/close")  # the confirmation page itself
    assert page.locator(".confirm-items li").count() == 2
    fits(page)
    screenshot(page, "clarity-close-page-nojs-390")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1 .badge-review").count() == 1
    context.close()


def new_partnership_form(page, name: str) -> None:
    page.goto("/partnerships/new")
    page.fill("#name", name)
    page.fill("#client_name", "City Clinic")
    page.fill("#vendor_name", "Omar Software")
    page.check("input[name=engagement][value=fixed_price]")
    page.check("input[name=side][value=client]")


def partnerships_named(page, name: str) -> int:
    page.goto("/partnerships?sort=name")
    return page.locator(f"table.portfolio a:text-is('{name}')").count()


def test_a_double_click_on_create_makes_one_partnership(person):
    name = f"Clinic booking {uuid.uuid4().hex[:6]}"
    new_partnership_form(person, name)
    posts = []
    person.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    with person.expect_navigation():
        person.dblclick("main form button[type=submit]")
    person.wait_for_load_state()
    assert person.url.split("/")[-1].isdigit()  # the new partnership's page
    assert len(posts) == 1  # the second click found the button disabled
    assert partnerships_named(person, name) == 1
    screenshot(person, f"clarity-double-click-{person.size}")


def test_the_same_form_sent_twice_without_javascript_makes_one_partnership(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    register(page, "Ines Client")
    name = f"Clinic booking {uuid.uuid4().hex[:6]}"
    new_partnership_form(page, name)
    form = {
        field.get_attribute("name"): field.get_attribute("value") or field.input_value()
        for field in page.locator("main form input[type=hidden]").all()
    }
    form |= {
        "name": name,
        "client_name": "City Clinic",
        "vendor_name": "Omar Software",
        "engagement": "fixed_price",
        "side": "client",
    }
    # what a browser sends when the button is pressed twice: the same form, twice
    answers = [page.request.post("/partnerships/new", form=form, max_redirects=0) for _ in (1, 2)]
    assert [a.status for a in answers] == [302, 302]
    assert answers[0].headers["location"] == answers[1].headers["location"]
    assert partnerships_named(page, name) == 1
    context.close()


def test_the_search_finds_goals_directives_and_commitments(person):
    partnership = import_demo(person, f"Clarity {uuid.uuid4().hex[:6]}")
    person.fill("#search-q", "order")
    person.press("#search-q", "Enter")
    person.wait_for_load_state()
    results = person.locator(".search-results > li")
    assert results.count() >= 5
    assert person.locator(".search-results mark").count() >= 5
    kinds = {badge.inner_text() for badge in person.locator(".search-results .badge").all()}
    assert len(kinds) == 3  # goals, directives and commitments
    fits(person)
    screenshot(person, f"clarity-search-{person.size}")
    assert serious(person) == []

    results.first.locator("a").click()
    person.wait_for_load_state()
    assert "/phases/" in person.url and "#" in person.url

    answer = person.goto(f"{partnership}/search?q=a%00b")  # a NUL: said, never a 500
    assert answer.status == 422
    assert person.locator("main .alert-danger").count() == 1


def test_the_portfolio_puts_the_partnership_in_trouble_first(person):
    tag = uuid.uuid4().hex[:6]
    import_demo(person, f"Going well {tag}")
    import_demo(person, f"In trouble {tag}", phases=2)  # its last phase stopped, flags high
    new_partnership_form(person, f"Just started {tag}")
    person.click("main form button[type=submit]")
    person.wait_for_load_state()

    person.goto("/partnerships")
    names = [a.inner_text() for a in person.locator("table.portfolio tbody th a").all()]
    assert names == [f"In trouble {tag}", f"Going well {tag}", f"Just started {tag}"]
    assert person.locator("table.portfolio .badge-high").count() >= 1
    fits(person)
    screenshot(person, f"clarity-portfolio-{person.size}")
    assert serious(person) == []

    person.goto("/partnerships?sort=vendor_reliability")
    header = person.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    last = person.locator("table.portfolio tbody tr").last
    assert f"Just started {tag}" in last.inner_text()  # no evidence yet: last
    fits(person)


def test_pages_stay_within_the_screen_with_200_character_unbroken_names(
    browser, live_server, request
):
    for width, lang in SIZES:
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            base_url=live_server,
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
        )
        page = context.new_page()
        page.width = width
        register(page, "N" * LONG)
        name = "W" * LONG
        page.goto("/partnerships/new")
        page.fill("#name", name)
        page.fill("#client_name", "C" * LONG)
        page.fill("#vendor_name", "V" * LONG)
        page.fill("#description", "D" * 600)
        page.check("input[name=engagement][value=fixed_price]")
        page.check("input[name=side][value=client]")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        partnership = page.url
        page.click("summary.btn:below(#phases-heading) >> nth=0")
        page.fill("#plan-name", "P" * LONG)
        page.fill("#plan-objective", "O" * 900)
        page.click("button[name=plan-submit]")
        page.wait_for_load_state()
        phase = page.url
        page.click("#goals-heading ~ details summary")
        page.fill("#goal-title", "G" * LONG)
        page.fill("#goal-success_criterion", "S" * 900)
        page.click("button[name=goal-submit]")
        page.wait_for_load_state()
        page.goto(phase.split("#")[0] + "/start")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        base = phase.split("#")[0]
        for path in (
            "/partnerships",
            partnership,
            base,
            base + "/close",
            partnership + "/search?q=" + "G" * 50,
            "/inbox",
            "/account/",
            partnership + "/dashboard",
        ):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            fits(page)
        screenshot(page, f"clarity-long-names-dashboard-{width}-{lang}")
        page.goto(base)
        screenshot(page, f"clarity-long-names-phase-{width}-{lang}")
        context.close()
