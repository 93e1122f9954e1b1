"""The web plumbing around the apps: health probes, the 500 and 503 pages, request ids, the
Content-Security-Policy header and the links on every page.

`config.settings` and `config.urls` wire these in; no app imports from here (checked by the
import-linter contracts in pyproject.toml), so the apps stay usable without them.
"""
