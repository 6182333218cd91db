"""A learner who uses only the keyboard enrols, completes the lessons, passes the post-test and
answers the evaluation: Tab, Shift+Tab, Space, Enter and the arrow keys, never the mouse.

At every key press the focused element must show a visible focus indicator and must not be
hidden, not even in part, under a sticky or fixed header (WCAG 2.4.7 and 2.4.11).
"""

import pytest

from courses.models import Enrollment
from tests.courses.conftest import CORRECT

pytestmark = pytest.mark.django_db(transaction=True)

# What the keyboard user sees of the focused element.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const ring = style.outlineStyle === "none" ? 0
    : parseFloat(style.outlineWidth) + Math.max(parseFloat(style.outlineOffset), 0);
  // What is drawn on top at the centre and near the corners of each box of the element
  // (a link that wraps has one box a line).
  const mine = (node) => !!node && (node === el || el.contains(node) || node.control === el);
  // (Corners at 20% and 80%: inside the circle of a radio button too.)
  const corners = [[0.5, 0.5], [0.2, 0.2], [0.8, 0.2], [0.2, 0.8], [0.8, 0.8]];
  const points = [...el.getClientRects()].flatMap((box) => corners.map(([fx, fy]) => [
    Math.min(Math.max(box.left + fx * box.width, 0), innerWidth - 1),
    Math.min(Math.max(box.top + fy * box.height, 0), innerHeight - 1),
  ]));
  const covers = points.map(([x, y]) => document.elementFromPoint(x, y))
    .filter((node) => !mine(node))
    .map((node) => node ? node.tagName + "." + node.className : "nothing");
  return {
    element: el.outerHTML.slice(0, 160),
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    name: el.name || "",
    value: el.value || "",
    checked: !!el.checked,
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    // The whole focus ring (outline and its offset) is inside the viewport...
    inViewport: rect.top - ring >= 0 && rect.left - ring >= 0
      && rect.bottom + ring <= innerHeight && rect.right + ring <= innerWidth,
    // ...or, for a text box (browsers scroll only its caret line into view), part of it is.
    textEntry: el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "radio"
      && el.type !== "checkbox" && el.type !== "submit"),
    partlyInViewport: rect.bottom > 0 && rect.top < innerHeight
      && rect.right > 0 && rect.left < innerWidth,
    coveredBy: covers,
  };
}"""


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.presses = 0

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        state = self.page.evaluate(FOCUS_STATE)
        if state["tag"] != "body":
            where = f"after {key} on {self.page.url}: {state['element']}"
            assert state["focusVisible"], f"no :focus-visible {where}"
            assert state["outline"] >= 2, f"focus outline thinner than 2px {where}"
            seen = state["inViewport"] or (state["textEntry"] and state["partlyInViewport"])
            assert seen, f"focused element (or its focus ring) outside the viewport {where}"
            assert not state["coveredBy"], f"focus hidden under {state['coveredBy']} {where}"
        return state

    def tab_to(self, selector: str, *, backwards: bool = False, limit: int = 60) -> dict:
        """Press Tab (or Shift+Tab) until the element matching `selector` has focus."""
        for _ in range(limit):
            state = self.press("Shift+Tab" if backwards else "Tab")
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return state
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def activate(self, key: str = "Enter") -> None:
        """Press a key on the focused control and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
            self.presses += 1
        self.page.wait_for_load_state()

    def choose(self, wanted: str) -> dict:
        """In a focused radio group, move with the arrow keys to `wanted` (arrows select)."""
        state = self.page.evaluate(FOCUS_STATE)
        seen = set()
        while state["value"] != wanted:
            assert state["value"] not in seen, f"{wanted} is not in the radio group"
            seen.add(state["value"])
            state = self.press("ArrowDown")
        if not state["checked"]:
            state = self.press("Space")
        assert state["checked"] and state["value"] == wanted
        return state


def answer_with_the_keyboard(keys: Keyboard, form: str, pick) -> None:
    """Tab through every question of `form`, choosing `pick(values)` with arrows or Space."""
    groups = keys.page.evaluate(
        """(form) => {
          const groups = {};
          for (const input of document.querySelectorAll(form + " input[type=radio], "
                                                        + form + " input[type=checkbox]")) {
            (groups[input.name] = groups[input.name] || []).push(input.value);
          }
          return groups;
        }""",
        form,
    )
    assert groups
    answered = set()
    submit = f"{form} button[type=submit]:not([value=save])"
    while True:
        state = keys.press("Tab")
        if keys.page.evaluate("(s) => document.activeElement.matches(s)", submit):
            break
        if state["type"] == "radio" and state["name"] not in answered:
            keys.choose(pick(groups[state["name"]])[0])
            answered.add(state["name"])
        elif state["type"] == "checkbox" and state["value"] in pick(groups[state["name"]]):
            assert keys.press("Space")["checked"]
            answered.add(state["name"])
    assert answered == set(groups), "some questions were never reached with Tab"
    # Shift+Tab goes back to the last field (a chosen answer stays chosen), then all the way
    # up to the first question (where a sticky header would hide focus); Tab returns.
    state = keys.press("Shift+Tab")
    assert state["tag"] in {"input", "textarea"}
    assert state["type"] != "radio" or state["checked"]
    first = keys.tab_to(f"{form} [name='{next(iter(groups))}']", backwards=True)
    assert first["type"] != "radio" or first["checked"]
    keys.tab_to(submit)


def test_lessons_and_quizzes_work_with_the_keyboard_alone(
    page, viewport, learning_course, learner, sign_in
):
    sign_in(page, learner)
    keys = Keyboard(page)
    course = learning_course
    lessons = list(course.live_lessons())

    page.goto(course.url)
    keys.tab_to(f"form[action='{course.url}enrol/'] button")
    keys.activate("Enter")
    assert Enrollment.objects.filter(user=learner, course=course).exists()

    keys.tab_to(".course-actions a.button")
    keys.activate("Enter")
    assert page.url.endswith(lessons[0].url)
    # The first lesson is finished with Enter, the second with Space: both press a button.
    for lesson, key in zip(lessons, ["Enter", "Space"], strict=True):
        keys.tab_to(f"form[action='{lesson.url}complete/'] button")
        keys.activate(key)
    assert page.url.endswith("/post-test/")

    keys.tab_to(".quiz-actions form button")
    keys.activate("Enter")
    answer_with_the_keyboard(
        keys, ".quiz-form", lambda values: [value for value in values if value in CORRECT]
    )
    keys.activate("Enter")
    assert page.url.endswith("/result/")
    assert page.locator(".result-summary .badge-done").is_visible()

    keys.tab_to("main a.button[href$='/course-evaluation/']")
    keys.activate("Enter")
    answer_with_the_keyboard(keys, ".evaluation-form", lambda values: [values[-1]])
    keys.activate("Enter")
    assert page.locator("main .badge-done").is_visible()
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.completed_at is not None
    print(f"keyboard ({viewport}): {keys.presses} key presses, no mouse")
