"""Browser drivers for scripts/browser_test.py: the few things it asks of a browser library.

playwright (Python, the project's venv) or selenium (Debian's python3-selenium with
chromium-driver, the fallback without PyPI), both driving Debian's headless Chromium.
"""

import re
import shutil
import time

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
WIDTH, HEIGHT = 1280, 900


class Failure(Exception):
    """A test failure, with its reason."""


def wait_for(what, fn, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            v = fn()
            if v:
                return v
        except Failure:
            raise
        except Exception as e:  # the page or server not there yet
            last = e
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f}s waiting for {what}" + (f" (last error: {last})" if last else ""))


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

    def screenshot(self, path, clip=None):
        """Saves the window (or the clip {x, y, width, height} of the page) as a PNG."""
        self.page.screenshot(path=str(path), clip=clip)

    def type(self, text):
        """Types text with the keyboard, where the page has the focus."""
        self.page.keyboard.type(text)

    def press(self, key):
        """Presses a key or a combination ("Tab", "Shift+Tab", "Escape")."""
        self.page.keyboard.press(key)

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

    def screenshot(self, path, clip=None):
        if clip is None:
            self.driver.save_screenshot(str(path))
            return
        import base64
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "clip": dict(clip, scale=1)})
        path.write_bytes(base64.b64decode(shot["data"]))

    def type(self, text):
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(text).perform()

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        *mods, last = key.split("+")
        chain = ActionChains(self.driver)
        for m in mods:
            chain = chain.key_down(getattr(Keys, m.upper()))
        chain = chain.send_keys(getattr(Keys, last.upper()) if len(last) > 1 else last)
        for m in mods:
            chain = chain.key_up(getattr(Keys, m.upper()))
        chain.perform()

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
