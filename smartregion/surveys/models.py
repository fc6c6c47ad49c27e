"""Citizen surveys: questions with options, anonymous responses, and running tallies of the answers.

Anonymity is a property of the tables: a ``Response`` holds the answers, the day it arrived and a
rounded duration, nothing else — no IP address, user agent, account or precise time. Results are
read from ``Tally`` rows that are brought up to date from the responses that arrived since the last
reading (``Response.tallied``), so a result page never scans every answer.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.markdown import FORMATTING_HELP
from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Region
from smartregion.strategy.models import Phase

MIN_GROUP_SIZE = 5
TEXT_LIMIT_SHORT = 300
TEXT_LIMIT_LONG = 5000
SHORT_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def minute_now() -> datetime.datetime:
    """Now, to the minute: enough for the duration, no more precise than needed."""
    return timezone.now().replace(second=0, microsecond=0)


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SCHEDULED = "scheduled", _("geplant")
    OPEN = "open", _("offen")
    CLOSED = "closed", _("beendet")


class SurveyQuerySet(models.QuerySet["Survey"]):
    def visible_to(self, user: Any, region: Region) -> SurveyQuerySet:
        """Published surveys for everyone; drafts too for the region's members."""
        from smartregion.accounts.roles import membership_in

        qs = self.filter(region=region)
        if getattr(user, "is_superuser", False) or membership_in(user, region.pk) is not None:
            return qs
        return qs.filter(published=True)


SurveyManager = RegionScopedManager.from_queryset(SurveyQuerySet)


class Survey(FieldConstraintsModel):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Einleitung"), blank=True, help_text=FORMATTING_HELP)
    privacy_notice = models.TextField(
        _("Datenschutzhinweis"),
        help_text=format_lazy("{} {}", _("Wird vor der ersten Frage gezeigt."), FORMATTING_HELP),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Phase des Strategieprozesses"),
    )
    opens_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    published = models.BooleanField(_("Veröffentlicht"), default=False)
    results_public = models.BooleanField(_("Ergebnisse öffentlich"), default=False)
    requires_code = models.BooleanField(
        _("Nur mit Zugangscode"),
        default=False,
        help_text=_("Für geschlossene Gruppen, z. B. einen Kreistag: jeder Code gilt für eine Antwort."),
    )
    short_code = models.CharField(_("Kurzlink"), max_length=12, unique=True, default=new_short_code)
    # Counts changes of the questions, so a process may keep the questions of a revision in memory.
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyManager()
    constraint_fields = {"closes_before_opening": "closes_at"}

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("Das Ende der Umfrage muss nach ihrem Beginn liegen."),
                violation_error_code="closes_before_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", kwargs={"region_slug": self.region.slug, "survey_id": self.pk})

    @property
    def status(self) -> str:
        if not self.published:
            return SurveyStatus.DRAFT
        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return SurveyStatus.SCHEDULED
        if self.closes_at and now >= self.closes_at:
            return SurveyStatus.CLOSED
        return SurveyStatus.OPEN

    def get_status_display(self) -> str:
        return str(SurveyStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    def short_path(self) -> str:
        return reverse("survey_short_link", kwargs={"code": self.short_code})


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Einfachauswahl")
    MULTIPLE = "multiple", _("Mehrfachauswahl")
    MATRIX = "matrix", _("Likert-Matrix")
    RANKING = "ranking", _("Rangfolge")
    NUMBER = "number", _("Zahl")
    YESNO = "yesno", _("Ja/Nein")
    SHORT_TEXT = "short_text", _("Kurzer Text")
    LONG_TEXT = "long_text", _("Langer Text")
    MUNICIPALITY = "municipality", _("Kommune der Region")
    FIELD = "field", _("Handlungsfelder")


# Types whose answer is one option id.
SINGLE_TYPES = {QuestionType.SINGLE, QuestionType.YESNO, QuestionType.MUNICIPALITY}
# Types whose answer is a list of option ids.
LIST_TYPES = {QuestionType.MULTIPLE, QuestionType.FIELD, QuestionType.RANKING}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}
OPTION_TYPES = SINGLE_TYPES | LIST_TYPES | {QuestionType.MATRIX}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.PositiveSmallIntegerField(
        _("Seite"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    type = models.CharField(_("Art"), max_length=20, choices=QuestionType.choices)
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.CharField(_("Hilfetext"), max_length=500, blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    max_choices = models.PositiveSmallIntegerField(
        _("Höchstens so viele Antworten"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    min_value = models.IntegerField(_("Kleinster Wert"), null=True, blank=True)
    max_value = models.IntegerField(_("Größter Wert"), null=True, blank=True)
    show_if_option = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Nur zeigen, wenn zuvor geantwortet"),
    )

    class Meta:
        ordering = ["page", "order", "pk"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")

    def __str__(self) -> str:
        return self.text

    @property
    def text_limit(self) -> int:
        return TEXT_LIMIT_LONG if self.type == QuestionType.LONG_TEXT else TEXT_LIMIT_SHORT


class Option(models.Model):
    """A choice of a question; for a matrix also its rows (``is_row``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("Antwort"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    is_row = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One finished answer. Nothing in it identifies the person who gave it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    day = models.DateField()
    duration_minutes = models.PositiveIntegerField(null=True)
    answers = models.JSONField(default=dict)
    # A random value from the form (or the API caller) that makes a double submission harmless.
    submission_key = models.CharField(max_length=64, null=True, unique=True)
    # False until the running tallies include this answer.
    tallied = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["survey", "id"], condition=models.Q(tallied=False), name="survey_response_untallied"
            )
        ]

    def __str__(self) -> str:
        return f"Antwort {self.pk}"


class TextAnswerStatus(models.TextChoices):
    PENDING = "pending", _("zu prüfen")
    SHOWN = "shown", _("freigegeben")
    HIDDEN = "hidden", _("verborgen")


class TextAnswer(models.Model):
    """A free-text answer, moderated before it shows in the results (to remove personal data)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="text_answers")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="text_answers")
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=TextAnswerStatus.choices, default=TextAnswerStatus.PENDING
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Draft(models.Model):
    """A half-finished answer, reachable by its random resume token.

    When it is finished it is emptied (no answers, no access code, the start only as a day) and
    kept as a receipt, so that its last page sent again (a double click, a reload) leads to the
    thank-you page instead of storing the answer twice or failing."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    token = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(default=minute_now)
    access_code = models.ForeignKey("AccessCode", on_delete=models.SET_NULL, null=True, related_name="+")
    finished = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Entwurf {self.pk}"


class AccessCode(models.Model):
    """A one-time code for a closed group; only whether it was used is kept, not by which answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="access_codes")
    code = models.CharField(max_length=20)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"],
                name="access_code_per_survey",
                violation_error_message=_("Diesen Zugangscode gibt es für diese Umfrage schon."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class Tally(models.Model):
    """A running count: per question and key (an option id, ``row:option``, ``option@rank``, a number).

    Rows with question 0 hold survey-wide figures: ``day:YYYY-MM-DD`` and ``minutes:N``.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    question_id = models.IntegerField(default=0)  # 0: survey-wide figures
    key = models.CharField(max_length=40)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_id", "key"],
                name="tally_key",
                violation_error_message=_("Diese Antwort ist für diese Frage schon gezählt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.key}={self.count}"


class TallyState(models.Model):
    """How many answers the tallies of a survey include; its row serialises the tallying."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="tally_state")
    response_count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.response_count}"
