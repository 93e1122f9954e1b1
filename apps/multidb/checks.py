"""System checks for relations that cross database aliases.

Django cannot JOIN, enforce constraints or cascade deletes across two databases, so a relation
between models routed to different aliases must be declared in the one shape that works:
`ForeignKey(..., db_constraint=False, on_delete=DO_NOTHING)`, with the cascade done explicitly.
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.core import checks
from django.db import models, router

E_DB_CONSTRAINT = "multidb.E001"
E_ON_DELETE = "multidb.E002"
E_MANY_TO_MANY = "multidb.E003"


def _alias(model: type[models.Model]) -> str:
    return router.db_for_write(model)


def relation_errors(model_classes: Iterable[type[models.Model]]) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in model_classes:
        for field in model._meta.get_fields(include_hidden=False):
            if not field.is_relation or field.auto_created or not field.concrete:
                continue
            related_model = field.related_model
            if not isinstance(related_model, type):  # unresolved lazy reference
                continue
            source, target = _alias(model), _alias(related_model)
            if source == target:
                continue
            where = f"{model._meta.label}.{field.name} -> {related_model._meta.label}"
            if field.many_to_many:
                errors.append(
                    checks.Error(
                        f"{where} is a many-to-many across databases ({source} -> {target}).",
                        hint="Use an explicit model in one database with ForeignKeys declared "
                        "db_constraint=False, on_delete=DO_NOTHING.",
                        obj=field,
                        id=E_MANY_TO_MANY,
                    )
                )
                continue
            if field.db_constraint:
                errors.append(
                    checks.Error(
                        f"{where} crosses databases ({source} -> {target}) with a database "
                        "constraint that cannot exist.",
                        hint="Declare the ForeignKey with db_constraint=False.",
                        obj=field,
                        id=E_DB_CONSTRAINT,
                    )
                )
            if field.remote_field.on_delete is not models.DO_NOTHING:
                errors.append(
                    checks.Error(
                        f"{where} crosses databases ({source} -> {target}) with on_delete="
                        f"{field.remote_field.on_delete.__name__}; the deletion Collector would "
                        f"run it against {target}, where {model._meta.db_table} does not exist.",
                        hint="Use on_delete=models.DO_NOTHING and delete the dependent rows "
                        "explicitly once the deletion has committed (transaction.on_commit).",
                        obj=field,
                        id=E_ON_DELETE,
                    )
                )
    return errors


@checks.register(checks.Tags.models)
def check_cross_database_relations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    configs = app_configs or global_apps.get_app_configs()
    return relation_errors(model for config in configs for model in config.get_models())
