"""Keyboard-only helpers for browser tests: no mouse events, only key presses, and the focus
checked after each step (what it is, and that it can be seen)."""

from __future__ import annotations

FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name"),
    type: e.getAttribute("type"), text: (e.innerText || "").trim(),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
  };
}"""


def focused(page) -> dict:
    """What has the focus now, with its computed outline."""
    return page.evaluate(FOCUSED)


def focus_matches(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, limit: int = 40, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; returns how
    many presses it took. Fails, naming the path taken, when it does not get there."""
    path = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focus_matches(page, selector):
            return presses
        now = focused(page)
        path.append(now["id"] or now["name"] or f"{now['tag']}:{now['text'][:20]}")
    raise AssertionError(f"{selector} never got the focus in {limit} presses: {path}")


def assert_focus_visible(page) -> dict:
    """The focused element shows a :focus-visible outline (not Bootstrap's faint shadow)."""
    now = focused(page)
    assert now["outlineStyle"] != "none", now
    assert now["outlineWidth"] >= 2, now
    return now


def skip_to_main(page) -> None:
    """From the top of a freshly loaded page: the first Tab reaches the skip link, Enter takes
    the focus into the main content."""
    page.locator("body").focus()  # the top of the page (the one focus() the tests use)
    page.keyboard.press("Tab")
    now = assert_focus_visible(page)
    assert now["text"] == "Skip to main content", now
    page.keyboard.press("Enter")
    assert focus_matches(page, "main#main"), focused(page)


def choose_option(page, value: str, *, limit: int = 15) -> None:
    """On a focused, closed <select>: Arrow Down until `value` is chosen."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value!r} not reached by Arrow Down")


def sign_in_by_keyboard(page, email: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    email_field = "input[name=username]"
    if not focus_matches(page, email_field):  # Django's sign-in form autofocuses it
        tab_to(page, email_field)
    assert_focus_visible(page)
    page.keyboard.type(email)
    tab_to(page, "input[type=password]")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url, "signing in failed"
