from weerstand.core import extensions as ext


class AuditConfig(ext.WeerstandAppConfig):
    name = "weerstand.audit"
    label = "audit"
    web_prefix = "audit/"

    def contribute(self) -> ext.Contributions:
        from weerstand.audit.services import checkpoint_now

        return ext.Contributions(
            jobs=[
                ext.Job(
                    "audit-checkpoint",
                    lambda now: 0 if checkpoint_now() is None else 1,
                    "de kop van de auditketen ondertekenen",
                )
            ]
        )
