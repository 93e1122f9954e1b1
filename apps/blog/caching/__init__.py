"""Caching for readers, invalidated in every gunicorn worker at once, as finely as what changed.

- `dependencies`: the tags naming what content shows (a post, an author, the lists, everything)
  and how rendering declares them.
- `version`: the content version and the tags' tokens, shared by every process (on one host or
  several); a change replaces the tokens of what it touched, and the version with them.
- `lifetimes`: how long content rendered now may live (never past the next scheduled
  publication).
- `kept`: an entry in memory with the tokens it was rendered under, and the check that it is
  still current.
- `shared_files`: the shared cache of one host when no Redis is named, Django's file cache
  counted once a minute and never culled of the content version.
- `memory`: the per-process memory that holds pages and fragments, bounded in bytes.
- `pages`: whole anonymous pages, answered by `PageCacheMiddleware` before sessions, CSRF and
  auth, for views that opted in with `cache_anonymous_page`.
- `fragments`: what is the same for every reader, signed in or not: the author, tag or post a
  page is about, whole feeds, and the `{% content_cache %}` tag (apps/blog/templatetags).
- `paginator`: list totals counted once until the list may change, list querysets built only
  when a fragment or total is missing.
- `invalidation`: what replaces which tokens: every write to `blog_db`, whatever wrote it
  (everything, unless its write path declared what it changes), and changes to the public
  profile of a user.

Nothing is ever deleted by hand: an entry whose tokens are old is rendered again in its place,
and entries nobody asks for age out of memory. Figures: bench/README.md and bench/HISTORY.md.
"""
