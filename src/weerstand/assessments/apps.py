from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class AssessmentsConfig(ext.WeerstandAppConfig):
    name = "weerstand.assessments"
    label = "assessments"
    verbose_name = _("Dreigingsbeelden")
    web_prefix = "dreigingsbeelden/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.assessments import demo, grants, panels, rules
        from weerstand.assessments.services.recalibration import recalibration_limit
        from weerstand.assessments.services.workflow import decision_readiness

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Dreigingsbeelden"),
                    "assessments:overview",
                    panels.sees_overview,
                    order=30,
                    group="analysis",
                )
            ],
            work=[panels.work],
            counts=[panels.counts],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(130, demo.seed)],
            transition_guards={"submit_for_decision": decision_readiness},
            classification_floors=[rules.classification_floor],
            recalibration_limits=[recalibration_limit],
        )
