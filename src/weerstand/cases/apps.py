from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class CasesConfig(ext.WeerstandAppConfig):
    name = "weerstand.cases"
    label = "cases"
    web_prefix = "casussen/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.cases import demo, grants, panels, rules
        from weerstand.cases.state_machine import policy_doc
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Casusoverzicht"),
                    "cases:list",
                    lambda u: engine.can(u, Resource.CASE, Action.VIEW),
                    order=10,
                    group="cases",
                ),
                ext.NavItem(
                    _("Nieuwe aanmelding"), "cases:refer", rules.may_refer, order=11, group="cases"
                ),
                ext.NavItem(
                    _("Overdracht van het OM"),
                    "cases:om-transfer",
                    rules.may_transfer_from_om,
                    order=12,
                    group="cases",
                ),
                ext.NavItem(
                    _("Overdrachten lokaal domein"),
                    "cases:handovers",
                    panels.sees_handover_page,
                    order=13,
                    group="cases",
                ),
                ext.NavItem(
                    _("Casuscijfers"),
                    "cases:aggregates",
                    lambda u: engine.can(u, Resource.AGGREGATES, Action.VIEW),
                    order=25,
                    group="oversight",
                ),
            ],
            work=[panels.work],
            counts=[panels.counts],
            case_sections=[panels.case_handover_section],
            policy_doc=[policy_doc],
            # The cases with their people and teams up to the analysts' advice; after all case
            # work (decisions, threat pictures, rights, capacity) their timelines and dates,
            # and one break-glass access.
            demo=[
                ext.DemoStep(40, demo.seed, fingerprint=demo.fingerprint),
                ext.DemoStep(180, demo.finish),
            ],
        )
