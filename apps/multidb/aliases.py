"""The database aliases, named once."""

from django.db import DEFAULT_DB_ALIAS

PEOPLE_DB = DEFAULT_DB_ALIAS  # users, auth, sessions, admin log
BLOG_DB = "blog_db"  # posts, tags, comments
ANALYTICS_DB = "analytics"  # post views per day, written behind the requests
