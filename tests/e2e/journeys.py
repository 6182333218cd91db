"""Helpers for the trainer and partner journeys: more browsers, signing in with a code, axe.

Each person in a journey gets their own browser context (their own cookies), the size of the
viewport the test runs at. Every page they land on is scanned with axe and photographed once
(a page seen again in the same state, such as the sign-in page for a second person, is not
scanned twice).
"""

from allauth.mfa.models import Authenticator

from tests.conftest import PASSWORD, current_totp_code, give_totp

from .accessibility import WCAG_TAGS, _axe, check_page
from .conftest import DESKTOP, PHONE, SCREENSHOTS

# Violations axe finds in Wagtail's own admin that our code cannot fix without rewriting a
# Wagtail component. Each entry: the rule, where it occurs (text each node's CSS selector
# contains; any one of them), optionally the words axe's message must contain, and why it is
# accepted. Only the states named in `check(..., wagtail_known=...)`
# may have them; anything else still fails. Reported to the lead, to raise with Wagtail.
WAGTAIL_KNOWN_VIOLATIONS = {
    "block-chooser-preview-buttons": {
        "rule": "aria-required-children",
        "target": ("#downshift-",),
        "reason": (
            "Wagtail 8.0.1's block chooser (the '+' in a StreamField) puts a 'Preview' button "
            "next to each block type inside its role=listbox, where ARIA allows only options. "
            "The buttons come from Wagtail's React combobox; our blocks only turn previews on "
            "(preview_value / description), which trainers need."
        ),
    },
    "streamfield-controls-under-sticky-bars": {
        "rule": "target-size",
        "target": (".c-sf-add-button", "[data-streamfield-action="),
        "message": "partially obscured",
        "reason": (
            "In a long StreamField form, Wagtail 8.0.1's sticky action footer and sticky block "
            "headers slide over whichever block's '+', Duplicate or Delete button is at their "
            "edge at the moment of the scan (which one depends on where the last click left the "
            "scroll). The buttons are full size once scrolled to; axe reports only the overlap."
        ),
    },
}


def open_browser_for(browser, live_server, viewport: str):
    """A new person with their own cookies, at the journey's viewport (as the `page` fixture)."""
    context = browser.new_context(
        viewport=PHONE if viewport == "phone" else DESKTOP,
        base_url=live_server.url,
        locale="en-US",
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def totp_secret(user) -> str:
    """Set up an authenticator app for `user` and return its secret (the app's copy of it)."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return give_totp(user)


class Pages:
    """Axe and a screenshot for each page a journey visits, named `<journey>-<nn>-<name>`."""

    def __init__(self, journey: str, viewport: str):
        self.journey = journey
        self.viewport = viewport
        self.seen: set[str] = set()

    def check(self, page, name: str, *, wagtail_known: tuple[str, ...] = ()) -> None:
        page.wait_for_load_state()
        if name in self.seen:
            return
        settle(page)
        self.seen.add(name)
        label = f"{self.journey}-{len(self.seen):02d}-{name}"
        if not wagtail_known:
            check_page(page, label, self.viewport)
            return
        check_with_known_wagtail_violations(page, label, self.viewport, wagtail_known)


def settle(page) -> None:
    """Wait for running CSS transitions (Wagtail's messages fade in over half a second).

    Half-faded text has less contrast than it will have a moment later; scan what people read.
    Animations longer than two seconds are brought to their end instead of awaited: at desktop
    width one in Wagtail's admin runs for about 25 seconds, minutes over a journey.
    """
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((animation) => animation.effect
                && animation.effect.getComputedTiming().endTime !== Infinity)
            .map((animation) => {
                if (animation.effect.getComputedTiming().endTime > 2000) {
                    animation.finish();
                }
                return animation.finished.catch(() => null);
            }))"""
    )


def check_with_known_wagtail_violations(page, name: str, viewport: str, known) -> None:
    """As check_page, but the listed WAGTAIL_KNOWN_VIOLATIONS are reported, not failed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    accepted = [WAGTAIL_KNOWN_VIOLATIONS[key] for key in known]
    remaining = []
    for violation in results.response["violations"]:
        nodes = [
            node
            for node in violation["nodes"]
            if not any(is_known(violation["id"], node, entry) for entry in accepted)
        ]
        if nodes:
            remaining.append(f"{violation['id']}: {[node['target'] for node in nodes]}")
        else:
            print(f"axe on {name} ({viewport}): known Wagtail issue {violation['id']}")
    assert not remaining, remaining


def is_known(rule: str, node: dict, entry: dict) -> bool:
    """Whether one node axe reports is the accepted Wagtail violation `entry` describes."""
    if rule != entry["rule"]:
        return False
    if not all(any(part in str(target) for part in entry["target"]) for target in node["target"]):
        return False
    messages = " ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
    return entry.get("message", "") in messages


def sign_in(page, pages: Pages, email: str, secret: str | None = None, *, next_url: str = "/"):
    """Sign in through allauth's pages; with `secret`, type the authenticator app's code too."""
    page.goto(f"/accounts/login/?next={next_url}")
    pages.check(page, "sign-in")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if secret is None:
        return
    page.wait_for_url("**/accounts/2fa/authenticate/")
    pages.check(page, "two-factor-code")
    page.locator("#id_code").fill(current_totp_code(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def steady_settings(settings) -> None:
    """Settings that keep a journey from failing for reasons no person would see.

    - A code typed in the last instant of its 30 seconds may reach the server in the next; one
      step of tolerance is what allauth offers for clock drift, and real apps meet the same.
    - Wagtail 8 saves editor forms in the background every half second while people type. The
      journeys press Save or Submit themselves; a background save racing the button (on the
      live server's one shared in-memory SQLite connection) would make them flaky.
    """
    settings.MFA_TOTP_TOLERANCE = 1
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
