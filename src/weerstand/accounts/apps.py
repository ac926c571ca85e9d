from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class AccountsConfig(ext.WeerstandAppConfig):
    name = "weerstand.accounts"
    label = "accounts"
    web_prefix = ""
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.accounts import demo, grants, panels, rules
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            work=[panels.work],
            nav=[
                ext.NavItem(
                    _("Toegangswijzigingen"),
                    "accounts:access-changes",
                    lambda u: engine.can(u, Resource.ACCESS_CHANGE, Action.VIEW),
                    order=95,
                    group="oversight",
                ),
                # Whether the scheduled jobs run: the system administrator's operations view.
                ext.NavItem(
                    _("Geplande taken"),
                    "core:job-health",
                    lambda u: engine.can(u, Resource.JOB_HEALTH, Action.VIEW),
                    order=96,
                    group="oversight",
                ),
            ],
            # The demo users after the organisations; the portal logins are linked to their
            # registry entries once the cases' step has written the demo protectee's household.
            demo=[
                ext.DemoStep(20, demo.seed, fingerprint=demo.fingerprint),
                ext.DemoStep(45, demo.link_portal_users),
            ],
        )
