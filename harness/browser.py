"""Open an HTML report in Debian's headless Chromium through Selenium (the test extra), for the
report's test and its README screenshot. Nothing is downloaded: the browser and its driver are
the system's (apt-get install chromium chromium-driver, scripts/setup.sh)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No sync, updates, first-run pages or background requests: the page must render from disk alone.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars")


@contextmanager
def headless_chromium(width: int = 1300, height: int = 1800):
    """A Selenium driver of a fresh headless Chromium profile, recording the browser console."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} missing: apt-get install chromium chromium-driver (scripts/setup.sh)")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="nnparity-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS + (f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()  # ends the chromedriver and the Chromium this context started


def console_errors(driver) -> list[str]:
    """The browser console's errors so far (SEVERE entries)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
