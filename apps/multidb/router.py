"""Route every app to a named database alias.

`settings.DATABASE_APPS_MAPPING` maps app labels to aliases (`{"blog": "blog_db"}`); every other
app goes to `default`. The router never answers `None` for reads and writes: with `None`, Django
falls back to the database of the hint instance, so `post.author` would look for `accounts_user`
in `blog_db`.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def database_for_app(app_label: str) -> str:
    return settings.DATABASE_APPS_MAPPING.get(app_label, DEFAULT_DB_ALIAS)


class AppLabelRouter:
    def db_for_read(self, model, **hints) -> str:
        return database_for_app(model._meta.app_label)

    def db_for_write(self, model, **hints) -> str:
        return database_for_app(model._meta.app_label)

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Relations between the two aliases are wanted (blog rows point at users); they are
        # declared with db_constraint=False and checked by the multidb system checks.
        return {obj1._state.db, obj2._state.db} <= set(settings.DATABASES)

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == database_for_app(app_label)
