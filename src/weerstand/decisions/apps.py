from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class DecisionsConfig(ext.WeerstandAppConfig):
    name = "weerstand.decisions"
    label = "decisions"
    verbose_name = _("Besluiten")
    web_prefix = "besluiten/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.decisions import demo, demo_history, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Te accorderen besluiten"),
                    "decisions:approvals",
                    panels.sees_approvals,
                    order=50,
                    group="decisions",
                ),
                ext.NavItem(
                    _("Beveiligingsopdrachten"),
                    "decisions:assignments",
                    panels.sees_assignments,
                    order=52,
                    group="execution",
                ),
                ext.NavItem(
                    _("Berichten lokaal gezag"),
                    "decisions:notifications",
                    panels.sees_notifications,
                    order=54,
                    group="execution",
                ),
            ],
            work=[panels.work],
            counts=[panels.counts],
            case_sections=[panels.case_section],
            # Admission on the analysts' advice (after the cases, 40); the rest of the life
            # cycle after the threat pictures (130) and the catalogue (140).
            demo=[
                ext.DemoStep(46, demo.admission),
                ext.DemoStep(150, demo.seed, fingerprint=demo_history.fingerprint),
            ],
            jobs=[
                ext.Job(
                    "apply-decisions",
                    lambda now: sum(
                        services.apply_decisions(timezone.localtime(now).date()).values()
                    ),
                    "besluiten op hun ingangsdatum in werking zetten, opdrachten afsluiten",
                ),
                ext.Job(
                    "escalate-assignments",
                    lambda now: services.escalate_assignments(now),
                    "opdrachten die niet tijdig zijn bevestigd of bemensd escaleren",
                ),
            ],
        )
