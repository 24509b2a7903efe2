"""The built site in headless Chromium, driven by Playwright (see conftest.py)."""
