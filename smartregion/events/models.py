"""Events (Veranstaltungen) of a region and the registrations for them.

A registration holds a seat while it is ``pending`` (waiting for the address to be confirmed) or
``confirmed``; beyond the capacity it goes on the waiting list. The order of the waiting list is
the order of arrival, which is the primary key: registrations of one event are written one after
the other under a lock on the event row (see services.register).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Phase


def new_token() -> str:
    return secrets.token_urlsafe(24)


def secret_hash(secret: str) -> str:
    """The stored form of a mailed secret. A plain SHA-256 suffices: the secrets are random, not
    chosen by people, so there is nothing to guess that a slow hash would protect."""
    return hashlib.sha256(secret.encode()).hexdigest()


class EventKind(models.TextChoices):
    KICKOFF = "kickoff", _("Auftaktveranstaltung")
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Sitzung")
    INFORMATION = "information", _("Informationsveranstaltung")


_KIND_LABELS = dict(EventKind.choices)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Öffentlich")
    INVITATION = "invitation", _("Nur mit Einladung")


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)

    def with_counts(self, *, public: bool = False) -> EventQuerySet:
        """Annotate ``seats_taken`` and ``waitlist_size``. The ``public`` counts leave out
        registrations whose address is not yet confirmed: anyone can make one for any address, so
        counting them would tell a stranger whether a registration request for an address was new
        (an address already registered is not registered again; see services.register)."""
        seats_taken, waitlist_size = _counts(public)
        return self.annotate(seats_taken=seats_taken, waitlist_size=waitlist_size)


@functools.cache
def _counts(public: bool) -> tuple[Coalesce, Coalesce]:
    """The subqueries counting seats and the waiting list, built once per process (``annotate``
    resolves a copy of them for each query)."""
    seats = Q(status__in=SEAT_HOLDING)
    waiting = Q(status=RegistrationStatus.WAITLISTED)
    if public:
        confirmed = Q(address_confirmed_at__isnull=False)
        seats, waiting = seats & confirmed, waiting & confirmed
    # Subqueries, not a join with GROUP BY: a list page counts for its twenty rows only (PostgreSQL
    # works them out after ORDER BY … LIMIT), and the list's total needs no grouping.
    return _registrations(seats), _registrations(waiting)


def _registrations(condition: Q) -> Coalesce:
    counted = (
        Registration.objects.filter(condition, event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


EventManager = RegionScopedManager.from_queryset(EventQuerySet)


@functools.lru_cache(maxsize=4096)
def _events_url(region_slug: str, script_prefix: str) -> str:
    """The address of a region's event list, under which its events' pages lie."""
    return reverse("events:list", kwargs={"region_slug": region_slug})


class When(NamedTuple):
    start_iso: str
    start: str
    end_iso: str
    end: str


@functools.lru_cache(maxsize=4096)
def _when(start: datetime, end: datetime, zone: tzinfo, language: str | None) -> When:
    """Start and end as shown in ``zone`` and ``language``. Kept per process: a list shows the same
    events again and again, and each date costs a dozen translated names to format."""
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    end_format = "H:i" if start.date() == end.date() else "j. F Y, H:i"
    return When(
        start_iso=start.isoformat(),
        start=dateformat.format(start, "D, j. F Y, H:i"),
        end_iso=end.isoformat(),
        end=dateformat.format(end, end_format),
    )


class Event(FieldConstraintsModel):
    """A workshop, kick-off, meeting or information event of a region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Art"), max_length=20, choices=EventKind.choices, default=EventKind.WORKSHOP)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=10000)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200, blank=True, help_text=_("z. B. Name des Gebäudes"))
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    online_url = models.URLField(
        _("Link zur Online-Veranstaltung"),
        blank=True,
        help_text=_("Nur bestätigte Teilnehmende sehen den Link."),
    )
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), related_name="events", blank=True
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("Phase des Strategieprozesses"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen, wenn die Zahl der Plätze offen ist.")
    )
    registration_opens = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    registration_enabled = models.BooleanField(_("Anmeldung über die Plattform"), default=True)
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    invitation_key = models.CharField(max_length=64, default=new_token, editable=False)
    conditions = models.TextField(
        _("Teilnahmebedingungen"),
        blank=True,
        max_length=2000,
        help_text=_("Was Teilnehmende akzeptieren müssen, z. B. eine Zugangsregel."),
    )
    questions = models.JSONField(_("Fragen bei der Anmeldung"), default=list, blank=True)
    ask_accessibility = models.BooleanField(_("Nach Bedarf an Barrierefreiheit fragen"), default=True)
    double_opt_in = models.BooleanField(
        _("Anmeldung per E-Mail-Link bestätigen lassen"),
        default=False,
        help_text=_("Nicht bestätigte Plätze werden nach der Haltefrist wieder frei."),
    )
    confirmation_hours = models.PositiveIntegerField(
        _("Haltefrist für unbestätigte Plätze (Stunden)"), default=48
    )
    reminder_hours = models.PositiveIntegerField(_("Erinnerung vor Beginn (Stunden)"), default=24)
    retention_days = models.PositiveIntegerField(_("Personenbezogene Daten löschen nach (Tagen)"), default=90)
    attendance_count = models.PositiveIntegerField(_("Teilnehmende (gezählt)"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventManager()
    constraint_fields = {"ends_before_start": "end"}

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["region", "start", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="event_ends_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
                violation_error_code="ends_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{_events_url(self.region.slug, get_script_prefix())}{self.pk}/"

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        """The kind's label; Django's own builds the dict of choices anew on every call, and a
        list calls this once per card."""
        return str(_KIND_LABELS.get(self.kind, self.kind))

    @cached_property
    def when(self) -> When:
        """Start and end as shown (local time; the end's date only when it is another day)."""
        return _when(self.start, self.end, timezone.get_current_timezone(), translation.get_language())

    @cached_property
    def availability(self) -> str:
        """What a list says about taking part: the attendance once the event is over (empty when it
        was not counted), else the free seats or that it is booked out. Uses the ``with_counts``
        annotation when it is there."""
        if self.end < timezone.now():
            if self.attendance_count is None:
                return ""
            return ngettext("%(count)d Teilnehmende:r", "%(count)d Teilnehmende", self.attendance_count) % {
                "count": self.attendance_count
            }
        seats_left = self.seats_left
        if seats_left is None:
            return gettext("Plätze frei")
        if seats_left == 0:
            return gettext("Ausgebucht – Anmeldung auf die Warteliste")
        return gettext("%(free)s von %(total)s Plätzen frei") % {"free": seats_left, "total": self.capacity}

    @property
    def seats_left(self) -> int | None:
        """Free seats (None: no limit); uses the ``with_counts`` annotation when it is there."""
        if self.capacity is None:
            return None
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(status__in=SEAT_HOLDING).count()
        return max(self.capacity - int(taken), 0)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.address


class RegistrationStatus(models.TextChoices):
    PENDING = "pending_confirmation", _("Wartet auf Bestätigung")
    CONFIRMED = "confirmed", _("Bestätigt")
    WAITLISTED = "waitlisted", _("Warteliste")
    CANCELLED = "cancelled", _("Abgesagt")
    EXPIRED = "expired", _("Verfallen")


SEAT_HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED)
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class Registration(FieldConstraintsModel):
    constraint_fields = {"address_registered": "email"}

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    answers = models.JSONField(_("Antworten"), default=dict, blank=True)
    accessibility_needs = models.TextField(_("Bedarf an Barrierefreiheit"), blank=True, max_length=1000)
    status = models.CharField(_("Status"), max_length=24, choices=RegistrationStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The management link (token) is shown to whoever registers; confirming the address needs a
    # second secret that only the mail to the address carries, stored here as a hash.
    confirm_secret_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    address_confirmed_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("Eingelassen"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now=True)
    anonymised = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["pk"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            # One active registration per address and event; a cancelled one may register again.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="registration_once_per_address",
                violation_error_message=_("Mit dieser E-Mail-Adresse ist schon jemand angemeldet."),
                violation_error_code="address_registered",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Anonymisiert"))

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    def manage_url(self) -> str:
        return reverse(
            "events:registration", kwargs={"region_slug": self.event.region.slug, "token": self.token}
        )

    def confirms(self, secret: str) -> bool:
        """Whether ``secret`` is the one last mailed for confirming the address."""
        return bool(self.confirm_secret_hash) and hmac.compare_digest(
            self.confirm_secret_hash, secret_hash(secret)
        )

    def answer_list(self) -> list[tuple[str, Any]]:
        return [(q, self.answers.get(q, "")) for q in self.event.questions]
