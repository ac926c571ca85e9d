from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "weerstand.capacity"
    label = "capacity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from weerstand.capacity import rules
        from weerstand.capacity.panels import inform_task_panel
        from weerstand.core.extensions import NavItem, register_nav, register_panel
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        rules.register()
        register_nav(
            NavItem(
                _("Capaciteit"),
                "capacity:overview",
                lambda u: engine.can(u, Resource.CAPACITY_PLAN, Action.VIEW),
                order=70,
            )
        )
        register_panel(inform_task_panel)
