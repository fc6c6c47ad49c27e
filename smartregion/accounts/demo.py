"""One demo person per role per demo region; all share the password printed by load_demo."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from smartregion.accounts import services
from smartregion.accounts.models import Membership, Role, User
from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region

DEMO_PASSWORD = "smartregion-demo"  # noqa: S105 - demo only; load_demo refuses to run with DEBUG=0
DEMO_DOMAIN = "demo.smartregion.example"

# Which municipality the demo officer of each region acts for.
OFFICER_MUNICIPALITY = {
    "kreis-steinfurt": "greven",
    "kreis-coesfeld": "duelmen",
    "kreis-dithmarschen": "heide",
}
ROLE_LOCALPART = {
    Role.COORDINATOR: "koordination",
    Role.MUNICIPAL_OFFICER: "kommune",
    Role.COMMITTEE_MEMBER: "lenkungsausschuss",
    Role.PROJECT_LEAD: "projektleitung",
    Role.READER: "lesen",
}


@dataclass(frozen=True)
class DemoAccount:
    email: str
    region: str
    role: str
    acts_for: str  # the officer's municipality or the project lead's organisation


def demo_email(region_slug: str, role: str) -> str:
    short = region_slug.removeprefix("kreis-")
    return f"{ROLE_LOCALPART[Role(role)]}.{short}@{DEMO_DOMAIN}"


@transaction.atomic
def load(regions: list[Region]) -> list[DemoAccount]:
    """Create the demo people and their memberships; idempotent."""
    accounts = []
    for region in regions:
        for role in Role:
            email = demo_email(region.slug, role)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, name=_demo_name(region, role))
            services.mark_email_verified(user)
            municipality = organisation = None
            if role == Role.MUNICIPAL_OFFICER:
                municipality = Municipality.objects.get(region=region, slug=OFFICER_MUNICIPALITY[region.slug])
            if role == Role.PROJECT_LEAD:
                organisation = _lead_organisation(region)
            if not Membership.objects.filter(user=user, region=region).exists():
                services.add_member(
                    region=region, user=user, role=role, municipality=municipality, organisation=organisation
                )
            scope = municipality or organisation
            accounts.append(DemoAccount(email, region.slug, str(role.label), scope.name if scope else ""))
    admin_email = f"admin@{DEMO_DOMAIN}"
    if not User.objects.filter(email=admin_email).exists():
        admin = User.objects.create_superuser(admin_email, DEMO_PASSWORD, name="Betrieb (Demo)")
        services.mark_email_verified(admin)
    accounts.append(DemoAccount(admin_email, "", "Betrieb (Django-Admin)", ""))
    return accounts


def _lead_organisation(region: Region) -> Organisation | None:
    """The demo project lead works for the district's own office, which leads most demo projects."""
    return (
        Organisation.objects.filter(region=region, kind=OrganisationKind.DISTRICT_ADMINISTRATION)
        .order_by("pk")
        .first()
    )


def _demo_name(region: Region, role: str) -> str:
    return f"{Role(role).label} {region.name} (Demo)"


def load_summary() -> list[str]:
    """``load`` for ``load_demo``: the demo people of the demo regions, with the lines to print."""
    from smartregion.regions.demo import DEMO_REGIONS

    by_slug = {
        region.slug: region for region in Region.objects.filter(slug__in=[d.slug for d in DEMO_REGIONS])
    }
    regions = [by_slug[demo.slug] for demo in DEMO_REGIONS if demo.slug in by_slug]
    lines = ["", f"Demo-Konten (Passwort für alle: {DEMO_PASSWORD}):"]
    for account in load(regions):
        where = f" – {account.acts_for}" if account.acts_for else ""
        lines.append(f"  {account.email:55} {account.region:20} {account.role}{where}")
    return lines
