"""The site's title, description and footer text, edited by staff in the admin."""

from django.db import models

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.accounts.site_title import DEFAULT_SITE_TITLE
from apps.core.text import validate_no_control_characters

# The name accounts' mail uses until the blog hands it the settings (apps/accounts/site_title.py).
SITE_TITLE_DEFAULT = DEFAULT_SITE_TITLE
SITE_DESCRIPTION_DEFAULT = "Quire: writing worth reading."
SITE_FOOTER_DEFAULT = "Quire: writing worth reading. Follow new posts in any feed reader."
SITE_SETTINGS_PK = 1
_SITE_TEXT_VALIDATORS = [validate_no_control_characters, validate_no_invisible_characters]


class SiteSettings(models.Model):
    """The site's title, description and footer text: one row (pk 1), defaults while none."""

    id = models.PositiveSmallIntegerField(
        primary_key=True, default=SITE_SETTINGS_PK, editable=False
    )
    title = models.CharField(
        max_length=60, default=SITE_TITLE_DEFAULT, validators=_SITE_TEXT_VALIDATORS
    )
    description = models.CharField(
        max_length=300,
        default=SITE_DESCRIPTION_DEFAULT,
        validators=_SITE_TEXT_VALIDATORS,
        help_text="Shown to search engines and link previews for pages without their own.",
    )
    footer_text = models.CharField(
        max_length=300, default=SITE_FOOTER_DEFAULT, validators=_SITE_TEXT_VALIDATORS
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=SITE_SETTINGS_PK), name="site_settings_single_row"
            ),
        ]

    def __str__(self) -> str:
        return "Site settings"
