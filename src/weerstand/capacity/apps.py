from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class CapacityConfig(ext.WeerstandAppConfig):
    name = "weerstand.capacity"
    label = "capacity"
    verbose_name = _("Capaciteit")
    web_prefix = "capaciteit/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.capacity import demo, grants, rules
        from weerstand.capacity.panels import inform_task_panel, work
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Capaciteit"),
                    "capacity:overview",
                    lambda u: engine.can(u, Resource.CAPACITY_PLAN, Action.VIEW),
                    order=70,
                    group="execution",
                )
            ],
            panels=[inform_task_panel],
            work=[work],
            demo=[ext.DemoStep(170, demo.seed)],
        )
