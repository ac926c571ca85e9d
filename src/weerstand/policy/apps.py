from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class PolicyConfig(ext.WeerstandAppConfig):
    name = "weerstand.policy"
    label = "policy"
    web_prefix = "toegang/"
    has_api = True

    def ready(self) -> None:
        """Read every app's grants, row rules and object checks from its AppConfig.

        Django imports every AppConfig and model before any `ready()` runs, so the whole
        registry is available here whatever the order of INSTALLED_APPS.
        """
        from weerstand.core.extensions import contributions
        from weerstand.policy import engine, table

        for cfg, contributed in contributions():
            table.register_grants(cfg.label, contributed.grants, contributed.notes)
            for rule in contributed.rules:
                engine.register(rule.resource, rule.builder, *rule.models)
            for resource, check in contributed.checks.items():
                engine.register_check(resource, check)

    def contribute(self) -> ext.Contributions:
        from weerstand.policy import engine, panels
        from weerstand.policy.table import Action, Resource

        return ext.Contributions(
            counts=[panels.counts],
            work=[panels.work],
            nav=[
                ext.NavItem(
                    _("Noodtoegang gebruiken"),
                    "policy:break-glass",
                    lambda u: engine.can(u, Resource.BREAK_GLASS, Action.USE),
                    order=80,
                    group="cases",
                ),
                ext.NavItem(
                    _("Compartimenten"),
                    "policy:compartments",
                    lambda u: (
                        engine.can(u, Resource.COMPARTMENT, Action.CREATE)
                        or engine.visible_compartments(u).exclude(kind="case_team").exists()
                    ),
                    order=82,
                    group="oversight",
                ),
                ext.NavItem(
                    _("Controle op noodtoegang"),
                    "policy:oversight",
                    lambda u: engine.can(u, Resource.CASE_AUDIT, Action.VIEW),
                    order=81,
                    group="oversight",
                ),
            ],
        )
