from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "weerstand.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        from weerstand.core import checks

        checks.enforce()
        # The empty choice of every select built from a model field with choices: Django's
        # own "- Select an option -" has no Dutch translation. Django documents replacing
        # it here, in an app's ready().
        fields.BLANK_CHOICE_LABEL = _("Kies een optie")
