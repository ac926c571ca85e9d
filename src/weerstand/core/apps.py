from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "weerstand.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from weerstand.core import checks

        checks.enforce()
