"""What the browser tests check on every page: accessibility, weight, screenshots."""

from .conftest import AXE_SOURCE, SCREENSHOTS

PAGE_WEIGHT_LIMIT = 100_000  # bytes transferred for one page and everything it loads


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # through DevTools, so the page's CSP allows it
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def page_weight(page) -> int:
    """Bytes of the document and every resource it loaded, as sent over the wire."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .reduce((total, e) => total + (e.transferSize || e.encodedBodySize), 0)"""
    )


class Walk:
    """A journey in one language at one size: numbered screenshots and checks."""

    def __init__(self, page, name):
        self.page = page
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.heaviest = 0

    def snapshot(self, label: str) -> None:
        self.step += 1
        self.page.wait_for_load_state("load")
        self.page.screenshot(
            path=self.folder / f"{self.step:02d}-{label}.png", full_page=True
        )

    def check(self, label: str) -> None:
        """Screenshot, then no serious accessibility issue and under 100 KB."""
        self.snapshot(label)
        violations = serious_violations(self.page)
        assert violations == [], f"{label}: {violations}"
        weight = page_weight(self.page)
        self.heaviest = max(self.heaviest, weight)
        assert weight < PAGE_WEIGHT_LIMIT, f"{label} weighs {weight} bytes"


SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}


def press(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
