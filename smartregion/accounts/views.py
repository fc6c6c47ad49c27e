"""Member management of a region, accepting an invitation, the region's API tokens, and what the
platform holds about the person ("Meine Daten")."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.accounts import selectors, services, tokens
from smartregion.accounts.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    DeleteAccountForm,
    InviteForm,
    MembershipForm,
)
from smartregion.accounts.http import AuthenticatedHttpRequest
from smartregion.accounts.models import ApiToken, Invitation, Membership
from smartregion.core import confirm
from smartregion.core.documents import render_pdf
from smartregion.core.downloads import download
from smartregion.core.forms import save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def members(request: AuthenticatedHttpRequest, region: Region) -> HttpResponse:
    authorize(request, "accounts.manage_members", region)
    form = InviteForm(request.POST or None, region=region)
    invitation = save_valid(request, form, services.invite_member, region=region, invited_by=request.user)
    if invitation is not None:
        messages.success(
            request, _("Die Einladung an %(email)s wurde verschickt.") % {"email": invitation.email}
        )
        return redirect("accounts:members", region_slug=region.slug)
    status = 400 if form.errors else 200
    page = Paginator(selectors.members_of(region), 50).get_page(request.GET.get("seite"))
    context = {
        "region": region,
        "form": form,
        "page": page,
        "invitations": selectors.open_invitations_of(region),
    }
    return render(request, "accounts/members.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def member_edit(request: AuthenticatedHttpRequest, region: Region, membership_id: int) -> HttpResponse:
    authorize(request, "accounts.manage_members", region)
    membership = get_object_or_404(Membership.objects.with_people(), pk=membership_id, region=region)
    form = MembershipForm(request.POST or None, region=region, initial=_initial(membership))
    saved = save_valid(
        request,
        form,
        services.change_membership,
        membership=membership,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Rolle von %(person)s wurde geändert.") % {"person": membership.user})
        return redirect("accounts:members", region_slug=region.slug)
    return _render_member(request, region, membership, form, MembershipForm(prefix="neu", region=region))


def _render_member(
    request: AuthenticatedHttpRequest,
    region: Region,
    membership: Membership,
    form: MembershipForm,
    add_form: MembershipForm,
) -> HttpResponse:
    """A person's page in member management: this role to change, all their roles, a role to add."""
    context = {
        "region": region,
        "membership": membership,
        "form": form,
        "add_form": add_form,
        "roles": selectors.roles_of(region, membership.user),
    }
    status = 400 if form.errors or add_form.errors else 200
    return render(request, "accounts/member_edit.html", context, status=status)


@login_required
@require_POST
@region_view
def member_add_role(request: AuthenticatedHttpRequest, region: Region, membership_id: int) -> HttpResponse:
    authorize(request, "accounts.manage_members", region)
    membership = get_object_or_404(Membership.objects.with_people(), pk=membership_id, region=region)
    add_form = MembershipForm(request.POST, prefix="neu", region=region)
    added = save_valid(request, add_form, services.add_role, member=membership, actor=request.user)
    if added is not None:
        messages.success(
            request,
            _("%(person)s hat jetzt auch die Rolle „%(role)s“.")
            % {"person": membership.user, "role": added.get_role_display()},
        )
        return redirect("accounts:member_edit", region_slug=region.slug, membership_id=membership.pk)
    return _render_member(
        request, region, membership, MembershipForm(region=region, initial=_initial(membership)), add_form
    )


def _initial(membership: Membership) -> dict[str, object]:
    return {
        "role": membership.role,
        "municipality": membership.municipality_id,
        "organisation": membership.organisation_id,
    }


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def member_remove(request: AuthenticatedHttpRequest, region: Region, membership_id: int) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST takes the role away."""
    authorize(request, "accounts.manage_members", region)
    membership = get_object_or_404(Membership.objects.with_people(), pk=membership_id, region=region)
    if not confirm.is_confirmed(request):
        return confirm.page(request, _member_removal(region, membership))
    try:
        services.remove_membership(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        remaining = selectors.roles_of(region, membership.user).first()
        if remaining is None:
            messages.success(
                request, _("%(person)s wurde aus der Region entfernt.") % {"person": membership.user}
            )
        else:
            messages.success(
                request,
                _("Die Rolle „%(role)s“ von %(person)s wurde entfernt.")
                % {"role": membership.get_role_display(), "person": membership.user},
            )
            return redirect("accounts:member_edit", region_slug=region.slug, membership_id=remaining.pk)
    return redirect("accounts:members", region_slug=region.slug)


def _member_removal(region: Region, membership: Membership) -> confirm.Removal:
    others = selectors.roles_of(region, membership.user).exclude(pk=membership.pk).count()
    role = membership.get_role_display()
    if others:
        title = _("Rolle „%(role)s“ von %(person)s entfernen?") % {"role": role, "person": membership.user}
        consequences = [
            _("%(person)s verliert die Rolle „%(role)s“ und die Rechte, die an ihr hängen.")
            % {"person": membership.user, "role": role},
            ngettext(
                "Die andere Rolle in dieser Region bleibt bestehen.",
                "Die %(count)d anderen Rollen in dieser Region bleiben bestehen.",
                others,
            )
            % {"count": others},
        ]
    else:
        title = _("%(person)s aus der Region entfernen?") % {"person": membership.user}
        consequences = [
            _(
                "%(person)s verliert die Rolle „%(role)s“ und damit den Zugang zu den internen "
                "Seiten dieser Region."
            )
            % {"person": membership.user, "role": role},
        ]
    consequences += [
        _("Das Konto der Person bleibt bestehen; ihre bisherigen Beiträge bleiben erhalten."),
        _("Um ihr die Rolle wiederzugeben, laden Sie sie erneut ein."),
    ]
    cancel = reverse(
        "accounts:member_edit", kwargs={"region_slug": region.slug, "membership_id": membership.pk}
    )
    return confirm.Removal(
        title=title,
        cancel_url=cancel,
        back_label=_("Rolle von %(person)s") % {"person": membership.user},
        consequences=consequences,
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def invitation_withdraw(
    request: AuthenticatedHttpRequest, region: Region, invitation_id: int
) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST withdraws the invitation."""
    authorize(request, "accounts.manage_members", region)
    invitation = get_object_or_404(Invitation, pk=invitation_id, region=region, accepted_at__isnull=True)
    if not confirm.is_confirmed(request):
        members_url = reverse("accounts:members", kwargs={"region_slug": region.slug})
        removal = confirm.Removal(
            title=_("Einladung an %(email)s zurückziehen?") % {"email": invitation.email},
            cancel_url=members_url + "#invitations-heading",
            back_label=_("Mitglieder und Rollen"),
            consequences=[
                _("Der Link in der Einladung funktioniert danach nicht mehr."),
                _("Die Person wird darüber nicht benachrichtigt. Sie können sie später erneut einladen."),
            ],
            button=_("Ja, Einladung zurückziehen"),
        )
        return confirm.page(request, removal)
    services.withdraw_invitation(invitation=invitation, actor=request.user)
    messages.success(
        request, _("Die Einladung an %(email)s wurde zurückgezogen.") % {"email": invitation.email}
    )
    return redirect("accounts:members", region_slug=region.slug)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("region"), token=token)
    form = AcceptInvitationForm(request.POST or None) if not request.user.is_authenticated else None
    error = None if invitation.is_open else _("Diese Einladung ist abgelaufen oder wurde bereits angenommen.")
    if request.method == "POST" and error is None and (form is None or form.is_valid()):
        try:
            if form is None:
                services.accept_invitation(invitation=invitation, user=request.user)  # type: ignore[arg-type]
            else:
                membership = services.accept_invitation(invitation=invitation, **form.cleaned_data)
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Willkommen in der Region %(region)s.") % {"region": invitation.region.name}
            )
            return redirect("regions:detail", region_slug=invitation.region.slug)
    status = 400 if (error or (form is not None and form.errors)) and request.method == "POST" else 200
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "form": form, "error": error},
        status=status,
    )


# API tokens


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def api_tokens(request: AuthenticatedHttpRequest, region: Region) -> HttpResponse:
    """The region's API tokens; a new one is shown once, right after it was created."""
    authorize(request, "accounts.manage_api_tokens", region)
    form = ApiTokenForm(request.POST or None)
    created = None
    created = save_valid(request, form, tokens.create_token, region=region, actor=request.user)
    if created is not None:
        form = ApiTokenForm()
    context = {"region": region, "form": form, "created": created, "tokens": tokens.tokens_of(region)}
    response = render(request, "accounts/api_tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def api_token_revoke(request: AuthenticatedHttpRequest, region: Region, token_id: int) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST revokes the key."""
    authorize(request, "accounts.manage_api_tokens", region)
    token = get_object_or_404(ApiToken, pk=token_id, region=region)
    if not confirm.is_confirmed(request):
        removal = confirm.Removal(
            title=_("API-Schlüssel „%(name)s“ widerrufen?") % {"name": token.name},
            cancel_url=reverse("accounts:tokens", kwargs={"region_slug": region.slug}),
            back_label=_("API-Schlüssel"),
            consequences=[
                _("Jede Anfrage mit diesem Schlüssel wird sofort abgewiesen."),
                _(
                    "Ein widerrufener Schlüssel lässt sich nicht wieder gültig machen; "
                    "Sie können einen neuen anlegen."
                ),
            ],
            button=_("Ja, widerrufen"),
        )
        return confirm.page(request, removal)
    try:
        tokens.revoke_token(token=token, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name})
    return redirect("accounts:tokens", region_slug=region.slug)


@never_cache
@login_required
@require_GET
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    held = selectors.held_data(request.user)
    regions = {membership.region for membership in held.memberships}
    return render(
        request,
        "accounts/my_data.html",
        {"person": request.user, "held": held, "regions": sorted(regions, key=lambda region: region.name)},
    )


def _download_name(extension: str) -> str:
    return f"meine-daten-{timezone.localdate().isoformat()}.{extension}"


@never_cache
@login_required
@require_GET
def my_data_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything held about the person, machine-readable (Art. 20 DSGVO)."""
    content = json.dumps(selectors.disclosure(request.user).as_json(), ensure_ascii=False, indent=2)
    return download(content.encode(), "application/json; charset=utf-8", _download_name("json"))


@never_cache
@login_required
@require_GET
def my_data_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything held about the person, to read and print (Art. 15 DSGVO)."""
    content = render_pdf("accounts/my_data_pdf.html", {"disclosure": selectors.disclosure(request.user)})
    return download(content, "application/pdf", _download_name("pdf"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person deletes their own account, after naming what follows and asking for the password."""
    person = request.user
    form = DeleteAccountForm(request.POST if confirm.is_confirmed(request) else None)
    if form.is_valid():
        try:
            erased = services.delete_account(person=person, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            removed = sum(item.removed for item in erased)
            anonymised = sum(item.anonymised for item in erased)
            messages.success(
                request,
                _("Ihr Konto ist gelöscht. Entfernte Beiträge: %(removed)d, anonymisiert behalten: %(kept)d.")
                % {"removed": removed, "kept": anonymised},
            )
            return redirect("core:home")
    removal = confirm.Removal(
        title=_("Konto löschen?"),
        cancel_url=reverse("accounts:my_data"),
        back_label=_("Meine Daten"),
        consequences=selectors.deletion_consequences(person),
        button=_("Ja, Konto endgültig löschen"),
    )
    response = render(
        request,
        "accounts/delete_account.html",
        {
            "removal": removal,
            "button": removal.button,
            "confirm_field": confirm.CONFIRM_FIELD,
            "form": form,
            "alone": services.regions_left_without_coordinator(person),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
