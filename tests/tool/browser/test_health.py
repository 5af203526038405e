"""Every page loads cleanly (no console errors, no failed requests) and the main
pages have no serious or critical accessibility problems (axe-core)."""

from __future__ import annotations

import pytest

from .actions import serious_violations
from .expectations import AXE_PAGES, all_pages


@pytest.mark.parametrize("path", all_pages())
def test_page_loads_without_errors(reader, path):
    page = reader.open(path, settle=True)
    assert page.get_by_role("main").inner_text().strip(), f"{path} shows no content"
    assert reader.problems == []


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(fresh_reader, path, mode):
    page = fresh_reader.page
    # the colour mode a reader picked, as the theme stores it
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    fresh_reader.open(path)
    assert page.locator("html").get_attribute("data-theme") == mode
    assert serious_violations(page) == []
