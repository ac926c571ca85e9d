from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class MatchingConfig(ext.WeerstandAppConfig):
    name = "weerstand.matching"
    label = "matching"
    verbose_name = _("Hit/no-hit met afgeschermde onderzoeken")
    web_prefix = "onderzoeken/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.matching import demo, grants, panels, rules, services, sharing

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Afgeschermde onderzoeken"),
                    "matching:investigations",
                    panels.sees_investigations,
                    order=60,
                    group="analysis",
                ),
                ext.NavItem(
                    _("Hits"), "matching:hits", panels.sees_hits, order=61, group="analysis"
                ),
            ],
            work=[panels.work],
            case_sections=[panels.case_selectors_section],
            demo=[ext.DemoStep(195, demo.seed)],
            jobs=[
                ext.Job(
                    "refresh-case-selectors",
                    lambda now: services.refresh_all_case_selectors(),
                    "selectors van beveiligingscasussen afleiden uit hun personen",
                    every_minutes=60,
                ),
                ext.Job(
                    "match-selectors",
                    lambda now: len(services.match_new(now=now)),
                    "nieuwe selectors matchen (hit/no-hit)",
                ),
                ext.Job(
                    "remind-hit-reconsideration",
                    lambda now: sharing.remind_reconsideration(now=now),
                    "informatiecoördinatoren herinneren aan te heroverwegen deelbesluiten",
                    every_minutes=60,
                ),
            ],
        )
