"""The blog-agnostic cross-database layer: database aliases, the router, system checks for
relations across databases, batch loading of related rows across aliases, `migrate_all`, and
whether a database can be reached (the one error tuple and the one probe).

It imports no other part of the project; apps build on it (the blog's cascade and audit live in
apps/blog/integrity.py and apps/blog/audit.py).
"""
