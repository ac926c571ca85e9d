from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class RetentionConfig(ext.WeerstandAppConfig):
    name = "weerstand.retention"
    label = "retention"
    verbose_name = _("Bewaren en vernietigen")
    web_prefix = "bewaren/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.policy import engine
        from weerstand.retention import builtin, demo, grants, rules, services

        def visible(user: object) -> bool:
            return engine.can(user, "destruction_report", "view") or engine.can(
                user, "legal_hold", "view"
            )

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Bewaren en inzage"), "retention:index", visible, order=95, group="oversight"
                )
            ],
            demo=[ext.DemoStep(200, demo.seed)],
            retention_types=builtin.TYPES,
            jobs=[
                ext.Job(
                    "apply-retention",
                    services.run_job,
                    "verlopen gegevens vernietigen of anonimiseren, met een ondertekend verslag",
                    every_minutes=24 * 60,
                )
            ],
        )
