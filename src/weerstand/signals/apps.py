from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class SignalsConfig(ext.WeerstandAppConfig):
    name = "weerstand.signals"
    label = "signals"
    verbose_name = _("Signalen")
    web_prefix = "signalen/"
    has_api = True

    def ready(self) -> None:
        from weerstand.signals import services

        services.check_configuration()

    def contribute(self) -> ext.Contributions:
        from weerstand.signals import demo, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Nieuw signaal melden"),
                    "signals:create",
                    rules.may_report_as_officer,
                    order=40,
                    group="signals",
                ),
                ext.NavItem(
                    _("Iets gezien of gehoord?"),
                    "signals:portal",
                    rules.may_report_in_portal,
                    order=40,
                ),
                ext.NavItem(
                    _("Wat u meldde"), "signals:mine", rules.may_report_in_portal, order=41
                ),
                ext.NavItem(
                    _("Te beoordelen signalen"),
                    "signals:queue",
                    rules.sees_queue,
                    order=41,
                    group="signals",
                ),
            ],
            work=[panels.work],
            counts=[panels.counts],
            case_sections=[panels.case_signals_section],
            demo=[ext.DemoStep(110, demo.seed)],
            classification_floors=[rules.classification_floor],
            jobs=[
                ext.Job(
                    "escalate-overdue-signals",
                    lambda now: len(services.escalate_overdue_signals(now=now)),
                    "signalen voorbij hun triagetermijn escaleren",
                )
            ],
        )
