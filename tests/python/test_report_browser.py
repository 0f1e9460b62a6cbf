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


PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def _emulate(driver, metrics: dict[str, object], media: str = "") -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})


def _overflow(driver) -> list[str]:
    """Elements that reach past the right edge of the page (what makes a phone scroll sideways)."""
    return driver.execute_script(
        """
        const width = document.documentElement.clientWidth, wide = [];
        if (document.documentElement.scrollWidth > width) wide.push('page ' + document.documentElement.scrollWidth);
        for (const node of document.querySelectorAll('body *')) {
          const box = node.getBoundingClientRect();
          if (box.width && box.right > width + 1 && !node.closest('.table-wrap, nav.sections, aside.profile'))
            wide.push(node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + ' ' + Math.round(box.right));
        }
        return wide.slice(0, 10);
        """
    )


@pytest.fixture()
def report_page(browser, built_database: Path, tmp_path: Path) -> Iterator[object]:
    report = write_report(built_database, tmp_path / "spi_report.html").path
    yield report
    _emulate(browser, DESKTOP)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.build
def test_desktop_shows_the_icb_overview_before_any_click(browser, report_page: Path) -> None:
    from selenium.webdriver.common.by import By

    _emulate(browser, DESKTOP)
    browser.get(report_page.as_uri())
    assert _errors(browser) == []
    profile = browser.find_element(By.ID, "profile")
    assert browser.find_element(By.ID, "profile-overview").text.endswith("overview")
    assert "SPI, population-weighted" in profile.text and "median ward" in profile.text
    assert len(profile.find_elements(By.CSS_SELECTOR, "table.bars tr")) == 15  # 3 dimensions + 12 components
    # the ward table says SYNTHETIC once, in its heading, when every ward uses synthetic inputs
    badges_in_rows = browser.find_elements(By.CSS_SELECTOR, "#ward-table tbody .badge.synthetic")
    badges_in_head = browser.find_elements(By.CSS_SELECTOR, "#ward-table thead .badge.synthetic")
    all_synthetic = browser.execute_script(
        "const s = window.spiReport.state; const d = JSON.parse(document.getElementById('spi-data').textContent);"
        "return Object.values(d.by_period[s.period].scores).every(e => e.synthetic);"
    )
    if all_synthetic:
        assert (len(badges_in_head), len(badges_in_rows)) == (1, 0)
    _move_mouse_away(browser)
    _screenshot(browser, "report_desktop_overview.png")


@pytest.mark.build
def test_phone_has_no_sideways_scroll_and_the_map_in_the_first_screen(browser, report_page: Path) -> None:
    from selenium.webdriver.common.by import By

    _emulate(browser, PHONE)
    browser.get(report_page.as_uri())
    assert _errors(browser) == []
    assert browser.execute_script("return document.documentElement.clientWidth") == PHONE["width"]
    assert _overflow(browser) == []
    map_top = browser.execute_script("return document.getElementById('ward-map').getBoundingClientRect().top + scrollY")
    assert map_top < 0.7 * PHONE["height"], f"the map starts {map_top:.0f} px down a {PHONE['height']} px screen"
    _screenshot(browser, "report_phone.png")
    ward = browser.execute_script(
        "const d = JSON.parse(document.getElementById('spi-data').textContent);"
        "const s = d.by_period[window.spiReport.state.period].scores; return Object.keys(s).find(c => s[c].rank === 1);"
    )
    assert browser.execute_script("return window.spiReport.openWard(arguments[0])", ward)
    assert _overflow(browser) == []
    browser.execute_script("document.getElementById('profile').scrollIntoView()")
    assert browser.find_element(By.ID, "profile-name").is_displayed()
    _screenshot(browser, "report_phone_profile.png")


@pytest.mark.build
def test_one_wards_profile_prints_on_a4(browser, report_page: Path) -> None:
    import base64

    _emulate(browser, DESKTOP)
    browser.get(report_page.as_uri())
    ward = browser.execute_script(
        "const d = JSON.parse(document.getElementById('spi-data').textContent);"
        "const s = d.by_period[window.spiReport.state.period].scores; return Object.keys(s).find(c => s[c].rank === 1);"
    )
    assert browser.execute_script("return window.spiReport.openWard(arguments[0])", ward)
    # what the profile's "Print this profile" button does, without the print dialog
    browser.execute_script("document.body.classList.add('print-profile')")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": True,
    })["data"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "ward_profile_a4.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    # the profile (scores, 40 indicators with their scorecard verdicts, rank interval) fits a few A4 pages; the
    # rest of the report (map, tables, methods) is not printed with it
    assert 1 <= pages <= 4, f"one ward's profile printed on {pages} A4 pages"
    # the same page as print media at A4 width, for people to look at: nothing wider than the paper
    browser.execute_script("document.body.classList.add('print-profile')")  # printing fired afterprint
    _emulate(browser, {"width": A4_WIDTH_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False}, media="print")
    assert _overflow(browser) == []
    visible = browser.execute_script(
        "return ['#wards', '#methods', 'figure.map', 'nav.sections'].filter(s => {"
        " const n = document.querySelector(s); return n && n.getBoundingClientRect().height > 0; })"
    )
    assert visible == [], f"printed with the profile: {visible}"
    _screenshot(browser, "report_print_profile.png")
    browser.execute_script("document.body.classList.remove('print-profile')")


@pytest.mark.build
def test_population_health_charts_draw_and_fit_a_phone_and_a4(browser, report_page: Path) -> None:
    """The population-health section: every funnel plot draws (limits for proportions), the gradient chart and
    the Core20 map fill, and nothing reaches past a 390 px phone or an A4 page in print."""
    from selenium.webdriver.common.by import By

    _emulate(browser, PHONE)
    browser.get(report_page.as_uri())
    assert _errors(browser) == []
    measures = browser.execute_script(
        "const d = JSON.parse(document.getElementById('spi-data').textContent).population_health;"
        "return d.measures.map(m => [m.id, m.statistic, m.wards.length]);"
    )
    assert len(measures) >= 20, measures
    for measure_id, statistic, wards in measures:
        assert browser.execute_script("return window.spiPopulationHealth.showFunnel(arguments[0])", measure_id)
        assert len(browser.find_elements(By.CSS_SELECTOR, "#ph-funnel-svg circle")) == wards, measure_id
        limits = browser.find_elements(By.CSS_SELECTOR, "#ph-funnel-svg polyline.ph-limit")
        assert len(limits) == (4 if statistic == "proportion" else 0), measure_id
        assert _overflow(browser) == [], measure_id
    # a proportion with a polarity, for the screenshot
    assert browser.execute_script("return window.spiPopulationHealth.showFunnel('qof_smoking')")
    # one row per measure with a gradient in the ICB: the SPI, its dimensions and the health outcomes
    rows = browser.find_elements(By.CSS_SELECTOR, "#ph-gradient-table tbody tr")
    assert len(rows) >= len(measures) + 4
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ph-core20-svg path")) == WARDS
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ph-benchmark-table tbody tr")) == len(measures)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ph-core20-table tbody tr")) >= 20
    # the funnel's text is readable on the phone: at least 9 px once the chart is scaled to the screen
    smallest = browser.execute_script(
        "return Math.min(...[...document.querySelectorAll('#ph-funnel-svg text')].map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 9, f"funnel labels {smallest:.1f} px high on a phone"
    browser.execute_script("document.getElementById('ph-funnel').scrollIntoView()")
    _screenshot(browser, "report_phone_population_health.png")
    # print, at A4 width: the section prints (charts included) and nothing of it is wider than the paper (the
    # ward and indicator tables of other sections are, in print: not this test's business)
    _emulate(browser, {"width": A4_WIDTH_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False}, media="print")
    wide = browser.execute_script(
        "const width = document.documentElement.clientWidth;"
        "return [...document.querySelectorAll('#population-health *')].filter(n => {"
        " const box = n.getBoundingClientRect(); return box.width && box.right > width + 1; })"
        ".map(n => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')).slice(0, 10);"
    )
    assert wide == []
    assert browser.execute_script(
        "return ['#ph-funnel-svg', '#ph-gradient-table', '#ph-core20-svg'].every(s =>"
        " document.querySelector(s).getBoundingClientRect().height > 0)"
    )
    browser.execute_script("document.getElementById('population-health').scrollIntoView()")
    _screenshot(browser, "report_print_population_health.png")


@pytest.mark.build
def test_pcn_table_scrolls_in_its_own_box_on_a_phone_and_fits_a4_in_print(browser, report_page: Path) -> None:
    """The Primary Care Network table (issue 16): every PCN, highest burden first; on a 390 px phone the page
    does not scroll sideways (the table scrolls inside its box); printed at A4 width nothing is cut off."""
    from selenium.webdriver.common.by import By

    _emulate(browser, PHONE)
    browser.get(report_page.as_uri())
    assert _errors(browser) == []
    rows = browser.find_elements(By.CSS_SELECTOR, "#pcn-table tbody tr")
    assert len(rows) >= 2
    spi = [float(row.find_elements(By.CSS_SELECTOR, "td strong")[0].text) for row in rows]
    assert spi == sorted(spi), "highest burden (lowest SPI) first"
    browser.execute_script("document.getElementById('pcns').scrollIntoView()")
    assert _overflow(browser) == []
    box = browser.execute_script(
        "const w = document.querySelector('#pcns .table-wrap').getBoundingClientRect(); return [w.left, w.right]"
    )
    assert 0 <= box[0] and box[1] <= PHONE["width"], box
    _screenshot(browser, "report_phone_pcns.png")
    _emulate(browser, {"width": A4_WIDTH_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False}, media="print")
    widths = browser.execute_script(
        "const t = document.getElementById('pcn-table'), w = document.querySelector('#pcns .table-wrap');"
        "return [t.getBoundingClientRect().right, w.getBoundingClientRect().right, t.scrollWidth, t.clientWidth]"
    )
    assert widths[0] <= widths[1] + 1 and widths[2] <= widths[3] + 1, f"the PCN table is cut off in print: {widths}"
    _screenshot(browser, "report_print_pcns.png")
