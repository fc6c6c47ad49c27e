"""Reads of members and invitations of a region, and of what is held about a person."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartregion.accounts.models import ApiToken, Invitation, Membership, User
from smartregion.core import modules
from smartregion.core.models import AuditEvent
from smartregion.core.modules import DashboardItem, PersonalExport
from smartregion.core.selectors import action_label, object_type_label
from smartregion.regions.models import AfterAccountDeletion, LegalDetails, Region


def members_of(region: Region) -> QuerySet[Membership]:
    """A region's memberships with person, municipality and organisation (one query)."""
    return Membership.objects.in_region(region).with_people().order_by("user__name", "user__email")


def roles_of(region: Region, user: User) -> QuerySet[Membership]:
    """Every role a person holds in the region, with municipality and organisation."""
    return Membership.objects.filter(region=region, user=user).with_people().order_by("pk")


def open_invitations_of(region: Region) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(region=region, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("municipality", "organisation")
        .order_by("email")
    )


def open_invitations_for(person: User) -> QuerySet[Invitation]:
    """Open invitations addressed to the person's own e-mail address, in any region, the one that
    expires first first (one query). Accepting one is what turns it into a role."""
    return (
        Invitation.objects.filter(
            email__iexact=person.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("region", "municipality", "organisation")
        .order_by("expires_at", "pk")
    )


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """For those who manage the region's members (module registry): invitations sent and not yet
    accepted while they can still be, due by the first to expire. One query."""
    if not user.has_perm("accounts.manage_members", region):
        return []
    found = open_invitations_of(region).order_by().aggregate(count=Count("pk"), first=Min("expires_at"))
    return [
        DashboardItem(
            _("Einladungen, die noch nicht angenommen wurden"),
            found["count"],
            reverse("accounts:members", kwargs={"region_slug": region.slug}) + "#invitations-heading",
            due=timezone.localdate(found["first"]) if found["first"] else None,
        )
    ]


@dataclass(frozen=True)
class HeldData:
    """What the platform holds about one person ("Meine Daten")."""

    addresses: list[EmailAddress]
    memberships: list[Membership]
    invitations: list[Invitation]
    authenticators: list[str]
    modules: list[modules.PersonalData]


def held_data(person: User) -> HeldData:
    """The person's account, addresses, roles, open invitations, second factors and what every module
    holds about them; the modules look up records made without an account by the addresses the
    person confirmed. A bounded number of queries, whatever the person did."""
    addresses = list(EmailAddress.objects.filter(user=person).order_by("-primary", "email"))
    # As stored and in lower case: addresses are compared exactly by the modules' queries.
    verified = [address.email for address in addresses if address.verified]
    confirmed = frozenset(verified) | frozenset(email.lower() for email in verified)
    memberships = list(
        Membership.objects.filter(user=person)
        .with_people()
        .select_related("region")
        .order_by("region__name", "pk")
    )
    kinds = set(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    authenticators = [str(kind.label) for kind in Authenticator.Type if kind in kinds]
    return HeldData(
        addresses=addresses,
        memberships=memberships,
        invitations=list(open_invitations_for(person)),
        authenticators=authenticators,
        modules=modules.personal_data(person, confirmed),
    )


def confirmed_addresses(person: User) -> frozenset[str]:
    """The addresses the person confirmed, as stored and in lower case (the modules compare exactly)."""
    verified = list(EmailAddress.objects.filter(user=person, verified=True).values_list("email", flat=True))
    return frozenset(verified) | frozenset(email.lower() for email in verified)


@dataclass(frozen=True)
class Disclosure:
    """Everything held about one person, in full (Art. 15 and 20 DSGVO): the download of "Meine Daten"."""

    person: User
    made_at: Any
    sections: list[PersonalExport]
    notes: list[str]

    def as_json(self) -> dict[str, Any]:
        """Machine-readable: stable keys, times in ISO 8601, labels beside them for people."""
        return {
            "erstellt_am": self.made_at.isoformat(),
            "person": self.person.email,
            "abschnitte": [
                {
                    "schluessel": section.key,
                    "bezeichnung": section.label,
                    "felder": dict(section.fields),
                    "eintraege": [_plain(row) for row in section.rows],
                }
                for section in self.sections
            ],
            "hinweise": self.notes,
        }

    def readable(self) -> list[tuple[PersonalExport, list[list[tuple[str, str]]]]]:
        """For people (the PDF): each section with its rows as (label, text) pairs, empty fields left out."""
        return [
            (
                section,
                [
                    [
                        (label, _readable(row.get(key)))
                        for key, label in section.fields
                        if _readable(row.get(key))
                    ]
                    for row in section.rows
                ],
            )
            for section in self.sections
        ]


def _readable(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(_("ja") if value else _("nein"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return "; ".join(_readable(item) for item in value)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _account_sections(person: User, held: HeldData) -> list[PersonalExport]:
    tokens = ApiToken.objects.filter(created_by=person).select_related("region").order_by("created_at", "pk")
    audit = AuditEvent.objects.filter(actor=person).select_related("region").order_by("created_at", "pk")
    return [
        PersonalExport(
            "konto",
            _("Konto"),
            (
                ("name", _("Name")),
                ("e_mail", _("E-Mail-Adresse")),
                ("angelegt", _("Konto angelegt am")),
                ("zuletzt_angemeldet", _("Zuletzt angemeldet")),
                ("zwei_faktor", _("Zwei-Faktor-Anmeldung")),
            ),
            (
                {
                    "name": person.name,
                    "e_mail": person.email,
                    "angelegt": person.date_joined,
                    "zuletzt_angemeldet": person.last_login,
                    "zwei_faktor": held.authenticators,
                },
            ),
        ),
        PersonalExport(
            "e_mail_adressen",
            _("E-Mail-Adressen"),
            (
                ("adresse", _("E-Mail-Adresse")),
                ("bestaetigt", _("Bestätigt")),
                ("hauptadresse", _("Hauptadresse")),
            ),
            tuple(
                {"adresse": address.email, "bestaetigt": address.verified, "hauptadresse": address.primary}
                for address in held.addresses
            ),
        ),
        PersonalExport(
            "rollen",
            _("Rollen in Regionen"),
            (
                ("region", _("Region")),
                ("rolle", _("Rolle")),
                ("kommune", _("Kommune")),
                ("organisation", _("Organisation")),
                ("seit", _("Seit")),
            ),
            tuple(
                {
                    "region": membership.region.name,
                    "rolle": str(membership.get_role_display()),
                    "kommune": membership.municipality.name if membership.municipality else "",
                    "organisation": membership.organisation.name if membership.organisation else "",
                    "seit": membership.created_at,
                }
                for membership in held.memberships
            ),
        ),
        PersonalExport(
            "einladungen",
            _("Offene Einladungen an Sie"),
            (("region", _("Region")), ("rolle", _("Rolle")), ("gueltig_bis", _("Gültig bis"))),
            tuple(
                {
                    "region": invitation.region.name,
                    "rolle": str(invitation.get_role_display()),
                    "gueltig_bis": invitation.expires_at,
                }
                for invitation in held.invitations
            ),
        ),
        PersonalExport(
            "api_schluessel",
            _("API-Schlüssel, die Sie angelegt haben"),
            (
                ("region", _("Region")),
                ("bezeichnung", _("Bezeichnung")),
                ("angelegt", _("Angelegt")),
                ("gueltig_bis", _("Gültig bis")),
                ("zuletzt_benutzt", _("Zuletzt benutzt")),
                ("widerrufen", _("Widerrufen am")),
            ),
            tuple(
                {
                    "region": token.region.name,
                    "bezeichnung": token.name,
                    "angelegt": token.created_at,
                    "gueltig_bis": token.expires_at,
                    "zuletzt_benutzt": token.last_used_at,
                    "widerrufen": token.revoked_at,
                }
                for token in tokens
            ),
        ),
        PersonalExport(
            "protokoll",
            _("Einträge im Änderungsprotokoll zu Ihren Handlungen"),
            (
                ("zeitpunkt", _("Zeitpunkt")),
                ("region", _("Region")),
                ("aktion", _("Aktion")),
                ("eintrag", _("Eintrag")),
            ),
            tuple(
                {
                    "zeitpunkt": entry.created_at,
                    "region": entry.region.name if entry.region else "",
                    "aktion": action_label(entry.action),
                    "eintrag": f"{object_type_label(entry.object_type)} {entry.object_id}".strip(),
                }
                for entry in audit
            ),
        ),
    ]


def disclosure(person: User) -> Disclosure:
    """Everything the platform holds about the person, in full: account, addresses, roles, invitations,
    API keys, change log entries about their actions and what every module holds (Art. 15, 20 DSGVO)."""
    held = held_data(person)
    sections = _account_sections(person, held) + modules.personal_export(person, confirmed_addresses(person))
    notes = [item.note for item in held.modules if item.note]
    return Disclosure(person=person, made_at=timezone.now(), sections=sections, notes=notes)


def deletion_consequences(person: User) -> list[str]:
    """What deleting the account does, one sentence each, for the confirmation page."""
    held = held_data(person)
    tokens = ApiToken.objects.filter(created_by=person).count()
    said = [
        _(
            "Ihr Konto, Ihre E-Mail-Adressen und Ihre Anmeldefaktoren werden gelöscht. Sie können sich "
            "danach nicht mehr anmelden."
        )
    ]
    if held.memberships:
        said.append(
            _("Ihre Rollen enden: %(roles)s.")
            % {
                "roles": ", ".join(
                    f"{membership.region.name} ({membership.get_role_display()})"
                    for membership in held.memberships
                )
            }
        )
    if tokens:
        said.append(
            _("Die API-Schlüssel, die Sie angelegt haben (%(count)d), werden ungültig.") % {"count": tokens}
        )
    contributions = sum(item.count for item in held.modules)
    if contributions:
        removing = sorted(
            LegalDetails.objects.filter(after_account_deletion=AfterAccountDeletion.REMOVE).values_list(
                "region__name", flat=True
            )
        )
        if removing:
            said.append(
                _(
                    "Ihre Beiträge (%(count)d: Ideen, Kommentare, Unterstützungen, Anmeldungen) werden in "
                    "%(regions)s entfernt; in jeder anderen Region bleiben sie ohne Namen, E-Mail-Adresse "
                    "und Konto erhalten."
                )
                % {"count": contributions, "regions": ", ".join(removing)}
            )
        else:
            said.append(
                _(
                    "Ihre Beiträge (%(count)d: Ideen, Kommentare, Unterstützungen, Anmeldungen) bleiben ohne "
                    "Namen, E-Mail-Adresse und Konto erhalten, wie es die Regionen festgelegt haben."
                )
                % {"count": contributions}
            )
        said.append(
            _(
                "Anmeldungen zu Veranstaltungen, die noch bevorstehen, werden abgesagt; Ihr Platz geht an "
                "die Warteliste."
            )
        )
    said.append(_("Antworten auf Umfragen waren nie mit Ihnen verbunden; sie bleiben erhalten."))
    said.append(_("Im Änderungsprotokoll bleiben die Einträge zu Ihren Handlungen, aber ohne Ihren Namen."))
    return said
