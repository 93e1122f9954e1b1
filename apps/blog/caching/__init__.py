"""Caching for readers, invalidated in every gunicorn worker at once.

- `version`: the content version, a token every process on the host shares; replacing it makes
  everything cached under the old one unreachable. It also says how long content rendered now
  may live (never past the next scheduled publication).
- `memory`: the per-process memory that holds pages and fragments, bounded in bytes.
- `pages`: whole anonymous pages, answered by `PageCacheMiddleware` before sessions, CSRF and
  auth, for views that opted in with `cache_anonymous_page`.
- `fragments`: what is the same for every reader, signed in or not: the author, tag or post a
  page is about, whole feeds, and the `{% content_cache %}` tag (apps/blog/templatetags).
- `paginator`: list totals counted once per content version, list querysets built only when
  a fragment or total is missing.
- `invalidation`: what replaces the version: every write to `blog_db`, whatever wrote it, and
  changes to the public profile of a user.

Everything is keyed by the content version, so nothing is ever deleted by hand: entries stored
under an old version are never read again and age out of memory. Figures: bench/README.md.
"""
