from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class ContactConfig(ext.WeerstandAppConfig):
    name = "weerstand.contact"
    label = "contact"
    verbose_name = _("Vaste contactpersoon en berichten")
    web_prefix = "contact/"
    has_api = True

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete

        from weerstand.contact import services
        from weerstand.policy.models import CompartmentMembership

        # Leaving the case team is a membership removed, by whatever path.
        post_delete.connect(
            services.member_left, sender=CompartmentMembership, dispatch_uid="contact-member-left"
        )

    def contribute(self) -> ext.Contributions:
        from weerstand.capacity.services import prioritisation
        from weerstand.contact import demo, grants, panels, rules

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Wat wij u vertelden"), "contact:mine", rules.is_portal_reader, order=42
                ),
            ],
            panels=[panels.notice_panel, panels.contact_panel],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(175, demo.seed)],
            jobs=[
                ext.Job(
                    "escalate-inform-tasks",
                    lambda now: len(prioritisation.escalate_overdue_tasks(now)),
                    "taken om beschermde personen te informeren voorbij hun termijn escaleren",
                    every_minutes=15,
                )
            ],
        )
