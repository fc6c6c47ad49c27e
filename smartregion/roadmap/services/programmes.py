"""The funding programme catalogue every region shares, and reminders before its deadlines.

A coordinator of any region adds a programme; the coordinators of the region that added it
change it. Before each deadline (``settings.FUNDING_REMINDER_DAYS``), the project leads and
coordinators of every project that plans an application to the programme get one e-mail per
deadline and project (``DeadlineReminder`` keeps it from being sent twice).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Membership, Role
from smartregion.core.mail import send_mass_mail
from smartregion.core.models import record_event
from smartregion.regions.models import FederalState, Region
from smartregion.roadmap.models import (
    DeadlineReminder,
    FundingProgramme,
    FundingSource,
    ProgrammeDeadline,
    SourceKind,
    SourceStatus,
    plan_url,
)

PROGRAMME_FIELDS = (
    "name",
    "funder",
    "url",
    "funding_rate",
    "description",
    "eligible",
    "keywords",
    "federal_states",
)


def _programme_errors(data: dict[str, Any], programme: FundingProgramme | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = _("Bitte geben Sie den Namen des Programms an.")
    elif _name_taken(name, programme):
        errors["name"] = _("Ein Programm mit diesem Namen steht schon im Katalog.")
    if not str(data.get("funder") or "").strip():
        errors["funder"] = _("Bitte geben Sie den Fördergeber an.")
    rate = data.get("funding_rate")
    if rate is not None and (not isinstance(rate, Decimal) or not Decimal(0) <= rate <= 100):
        errors["funding_rate"] = _("Die Förderquote muss zwischen 0 und 100 Prozent liegen.")
    if any(state not in FederalState.values for state in data.get("federal_states", [])):
        errors["federal_states"] = _("Bitte wählen Sie Bundesländer aus der Liste.")
    return errors


def _name_taken(name: str, programme: FundingProgramme | None) -> bool:
    others = FundingProgramme.objects.filter(name__iexact=name)
    if programme is not None:
        others = others.exclude(pk=programme.pk)
    return others.exists()


def _deadline_error(date: Any, today: datetime.date) -> str:
    if not isinstance(date, datetime.date):
        return _("Bitte geben Sie die Frist als Datum an.")
    if date < today:
        return _("Die Frist %(date)s liegt in der Vergangenheit.") % {"date": date.strftime("%d.%m.%Y")}
    return ""


@transaction.atomic
def save_programme(
    *,
    region: Region,
    actor: Any,
    data: dict[str, Any],
    deadlines: Iterable[tuple[datetime.date, str]] = (),
    programme: FundingProgramme | None = None,
) -> FundingProgramme:
    """Add a programme to the catalogue (with its deadlines, none in the past) or change one."""
    today = timezone.localdate()
    deadlines = list(deadlines)
    errors = _programme_errors(data, programme)
    deadline_errors = [error for date, _label in deadlines if (error := _deadline_error(date, today))]
    if deadline_errors:
        errors["deadlines"] = deadline_errors[0]
    if errors:
        raise ValidationError(errors)
    created = programme is None
    if programme is None:
        programme = FundingProgramme(added_by_region=region)
    for name in PROGRAMME_FIELDS:
        value = data.get(name, {"federal_states": [], "funding_rate": None}.get(name, ""))
        setattr(programme, name, value.strip() if isinstance(value, str) else value)
    programme.save()
    for date, label in deadlines:
        ProgrammeDeadline.objects.update_or_create(
            programme=programme, date=date, defaults={"label": label.strip()[:200]}
        )
    record_event(
        action="programme.created" if created else "programme.changed",
        obj=programme,
        actor=actor,
        region=region,
        details={"name": programme.name},
    )
    _schedule(programme)
    return programme


@transaction.atomic
def add_deadline(
    *, programme: FundingProgramme, actor: Any, region: Region, date: Any, label: str = ""
) -> ProgrammeDeadline:
    error = _deadline_error(date, timezone.localdate())
    if error:
        raise ValidationError({"date": error})
    try:
        with transaction.atomic():
            deadline = ProgrammeDeadline.objects.create(
                programme=programme, date=date, label=label.strip()[:200]
            )
    except IntegrityError:
        raise ValidationError({"date": _("Für diesen Tag ist schon eine Frist eingetragen.")}) from None
    record_event(
        action="programme.deadline_added",
        obj=programme,
        actor=actor,
        region=region,
        details={"date": date.isoformat()},
    )
    _schedule(programme)
    return deadline


def _schedule(programme: FundingProgramme) -> None:
    from smartregion.roadmap.tasks import schedule_reminders

    schedule_reminders(programme.pk)


# Reminders -------------------------------------------------------------------------------


def sources_to_remind(today: datetime.date) -> list[tuple[ProgrammeDeadline, FundingSource]]:
    """Planned applications whose programme has a deadline within the reminder period and for
    which no reminder went out yet; one per deadline and project."""
    until = today + datetime.timedelta(days=settings.FUNDING_REMINDER_DAYS)
    deadlines = ProgrammeDeadline.objects.filter(date__gte=today, date__lte=until).select_related("programme")
    pairs: dict[tuple[int, int], tuple[ProgrammeDeadline, FundingSource]] = {}
    for deadline in deadlines:
        sources = (
            FundingSource.objects.with_scopes_disabled()
            .filter(programme=deadline.programme, kind=SourceKind.PROGRAMME, status=SourceStatus.PLANNED)
            .exclude(project__deadline_reminders__deadline=deadline)
            .select_related("project__region", "project__lead_organisation")
        )
        for source in sources:
            pairs.setdefault((deadline.pk, source.project_id), (deadline, source))
    return list(pairs.values())


def _recipients(source: FundingSource) -> list[str]:
    project = source.project
    people = Membership.objects.filter(region=project.region, role=Role.COORDINATOR)
    if project.lead_organisation_id is not None:
        people = people | Membership.objects.filter(
            region=project.region, role=Role.PROJECT_LEAD, organisation_id=project.lead_organisation_id
        )
    return sorted(set(people.filter(user__is_active=True).values_list("user__email", flat=True)))


def send_reminders(*, today: datetime.date) -> int:
    """E-mail the project leads and coordinators of every planned application due soon; returns
    the e-mails sent. Each deadline and project is reminded once, however often this runs."""
    sent = 0
    for deadline, source in sources_to_remind(today):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reminder = DeadlineReminder.objects.create(deadline=deadline, project=source.project)
            except IntegrityError:
                continue  # another worker got there first
            recipients = _recipients(source)
            project = source.project
            context = {
                "project": project,
                "programme": deadline.programme,
                "deadline": deadline,
                "days": (deadline.date - today).days,
                "link": settings.SITE_URL + plan_url(project),
            }
            subject = _("Frist am %(date)s: %(programme)s für „%(project)s“") % {
                "date": deadline.date.strftime("%d.%m.%Y"),
                "programme": deadline.programme.name,
                "project": project.title,
            }
            body = render_to_string("roadmap/email/deadline_reminder.txt", context)
            messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
            if messages:
                send_mass_mail(messages, fail_silently=False)
            reminder.recipients = len(messages)
            reminder.save(update_fields=["recipients"])
            record_event(
                action="programme.reminded",
                obj=project,
                actor=None,
                region=project.region,
                details={
                    "programme": deadline.programme_id,
                    "deadline": deadline.date.isoformat(),
                    "sent": len(messages),
                },
            )
            sent += len(messages)
    return sent
