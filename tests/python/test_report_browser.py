"""The report in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

The page must load without JavaScript errors, draw 185 ward shapes and open a ward's profile on a click.
Screenshots are kept in tests/artifacts/ and report/screenshot.png for people to look at.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from collections.abc import Iterator

import duckdb
import pytest

from spi.project import PROJECT_DIR
from spi.report.render import write_report


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"
WARDS = 185


def _require_chromium() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not (os.path.exists(path) and os.access(path, os.X_OK))]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: `make setup-dev` installs Debian's chromium and chromium-driver"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)  # CI must run the browser test, never skip it
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="spi-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1200",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the system driver, never one Selenium Manager would download
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(driver) -> list[str]:
    page_errors = driver.execute_script("return window.__spiErrors || ['__spiErrors missing: the page did not run']")
    console = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    return list(page_errors) + console


def _click_inside(driver, css: str) -> None:
    """A real mouse click on a point of the element that is not covered by another (shapes are not convex)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    point = driver.execute_script(
        """
        const target = document.querySelector(arguments[0]);
        target.scrollIntoView({block: 'center'});
        const box = target.getBoundingClientRect();
        for (let step = 8; step <= 64; step *= 2) {
          for (let i = 1; i < step; i++) for (let j = 1; j < step; j++) {
            const x = box.left + box.width * i / step, y = box.top + box.height * j / step;
            if (document.elementFromPoint(x, y) === target) return [Math.round(x), Math.round(y)];
          }
        }
        return null;
        """,
        css,
    )
    assert point, f"no visible point of {css} to click"
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(point[0], point[1])
    actions.pointer_action.click()
    actions.perform()


def _move_mouse_away(driver) -> None:
    """Off the map, so no ward shows its hover outline in the screenshot."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(5, 5)
    actions.perform()


def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


@pytest.mark.build
def test_report_loads_draws_every_ward_and_opens_a_profile(
    browser, built_database: Path, marts: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    report = write_report(built_database, tmp_path / "spi_report.html").path
    browser.get(report.as_uri())
    assert _errors(browser) == []

    shapes = browser.find_elements(By.CSS_SELECTOR, "#ward-map path[data-ward-code]")
    assert len(shapes) == WARDS
    fills = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ward-map path[data-ward-code]'), p => p.getAttribute('fill'))"
    )
    assert len(set(fills)) == 5, f"the SPI map should use the five palette classes, got {sorted(set(fills))}"

    ward_code, ward_name = marts.execute(
        "select ward_code, ward_name from marts.fct_ward_spi where rank_in_region = 1 order by period desc limit 1"
    ).fetchone()
    _click_inside(browser, f'#ward-map path[data-ward-code="{ward_code}"]')
    profile = browser.find_element(By.ID, "profile")
    assert browser.find_element(By.ID, "profile-name").text == ward_name
    assert "1st of 185" in profile.text
    indicator_rows = profile.find_elements(By.CSS_SELECTOR, "table.indicators tbody tr td:nth-child(4)")
    assert len([row for row in indicator_rows if row.text]) >= 40, "every indicator has a row with its score"

    # another measure recolours the map; the table sorts; the state is the same one the map uses
    Select(browser.find_element(By.ID, "measure-select")).select_by_value("dim:Opportunity")
    assert browser.execute_script("return window.spiReport.state.measure") == "dim:Opportunity"
    new_fills = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ward-map path[data-ward-code]'), p => p.getAttribute('fill'))"
    )
    assert new_fills != fills
    Select(browser.find_element(By.ID, "measure-select")).select_by_value("spi")
    browser.find_element(By.XPATH, "//table[@id='ward-table']//th/button[text()='SPI']").click()
    first_row = browser.find_element(By.CSS_SELECTOR, "#ward-table tbody tr")
    assert first_row.get_attribute("data-ward") == ward_code
    assert len(browser.find_elements(By.CSS_SELECTOR, "#scatter circle")) == WARDS
    assert len(browser.find_elements(By.CSS_SELECTOR, "#la-table tbody tr")) >= 2

    browser.execute_script("window.scrollTo(0, 0); document.getElementById('profile').scrollTop = 0;")
    _click_inside(browser, f'#ward-map path[data-ward-code="{ward_code}"]')
    browser.execute_script("window.scrollTo(0, 0);")
    _move_mouse_away(browser)
    shot = _screenshot(browser, "report.png")
    (PROJECT_DIR / "report").mkdir(exist_ok=True)
    shutil.copyfile(shot, PROJECT_DIR / "report" / "screenshot.png")
    assert shot.stat().st_size > 20_000
    assert _errors(browser) == []


@pytest.mark.build
def test_report_with_optional_marts_and_two_periods_runs_clean(browser, variant_database: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    report = write_report(variant_database, tmp_path / "variant.html").path
    browser.get(report.as_uri())
    assert _errors(browser) == []
    assert browser.find_element(By.ID, "synthetic-banner").is_displayed()
    assert browser.find_element(By.ID, "period-select").is_displayed()
    ward = browser.execute_script(
        "const s = JSON.parse(document.getElementById('spi-data').textContent).by_period['2025'].scores;"
        "return Object.keys(s).find(code => s[code].rank === 1);"
    )
    assert browser.execute_script("return window.spiReport.openWard(arguments[0])", ward)
    profile = browser.find_element(By.ID, "profile").text
    assert "rank interval" in profile and "Strengths" in profile and "SYNTHETIC" in profile and "95% CI" in profile
    assert browser.execute_script("return window.spiReport.setPeriod('2019')")
    assert "period 2019" in browser.find_element(By.ID, "profile").text
    _screenshot(browser, "report_optional_marts.png")
    assert _errors(browser) == []


@pytest.mark.unit
def test_missing_chromium_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import test_report_browser as module

    monkeypatch.setattr(module, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make setup-dev"):
        module._require_chromium()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        module._require_chromium()
