"""The event pages: list, feed, event page with registration, participant's page, coordinator pages."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from openpyxl import load_workbook

from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.strategy.models import Phase

pytestmark = pytest.mark.django_db


def _url(name: str, event: Event | None = None, **kwargs: Any) -> str:
    region_slug = kwargs.pop("region_slug", None) or (event.region.slug if event else "kreis-steinfurt")
    without_event = ("events:list", "events:feed", "events:registration", "events:confirm", "events:manage")
    if event is not None and "event_id" not in kwargs and name not in without_event:
        kwargs["event_id"] = event.pk
    return reverse(name, kwargs={"region_slug": region_slug, **kwargs})


def _form(**extra: str) -> dict[str, str]:
    return {"name": "Anna Beispiel", "email": "anna@example.org", **extra}


def test_list_shows_upcoming_events_and_links_the_feed(client: Client, event: Event) -> None:
    response = client.get(_url("events:list", event))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Workshop Mobilität" in page
    assert _url("events:feed", event) in page


def test_list_cards_say_seats_attendance_and_time_in_the_visitors_language(
    client: Client, make_event: Callable[..., Event], sign_up: Callable[..., Registration]
) -> None:
    half_full = make_event(title="Halb voll", capacity=2)
    full = make_event(title="Voll", capacity=1)
    make_event(title="Ohne Grenze", capacity=None)
    counted = make_event(title="Gezählt")
    uncounted = make_event(title="Nicht gezählt")
    sign_up(half_full)
    sign_up(full)
    Registration.objects.update(address_confirmed_at=timezone.now())
    past = timezone.now() - datetime.timedelta(days=3)
    Event.objects.filter(pk__in=[counted.pk, uncounted.pk]).update(
        start=past, end=past + datetime.timedelta(hours=2), registration_deadline=None
    )
    Event.objects.filter(pk=counted.pk).update(attendance_count=30)

    def cards() -> dict[str, str]:
        page = client.get(_url("events:list")).content.decode()
        found = re.findall(r'">([^<]+)</a></h3>.*?kern-card__footer">\s*<p[^>]*>([^<]*)</p>', page, re.S)
        return dict(found)

    assert cards() == {
        "Halb voll": "1 von 2 Plätzen frei",
        "Voll": "Ausgebucht – Anmeldung auf die Warteliste",
        "Ohne Grenze": "Plätze frei",
        "Gezählt": "30 Teilnehmende",
        "Nicht gezählt": "",
    }
    german = client.get(_url("events:list")).content.decode()
    client.get("/sprache/en/")
    english = client.get(_url("events:list")).content.decode()
    assert cards()["Halb voll"] == "1 of 2 places free"
    assert cards()["Gezählt"] == "30 participants"
    # Dates are kept per process, by language: each language gets its own day and month names.
    start = timezone.localtime(half_full.start)
    for language, page in (("de", german), ("en", english)):
        with translation.override(language):
            assert dateformat.format(start, "D, j. F Y, H:i") in page
    with translation.override("en"):
        assert dateformat.format(start, "D, j. F") not in german


def test_list_hides_invitation_only_events_from_the_public(
    client: Client, make_event: Callable[..., Event]
) -> None:
    make_event(title="Lenkungsausschuss", visibility="invitation")
    assert "Lenkungsausschuss" not in client.get(_url("events:list")).content.decode()


def test_feed_is_a_valid_calendar(client: Client, make_event: Callable[..., Event]) -> None:
    make_event(title="Erster Termin")
    make_event(title="Zweiter Termin", online_url="https://konferenz.example/raum", place="", address="")
    make_event(title="Geheim", visibility="invitation")
    response = client.get("/r/kreis-steinfurt/termine.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Erster Termin", "Zweiter Termin"]
    assert "konferenz.example" not in response.content.decode()  # the link only for participants
    assert all("UID" in e and "DTSTAMP" in e for e in calendar.walk("VEVENT"))


def test_event_page_offers_its_calendar_file(client: Client, event: Event) -> None:
    page = client.get(_url("events:detail", event)).content.decode()
    assert _url("events:ics", event) in page
    response = client.get(_url("events:ics", event))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Workshop Mobilität"


def test_citizen_registers_cancels_by_link_and_the_next_moves_up(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(capacity=1, conditions="Es gilt die 3G-Regel.", questions=["Aus welcher Kommune?"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("events:detail", event),
            _form(accept_conditions="on", frage_0="Greven", accessibility_needs=""),
        )
    anna = Registration.objects.get(email="anna@example.org")
    assert response.status_code == 302
    assert response["Location"] == _url("events:registration", event, token=anna.token)
    assert anna.answers == {"Aus welcher Kommune?": "Greven"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("events:detail", event), _form(name="Ben", email="ben@example.org", accept_conditions="on")
        )
    ben = Registration.objects.get(email="ben@example.org")
    assert ben.status == RegistrationStatus.WAITLISTED

    confirmation = mail.outbox[0]
    icalendar.Calendar.from_ical(confirmation.attachments[0][1])
    link = re.search(r"http://\S+/termine/anmeldung/\S+/", confirmation.body)
    assert link is not None
    path = link.group(0).split("127.0.0.1:8000", 1)[1]
    assert "Anmeldung absagen" in client.get(path).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    anna.refresh_from_db()
    ben.refresh_from_db()
    assert anna.status == RegistrationStatus.CANCELLED
    assert ben.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_form(email="kein-at-zeichen"), "gültige E-Mail-Adresse"),
        (_form(name=""), "Dieses Feld ist zwingend erforderlich."),
        (_form(), "Teilnahmebedingungen"),
    ],
)
def test_bad_registration_form_shows_german_errors(
    client: Client, make_event: Callable[..., Event], data: dict[str, str], message: str
) -> None:
    event = make_event(conditions="Es gilt die 3G-Regel.")
    response = client.post(_url("events:detail", event), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_after_the_deadline_is_refused(client: Client, make_event: Callable[..., Event]) -> None:
    from django.utils import timezone

    event = make_event(registration_deadline=timezone.now() - timezone.timedelta(minutes=5))
    page = client.get(_url("events:detail", event)).content.decode()
    assert "Die Anmeldung ist geschlossen." in page
    response = client.post(_url("events:detail", event), _form())
    assert "Der Anmeldeschluss ist vorbei" in response.content.decode()
    assert Registration.objects.count() == 0


def test_duplicate_registration_by_form(
    client: Client, event: Event, sign_up: Callable[..., Registration]
) -> None:
    sign_up(event)
    response = client.post(_url("events:detail", event), _form())
    assert "schon angemeldet" in response.content.decode()
    assert Registration.objects.count() == 1


def test_other_regions_event_and_forged_ids_are_404(client: Client, event: Event, coesfeld: Any) -> None:
    assert client.get(_url("events:detail", event, region_slug="kreis-coesfeld")).status_code == 404
    assert client.post(_url("events:detail", event, region_slug="kreis-coesfeld"), _form()).status_code == 404
    assert client.get(_url("events:detail", event_id=999999)).status_code == 404
    assert client.get(_url("events:registration", token="gefaelscht")).status_code == 404
    assert client.post(_url("events:registration", token="gefaelscht")).status_code == 404
    assert client.get("/r/kreis-steinfurt/termine/anmeldung/%00x/").status_code == 404
    assert Registration.objects.count() == 0


def test_invitation_only_event_needs_the_key(
    client: Client, make_event: Callable[..., Event], coordinator: Any, login: Callable[..., Client]
) -> None:
    event = make_event(visibility="invitation")
    assert (
        f"?einladung={event.invitation_key}"
        in login(coordinator).get(_url("events:detail", event)).content.decode()
    )
    assert client.get(_url("events:detail", event)).status_code == 404
    url = _url("events:detail", event) + f"?einladung={event.invitation_key}"
    assert client.get(url).status_code == 200
    response = client.post(url, {**_form(), "einladung": event.invitation_key})
    assert response.status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_cancellation_link_of_another_region_is_404(
    client: Client, event: Event, coesfeld: Any, sign_up: Callable[..., Registration]
) -> None:
    anna = sign_up(event)
    assert (
        client.post(_url("events:registration", region_slug="kreis-coesfeld", token=anna.token)).status_code
        == 404
    )
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_confirm_page_confirms_only_on_post(
    client: Client, make_event: Callable[..., Event], sign_up: Callable[..., Registration]
) -> None:
    event = make_event(double_opt_in=True)
    anna = sign_up(event)
    found = re.search(r"http://\S+(/r/\S+/bestaetigen/\S+/)", mail.outbox[0].body)
    assert found is not None
    url = found.group(1)
    assert client.get(url).status_code == 200
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.PENDING
    client.post(url)
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_online_link_only_for_confirmed(
    client: Client, make_event: Callable[..., Event], sign_up: Callable[..., Registration]
) -> None:
    event = make_event(online_url="https://konferenz.example/raum", place="", address="", capacity=1)
    assert "konferenz.example" not in client.get(_url("events:detail", event)).content.decode()
    anna = sign_up(event)
    ben = sign_up(event, "Ben", "ben@example.org")
    assert (
        "konferenz.example"
        in client.get(_url("events:registration", event, token=anna.token)).content.decode()
    )
    assert (
        "konferenz.example"
        not in client.get(_url("events:registration", event, token=ben.token)).content.decode()
    )


# Coordinator pages


def test_coordinator_pages_need_the_coordinator(
    client: Client, event: Event, reader: Any, coesfeld_coordinator: Any, login: Callable[..., Client]
) -> None:
    urls = [
        _url("events:participants", event),
        _url("events:check_in", event),
        _url("events:export_csv", event),
        _url("events:edit", event),
        _url("events:manage"),
        _url("events:create"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login
        assert login(reader).get(url).status_code == 403
        assert login(coesfeld_coordinator).get(url).status_code == 403


def test_participants_search_add_cancel_and_exports(
    event: Event, coordinator: Any, login: Callable[..., Client], sign_up: Callable[..., Registration]
) -> None:
    client = login(coordinator)
    anna = sign_up(event)
    sign_up(event, "Ben Sommer", "ben@example.org")
    page = client.get(_url("events:participants", event), {"q": "somm"}).content.decode()
    assert "Ben Sommer" in page
    assert "Anna Beispiel" not in page
    response = client.post(
        _url("events:participants", event), {"neu-name": "Cem Telefon", "neu-email": "cem@example.org"}
    )
    assert response.status_code == 302
    assert Registration.objects.get(email="cem@example.org").status == RegistrationStatus.WAITLISTED
    response = client.post(
        _url("events:participants", event), {"neu-name": "Cem", "neu-email": "cem@example.org"}
    )
    assert "schon angemeldet" in response.content.decode()
    cancel = _url("events:cancel_participant", event, registration_id=anna.pk)
    asked = client.get(cancel).content.decode()
    assert "Anmeldung von Anna Beispiel absagen?" in asked
    assert "Den Platz bekommt sofort die nächste Person auf der Warteliste" in asked
    client.post(cancel)  # one click cancels nothing
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.CONFIRMED
    client.post(cancel, {"bestaetigt": "1"})
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(email="cem@example.org").status == RegistrationStatus.CONFIRMED

    csv_response = client.get(_url("events:export_csv", event))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Name", "E-Mail-Adresse"]
    assert {row[1] for row in rows[1:]} == {"Ben Sommer", "Cem Telefon"}
    workbook = load_workbook(io.BytesIO(client.get(_url("events:export_xlsx", event)).content))
    assert workbook.active["B2"].value == "Ben Sommer"
    pdf = client.get(_url("events:export_pdf", event))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_export_defuses_formulas(
    event: Event, coordinator: Any, login: Callable[..., Client], sign_up: Callable[..., Registration]
) -> None:
    sign_up(event, '=HYPERLINK("http://böse.example")', "anna@example.org")
    content = login(coordinator).get(_url("events:export_csv", event)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


def test_participants_of_another_regions_event_are_404(
    event: Event,
    coesfeld_coordinator: Any,
    login: Callable[..., Client],
    sign_up: Callable[..., Registration],
) -> None:
    anna = sign_up(event)
    client = login(coesfeld_coordinator)
    assert client.get(_url("events:participants", event, region_slug="kreis-coesfeld")).status_code == 404
    url = _url("events:cancel_participant", event, region_slug="kreis-coesfeld", registration_id=anna.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"bestaetigt": "1"}).status_code == 404
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_check_in_without_javascript_and_with_htmx(
    event: Event, coordinator: Any, login: Callable[..., Client], sign_up: Callable[..., Registration]
) -> None:
    client = login(coordinator)
    anna = sign_up(event)
    ben = sign_up(event, "Ben", "ben@example.org")
    page = client.get(_url("events:check_in", event), {"q": "ann"}).content.decode()
    assert "Anna Beispiel" in page
    assert ">Ben<" not in page
    response = client.post(_url("events:check_in_toggle", event, registration_id=anna.pk), {"q": "ann"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{anna.pk}")
    response = client.post(
        _url("events:check_in_toggle", event, registration_id=ben.pk), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="person-{ben.pk}"' in fragment
    assert "2 Personen eingelassen" in fragment
    assert 'hx-swap-oob="true"' in fragment
    event.refresh_from_db()
    assert event.attendance_count == 2
    results = client.get(
        _url("events:check_in", event), {"q": "ben", "nur": "liste"}, headers={"HX-Request": "true"}
    )
    assert results.content.decode().startswith('<div id="check-in-results">')


def test_coordinator_creates_and_edits_an_event(
    coordinator: Any, login: Callable[..., Client], mobility: Any, phase: Phase
) -> None:
    client = login(coordinator)
    data = {
        "kind": "workshop",
        "title": "Workshop Mobilität",
        "start": "2030-03-05T18:00",
        "end": "2030-03-05T20:00",
        "place": "Kreishaus",
        "fields": [mobility.pk],
        "phase": phase.pk,
        "capacity": "30",
        "visibility": "public",
        "registration_enabled": "on",
        "questions_text": "Aus welcher Kommune kommen Sie?\n\n",
        "confirmation_hours": "48",
        "reminder_hours": "24",
        "retention_days": "90",
    }
    response = client.post(_url("events:create"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.questions == ["Aus welcher Kommune kommen Sie?"]
    assert list(event.fields.all()) == [mobility]
    response = client.post(_url("events:edit", event), {**data, "end": "2030-03-05T17:00"})
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    client.post(_url("events:edit", event), {**data, "attendance_count": "30"})
    event.refresh_from_db()
    assert event.attendance_count == 30


def test_attendance_shows_in_the_strategy_timeline(
    client: Client, make_event: Callable[..., Event], phase: Phase
) -> None:
    make_event(title="Workshop Mobilität", phase=phase, attendance_count=30)
    page = client.get(
        reverse("strategy:overview", kwargs={"region_slug": "kreis-steinfurt"})
    ).content.decode()
    assert "Workshop Mobilität" in page
    assert "30 Teilnehmende" in page


def test_list_has_bounded_queries(
    client: Client, make_event: Callable[..., Event], django_assert_max_num_queries: Any
) -> None:
    for number in range(15):
        make_event(title=f"Termin {number}")
    with django_assert_max_num_queries(12):
        assert client.get(_url("events:list")).status_code == 200
