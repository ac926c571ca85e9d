"""Browser tests in headless Chromium (Playwright) with axe-core accessibility checks."""
