"""Browser drivers for scripts/browser_test.py: the few things it asks of a browser library.

playwright (Python, the project's venv) or selenium (Debian's python3-selenium with
chromium-driver, the fallback without PyPI), both driving Debian's headless Chromium.
"""

import re
import shutil

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
WIDTH, HEIGHT = 1280, 900


class Failure(Exception):
    """A test failure, with its reason."""


class PlaywrightDriver:
    def __init__(self, chromium):
        from playwright.sync_api import sync_playwright
        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        self.page = self.browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})

    def open(self, url):
        self.page.goto(url)

    def js(self, expression):
        """The JSON value of a JavaScript expression in the page (promises awaited)."""
        return self.page.evaluate(expression)

    def click(self, css, text):
        """Clicks the element matching css whose text is exactly text."""
        self.page.locator(css).filter(has_text=re.compile("^" + re.escape(text) + "$")).first.click()

    def resize(self, width, height):
        self.page.set_viewport_size({"width": width, "height": height})

    def screenshot(self, path):
        self.page.screenshot(path=str(path))

    def close(self):
        self.browser.close()
        self.pw.stop()


class SeleniumDriver:
    def __init__(self, chromium):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for flag in ["--headless=new", f"--window-size={WIDTH},{HEIGHT}", *CHROMIUM_FLAGS]:
            opts.add_argument(flag)
        driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver), options=opts)

    def open(self, url):
        self.driver.get(url)

    def js(self, expression):
        return self.driver.execute_script("return " + expression)

    def click(self, css, text):
        from selenium.webdriver.common.by import By
        for el in self.driver.find_elements(By.CSS_SELECTOR, css):
            if el.text.strip() == text:
                el.click()
                return
        raise Failure(f"no {css} with the text {text!r} to click")

    def resize(self, width, height):
        self.driver.set_window_size(width, height)

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def close(self):
        self.driver.quit()


def make_driver(name, chromium):
    if name == "auto":
        try:
            import playwright  # noqa: F401
            name = "playwright"
        except ImportError:
            name = "selenium"
    try:
        return (PlaywrightDriver if name == "playwright" else SeleniumDriver)(chromium)
    except ImportError as e:
        raise Failure(f"the {name} driver cannot be used: {e} (playwright: the project's venv, "
                      "scripts/setup.sh; selenium: Debian's python3-selenium and chromium-driver)")
