from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class GapsConfig(ext.WeerstandAppConfig):
    name = "weerstand.gaps"
    label = "gaps"
    verbose_name = _("Leemten")
    web_prefix = "leemten/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.gaps import demo, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Informatieverzoeken"),
                    "gaps:requests",
                    panels.sees_requests,
                    order=42,
                    group="analysis",
                )
            ],
            work=[panels.work],
            counts=[panels.counts],
            case_sections=[panels.case_gaps_section],
            demo=[ext.DemoStep(120, demo.seed)],
            jobs=[
                ext.Job(
                    "escalate-overdue-requests",
                    lambda now: len(services.escalate_overdue_requests(now=now)),
                    "informatieverzoeken voorbij hun termijn escaleren",
                )
            ],
        )
