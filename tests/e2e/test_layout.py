"""The stylesheet's promises, checked in Chromium on the learner's pages of a real course.

- Reflow (WCAG 1.4.10): nothing scrolls sideways at 320 CSS px, nor at 200% zoom of a 1280 px
  window (a 640 px viewport).
- Reduced motion (2.3.3): with `prefers-reduced-motion: reduce` nothing moves, not even motion
  added later by a template.
- Print: the page prints as a document: no navigation, language switcher or buttons; the
  content stays, and links to other sites show their address.
"""

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

LEARNER_PAGES = ["home", "catalog", "course", "lesson", "quiz", "quiz-attempt", "my-learning"]

# Elements wider than the viewport, and how far they reach (to say what to fix).
OVERFLOW = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((node) => node.getBoundingClientRect().right > limit + 0.5)
    .filter((node) => !node.closest(".table-scroll, .visually-hidden, .skip-link"))
    .map((node) => `${node.tagName.toLowerCase()}.${node.className} → `
                   + Math.round(node.getBoundingClientRect().right));
  return {scrollWidth: root.scrollWidth, clientWidth: limit, wide: wide.slice(0, 8)};
}"""

MOTION = """() => {
  const seconds = (list) => Math.max(...list.split(",").map((part) =>
    part.trim().endsWith("ms") ? parseFloat(part) / 1000 : parseFloat(part)));
  const moving = [];
  for (const node of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(node, pseudo);
      const transition = seconds(style.transitionDuration) + seconds(style.transitionDelay);
      const animated = style.animationName !== "none" && seconds(style.animationDuration) > 0;
      if (transition > 0 || animated || style.scrollBehavior === "smooth") {
        moving.push(node.tagName + (pseudo || "") + "." + node.className);
      }
    }
  }
  return moving;
}"""


@pytest.fixture
def learner_page(page, learner, sign_in, learner_pages):
    sign_in(page, learner)
    return page


def page_urls(learner_pages) -> dict[str, str]:
    urls = {name: learner_pages[name] for name in LEARNER_PAGES if name != "lesson"}
    lessons = [name for name in learner_pages if name.startswith("lesson-")]
    urls.update({name: learner_pages[name] for name in lessons})
    return urls


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_page_scrolls_sideways_at_320_px_or_at_200_percent_zoom(learner_page, learner_pages):
    page = learner_page
    problems = []
    for width, label in [(320, "320px"), (640, "zoom200")]:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in page_urls(learner_pages).items():
            page.goto(url)
            page.wait_for_load_state()
            found = page.evaluate(OVERFLOW)
            # Nothing may reach past the right edge either (clipped content is lost content).
            if found["scrollWidth"] > found["clientWidth"] or found["wide"]:
                problems.append(f"{name} at {label}: {found}")
            if (width == 320 and not name.startswith("lesson-")) or name == "lesson-1":
                page.screenshot(path=SCREENSHOTS / f"reflow-{name}-{label}.png", full_page=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_nothing_moves_when_the_learner_asks_for_reduced_motion(learner_page, learner_pages):
    page = learner_page
    page.emulate_media(reduced_motion="reduce")
    for name in ["home", "course", "lesson-1", "quiz-attempt"]:
        page.goto(learner_pages[name])
        # Motion a template might add one day is stopped too.
        # (Set through the CSSOM: the site's Content-Security-Policy refuses inline styles.)
        page.evaluate(
            """() => {
              const probe = document.createElement("p");
              probe.className = "probe";
              probe.textContent = "probe";
              probe.style.transition = "opacity 2s";
              probe.style.animation = "probe-spin 1s infinite";
              document.querySelector("main").append(probe);
            }"""
        )
        assert page.evaluate(MOTION) == [], name

    # Without the preference the probe does move: the check above can tell the difference.
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(MOTION) == ["P.probe"]


def shown(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_pages_print_as_documents(learner_page, learner_pages, viewport):
    page = learner_page
    page.emulate_media(media="print")

    page.goto(learner_pages["lesson-1"])
    assert shown(page, "main h1")
    assert shown(page, ".lesson-body")
    for hidden in [".site-header", ".site-header nav", ".language-switcher", ".site-footer"]:
        assert not shown(page, hidden), hidden
    assert page.locator(".lesson-complete, .pager").count() == 2
    assert not shown(page, ".lesson-complete") and not shown(page, ".pager")
    assert page.locator("main button:visible").count() == 0
    # A link to another site prints its address after its words.
    link = page.locator("main a[href^='http']").first
    after = link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    page.screenshot(path=SCREENSHOTS / f"print-lesson-{viewport}.png", full_page=True)

    page.goto(learner_pages["quiz-attempt"])
    assert shown(page, ".quiz-form fieldset")
    assert page.locator("main button:visible").count() == 0

    page.emulate_media(media="screen")
    assert shown(page, ".site-header nav")
    assert page.locator("main button:visible").count() >= 1
