"""Blog content (in `blog_db`) and its integrity with people: the cascade when a user is deleted,
the welcome post when one is created, the audit. May import `apps.accounts` and `apps.multidb`.
"""
