"""`/api/v1/addressed-letters`: the letters of a decision addressed to the persons concerned
(a relative, the employer contact), the same letters as `/rechten/brieven/{id}`.

Who sees which letter is the one row rule of the web pages (`rules.addressed_letter_q`): the
addressee their own, the case team (the letter grant reaching the case and the decision
visible) those of its cases; anyone else gets a 404, exactly like a letter that does not
exist. Reading one (as JSON or PDF) goes through `services.read_addressed_letter`, the call
the web page makes: audited every time, and the addressee's first read marks it read. A
portal user never gets an internal reference or case number.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.accounts.roles import is_portal_user
from weerstand.core.api.downloads import DownloadMixin, download_responses, served_type
from weerstand.core.api.mixins import INT_MAX, INT_MIN, ListMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown
from weerstand.rights import letter as letters
from weerstand.rights import selectors, services
from weerstand.rights.models import AddressedLetter, LetterKind
from weerstand.signals.api.fields import inline_choice

# Only for the case team: internal numbers a portal user never sees (null for them).
STAFF_ONLY = ("case", "reference", "recipient")

LANG_HELP = "Taal van de brief: Nederlands (standaard) of Engels."


def _own(letter: Any, user: Any) -> bool:
    return letter.person_id == getattr(user, "person_id", None)


def _portal(letter: Any, user: Any) -> bool:
    """The addressee (or any portal user) reads the letter as in the portal."""
    return _own(letter, user) or is_portal_user(user)


class AddressedLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    decision = serializers.IntegerField(
        source="decision_id",
        read_only=True,
        help_text="Het besluit waarover de brief gaat (om bezwaar te maken).",
    )
    subject = serializers.SerializerMethodField(help_text="Waar de brief over gaat.")
    date = serializers.SerializerMethodField(help_text="De datum van de brief.")
    language = serializers.SerializerMethodField(help_text=LANG_HELP)
    kind = inline_choice(
        choices=LetterKind.choices, read_only=True, help_text="Aan wie de brief is gericht."
    )
    recipientRole = serializers.CharField(
        source="role", read_only=True, help_text="De rol van de geadresseerde in de casus."
    )
    sentAt = serializers.DateTimeField(source="sent_at", read_only=True)
    read = serializers.SerializerMethodField(
        help_text="Of de geadresseerde de brief heeft gelezen."
    )
    readAt = serializers.DateTimeField(source="read_at", read_only=True, allow_null=True)
    mayObject = serializers.BooleanField(
        source="may_object",
        read_only=True,
        help_text="Of de geadresseerde belanghebbende is en bezwaar mag maken.",
    )
    case = serializers.IntegerField(
        source="case_id",
        read_only=True,
        allow_null=True,
        help_text="Alleen voor het casusteam; leeg in het portaal.",
    )
    reference = serializers.CharField(
        source="decision.reference",
        read_only=True,
        allow_null=True,
        help_text="Kenmerk van het besluit. Alleen voor het casusteam; leeg in het portaal.",
    )
    recipient = serializers.IntegerField(
        source="person_id",
        read_only=True,
        allow_null=True,
        help_text="Id van de geadresseerde. Alleen voor het casusteam; leeg in het portaal.",
    )

    def _lang(self) -> str:
        return str(self.context.get("lang", "nl"))

    def get_subject(self, obj: Any) -> str:
        with translation.override(self._lang()):
            return str(selectors.letter_subject(obj))

    def get_date(self, obj: Any) -> datetime.date:
        return services.letter_date(obj.decision)

    def get_language(self, obj: Any) -> str:
        return self._lang()

    def get_read(self, obj: Any) -> bool:
        return obj.read_at is not None

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        user = self.context.get("user")
        if user is None or _portal(instance, user):
            for name in STAFF_ONLY:
                data[name] = None
        return data


class SectionSerializer(serializers.Serializer):
    heading = serializers.CharField(read_only=True)
    paragraphs = serializers.ListField(child=serializers.CharField(), read_only=True)
    bullets = serializers.ListField(child=serializers.CharField(), read_only=True)
    after = serializers.ListField(child=serializers.CharField(), read_only=True)


class LetterBodySerializer(serializers.Serializer):
    """The letter as the web page shows it (`rights.letter.Letter`)."""

    title = serializers.CharField(read_only=True)
    letterDate = serializers.CharField(
        source="letter_date", read_only=True, help_text="De datum zoals in de brief."
    )
    greeting = serializers.CharField(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    closing = serializers.ListField(child=serializers.CharField(), read_only=True)
    sender = serializers.CharField(read_only=True)
    draft = serializers.CharField(
        read_only=True, help_text="Een waarschuwing als het besluit nog niet is genomen."
    )
    text = serializers.SerializerMethodField(help_text="De hele brief als platte tekst.")

    def get_text(self, obj: Any) -> str:
        return str(obj.plain_text())


class AddressedLetterDetailSerializer(AddressedLetterSerializer):
    letter = serializers.SerializerMethodField()

    @extend_schema_field(LetterBodySerializer)
    def get_letter(self, obj: Any) -> dict[str, Any]:
        user = self.context.get("user")
        letter = letters.build_addressed(
            obj, self._lang(), portal=user is None or _portal(obj, user)
        )
        return dict(LetterBodySerializer(letter).data)


class AddressedLetterFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False, min_value=1, help_text="Alleen de brieven van deze casus."
    )
    status = serializers.ChoiceField(
        choices=[("read", "gelezen"), ("unread", "nog niet gelezen")],
        required=False,
        help_text="`unread`: alleen brieven die de geadresseerde nog niet heeft gelezen.",
    )
    lang = serializers.ChoiceField(
        choices=[("nl", "Nederlands"), ("en", "English")], required=False, help_text=LANG_HELP
    )


LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=list(letters.LANGUAGES), required=False, description=LANG_HELP
)


def _lang_of(request: Request) -> str:
    reject_unknown(request.query_params, ("lang",), what="filter")
    lang = request.query_params.get("lang", "nl")
    if lang not in letters.LANGUAGES:
        from rest_framework.exceptions import ErrorDetail, ValidationError

        raise ValidationError({"lang": [ErrorDetail("Kies nl of en.", code="invalid")]})
    return lang


@extend_schema_view(
    list=extend_schema(
        summary="Brieven aan naasten en werkgevers die u mag zien",
        description=(
            "De geadresseerde ziet de eigen brieven, het casusteam die van zijn casussen. "
            "Een brief die u niet mag zien, telt niet mee."
        ),
        responses=AddressedLetterSerializer(many=True),
    ),
)
class AddressedLetterViewSet(DownloadMixin, ListMixin, PolicyViewSet):
    """Letters addressed to relatives and the employer. One you may not see answers exactly
    like one that does not exist (404)."""

    model = AddressedLetter
    related = ("decision", "person")
    list_serializer = AddressedLetterSerializer
    detail_serializer = AddressedLetterDetailSerializer
    filter_serializer = AddressedLetterFilterSerializer
    ordering = ("-sent_at", "-pk")
    audit_noun = "brieven"
    download_types = {"pdf": ("application/pdf",)}
    policy_needs = {
        "list": "decision_letter:view",
        "retrieve": "decision_letter:view",
        "pdf": "decision_letter:view",
    }
    problem_statuses = {"list": (400,), "retrieve": (400,), "pdf": (400,)}
    routes = (
        Route("addressed-letters", {"get": "list"}, "api-addressed-letter-list"),
        Route(
            "addressed-letters/<int:pk>",
            {"get": "retrieve"},
            "api-addressed-letter-detail",
            paginated=False,
        ),
        Route(
            "addressed-letters/<int:pk>/pdf",
            {"get": "pdf"},
            "api-addressed-letter-pdf",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet[Any], filters: dict[str, Any]) -> QuerySet[Any]:
        if filters.get("case"):
            qs = qs.filter(case=filters["case"])
        if filters.get("status") == "read":
            qs = qs.filter(read_at__isnull=False)
        elif filters.get("status") == "unread":
            qs = qs.filter(read_at__isnull=True)
        self._list_lang = filters.get("lang", "nl")
        return qs

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        return {"user": self.request.user, "lang": getattr(self, "_list_lang", "nl")}

    def _read(self, pk: int, lang: str, kind: str) -> Any:
        """The letter through the service of the web page (policy, audit, read-marking)."""
        if not INT_MIN <= pk <= INT_MAX:
            self.get_object(pk)  # 404 like any other unknown id
        return services.read_addressed_letter(self.request.user, pk, lang=lang, kind=kind)

    @extend_schema(
        summary="Eén brief aan een naaste of de werkgever",
        description=(
            "De brief zoals de webpagina hem toont. Leest de geadresseerde hem voor het "
            "eerst, dan geldt hij als gelezen."
        ),
        parameters=[LANG_PARAMETER],
        responses=AddressedLetterDetailSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        lang = _lang_of(request)
        addressed = self._read(pk, lang, "api")
        context = {"user": request.user, "lang": lang}
        data = AddressedLetterDetailSerializer(addressed, context=context).data
        return Response(data)

    @extend_schema(
        summary="Eén brief aan een naaste of de werkgever (PDF)",
        description="Leest de geadresseerde hem voor het eerst, dan geldt hij als gelezen.",
        parameters=[LANG_PARAMETER],
        responses=download_responses("application/pdf"),
    )
    def pdf(self, request: Request, pk: int) -> HttpResponse:
        lang = _lang_of(request)
        # 406 before anything is read, marked read or audited as given out.
        served_type(request, "application/pdf")
        addressed = self._read(pk, lang, "pdf")
        own = _own(addressed, request.user)
        pdf = letters.render_pdf(
            letters.build_addressed(addressed, lang, portal=own or is_portal_user(request.user))
        )
        response = self.negotiated(HttpResponse(pdf, content_type="application/pdf"))
        response["Content-Disposition"] = f'attachment; filename="brief-{addressed.pk}-{lang}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
