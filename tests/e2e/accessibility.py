"""axe-core checks and screenshots for the pages a browser journey visits."""

from axe_playwright_python.sync_playwright import Axe

from .conftest import SCREENSHOTS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def check_page(page, name: str, viewport: str) -> None:
    """Save a screenshot of the page and fail on any WCAG A/AA violation axe finds."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    checked = sorted(
        rule["id"]
        for group in ("passes", "incomplete", "inapplicable")
        for rule in results.response.get(group, [])
    ) + sorted(rule["id"] for rule in results.response["violations"])
    print(f"axe on {name} ({viewport}): {len(checked)} rules checked: {', '.join(checked)}")
    assert results.violations_count == 0, results.generate_report()
