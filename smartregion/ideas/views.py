"""Idea pages under /r/<region>/ideen/: list, submission, confirmation, support, comments, moderation."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.core import confirm, pagecache, ratelimit
from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.permissions import authorize
from smartregion.ideas import selectors, services
from smartregion.ideas.forms import (
    CommentDecisionForm,
    CommentForm,
    IdeaFilterForm,
    IdeaForm,
    MergeForm,
    RejectForm,
    SupportForm,
)
from smartregion.ideas.models import Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.portfolio.models import Project
from smartregion.portfolio.services.projects import create_project_from_idea
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

PAGE_SIZE = 20
MERGE_CANDIDATES = 20
MODERATE = "ideas.moderate_ideas"
NOT_YET_PUBLIC = (IdeaStatus.UNCONFIRMED, IdeaStatus.SUBMITTED)
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


# The objects of these pages


def _idea_in(region: Region, idea_id: int) -> Idea:
    idea = selectors.idea_in(region, idea_id)
    if idea is None:
        raise Http404
    return idea


def _idea_for_viewer(request: HttpRequest, region: Region, idea_id: int) -> Idea:
    """An idea of the region; one not yet public only for moderators and its author, else 404."""
    idea = _idea_in(region, idea_id)
    if idea.status in NOT_YET_PUBLIC and not _may_see_unpublished(request, region, idea):
        raise Http404
    return idea


def _may_see_unpublished(request: HttpRequest, region: Region, idea: Idea) -> bool:
    user = request.user
    return user.has_perm(MODERATE, region) or (user.is_authenticated and idea.author_id == user.pk)


# Helpers


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)


def _page(request: HttpRequest, items: QuerySet[Any], param: str = "seite") -> Page[Any]:
    return pagecache.CountedPaginator(items, PAGE_SIZE, path=request.path).get_page(request.GET.get(param))


def _query_without(request: HttpRequest, param: str) -> str:
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


def _idea_url(region: Region, idea: Idea, anchor: str = "") -> str:
    url = reverse("ideas:idea", kwargs={"region_slug": region.slug, "idea_id": idea.pk})
    return f"{url}#{anchor}" if anchor else url


def _token(token: str) -> str:
    """A token from a mail link, or 404: tokens are URL-safe base64, nothing else reaches the database."""
    if not TOKEN.fullmatch(token):
        raise Http404
    return token


def _to_list(region: Region) -> HttpResponse:
    return redirect("ideas:ideas", region_slug=region.slug)


# Public pages


@require_GET
@region_view
def idea_list(request: HttpRequest, region: Region) -> HttpResponse:
    form = IdeaFilterForm(request.GET or None, region=region)
    page = _page(request, selectors.ideas_for_region(region=region, **form.filters()))
    context = {
        "region": region,
        "filter_form": form,
        "page": page,
        "query_string": _query_without(request, "seite"),
        "can_moderate": request.user.has_perm(MODERATE, region),
    }
    return render(request, "ideas/list.html", context)


@require_http_methods(["GET", "POST"])
@region_view
def idea_create(request: HttpRequest, region: Region) -> HttpResponse:
    form = IdeaForm(request.POST or None, request.FILES or None, region=region, signed_in=_signed_in(request))
    if request.method == "POST" and not ratelimit.allow(request, ratelimit.IDEAS):
        form.add_error(None, ratelimit.MESSAGE)
        return render(request, "ideas/form.html", {"region": region, "form": form}, status=429)
    idea = save_valid(request, form, services.submit_idea, region=region, author=request.user)
    if idea is not None:
        return _after_submission(request, region, idea)
    return render(request, "ideas/form.html", {"region": region, "form": form})


def _after_submission(request: HttpRequest, region: Region, idea: Idea) -> HttpResponse:
    if idea.status == IdeaStatus.UNCONFIRMED:
        messages.success(
            request,
            _(
                "Danke für Ihre Idee! Wir haben Ihnen eine E-Mail an %(email)s geschickt. Bitte öffnen Sie "
                "den Link darin; danach prüfen wir Ihre Idee und veröffentlichen sie."
            )
            % {"email": idea.author_email},
        )
        return _to_list(region)
    messages.success(request, _("Danke für Ihre Idee! Sie wird geprüft und dann veröffentlicht."))
    return redirect(_idea_url(region, idea))


@require_GET
@region_view
def idea_detail(request: HttpRequest, region: Region, idea_id: int) -> HttpResponse:
    return _render_detail(request, region, _idea_for_viewer(request, region, idea_id))


def _render_detail(
    request: HttpRequest,
    region: Region,
    idea: Idea,
    *,
    support_form: SupportForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    signed_in = _signed_in(request)
    can_moderate = request.user.has_perm(MODERATE, region)
    context = {
        "region": region,
        "idea": idea,
        "comments": _page(request, selectors.published_comments(idea)),
        "support_form": support_form or SupportForm(signed_in=signed_in),
        "comment_form": comment_form or CommentForm(signed_in=signed_in),
        "supports_already": selectors.has_supported(request.user, idea),
        "can_moderate": can_moderate,
        "projects": selectors.projects_from_idea(idea) if can_moderate else [],
    }
    return render(request, "ideas/detail.html", context, status=status)


@require_POST
@region_view
def idea_support(request: HttpRequest, region: Region, idea_id: int) -> HttpResponse:
    idea = _idea_for_viewer(request, region, idea_id)
    form = SupportForm(request.POST, signed_in=_signed_in(request))
    if not ratelimit.allow(request, ratelimit.SUPPORTS):
        form.add_error(None, ratelimit.MESSAGE)
        return _render_detail(request, region, idea, support_form=form, status=429)
    support = save_valid(
        request,
        form,
        lambda data: services.support_idea(idea=idea, user=request.user, email=data.get("email", "")),
        data_as="data",
    )
    if support is not None:
        messages.success(request, _support_message(support))
        return redirect(_idea_url(region, idea, "unterstuetzen"))
    return _render_detail(request, region, idea, support_form=form)


def _support_message(support: IdeaSupport) -> str:
    if support.confirmed_at:
        return _("Danke, Sie unterstützen diese Idee.")
    return _(
        "Fast geschafft: Wir haben Ihnen eine E-Mail an %(email)s geschickt. Ihre Unterstützung zählt, "
        "sobald Sie den Link darin öffnen."
    ) % {"email": support.email}


@require_POST
@region_view
def idea_comment(request: HttpRequest, region: Region, idea_id: int) -> HttpResponse:
    idea = _idea_for_viewer(request, region, idea_id)
    form = CommentForm(request.POST, signed_in=_signed_in(request))
    if not ratelimit.allow(request, ratelimit.COMMENTS):
        form.add_error(None, ratelimit.MESSAGE)
        return _render_detail(request, region, idea, comment_form=form, status=429)
    if form.is_valid():
        publish = request.user.has_perm(MODERATE, region)
        try:
            services.comment_on_idea(idea=idea, author=request.user, publish=publish, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if publish:
                messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
            else:
                messages.success(request, _("Danke! Ihr Kommentar erscheint, sobald er freigegeben ist."))
            return redirect(_idea_url(region, idea, "kommentare"))
    return _render_detail(request, region, idea, comment_form=form)


# Confirmation links from the mails: GET shows a button, POST confirms (mail scanners only GET).


@require_http_methods(["GET", "POST"])
@region_view
def idea_confirm(request: HttpRequest, region: Region, token: str) -> HttpResponse:
    idea = selectors.idea_by_token(region, _token(token))
    if idea is None:
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.confirm_idea_email(region=region, token=token)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Danke, Ihre E-Mail-Adresse ist bestätigt. Wir prüfen Ihre Idee nun.")
            )
            return _to_list(region)
    context = {
        "region": region,
        "idea": idea,
        "done": idea.status != IdeaStatus.UNCONFIRMED,
        "errors": errors,
        "title": _("Idee bestätigen"),
        "button": _("E-Mail-Adresse bestätigen"),
    }
    return render(request, "ideas/confirm.html", context)


@require_http_methods(["GET", "POST"])
@region_view
def support_confirm(request: HttpRequest, region: Region, token: str) -> HttpResponse:
    support = selectors.support_by_token(region, _token(token))
    if support is None:
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.confirm_support(region=region, token=token)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Danke, Ihre Unterstützung zählt jetzt."))
            return redirect(_idea_url(region, support.idea, "unterstuetzen"))
    context = {
        "region": region,
        "idea": support.idea,
        "done": support.confirmed_at is not None,
        "errors": errors,
        "title": _("Unterstützung bestätigen"),
        "button": _("Unterstützung bestätigen"),
    }
    return render(request, "ideas/confirm.html", context)


# Moderation (coordinators)


@login_required
@require_GET
@region_view
def moderation(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MODERATE, region)
    return _moderation_page(request, region)


def _moderation_page(
    request: HttpRequest, region: Region, decided: CommentDecisionForm | None = None, comment_id: int = 0
) -> HttpResponse:
    """The moderation queue; ``decided`` is a refused decision, shown with its error at its comment."""
    comments = _page(request, selectors.pending_comments(region), "kommentare")
    forms = [
        decided
        if decided is not None and comment.pk == comment_id
        else CommentDecisionForm(comment_id=comment.pk, author=_author(comment))
        for comment in comments.object_list
    ]
    context = {
        "region": region,
        "page": _page(request, selectors.moderation_queue(region)),
        "comments": comments,
        "comment_forms": list(zip(comments.object_list, forms, strict=True)),
        "ideas_query": _query_without(request, "seite"),
        "comments_query": _query_without(request, "kommentare"),
    }
    return render(request, "ideas/moderation.html", context, status=400 if decided is not None else 200)


def _author(comment: IdeaComment) -> str:
    return comment.author_name or _("Anonym")


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def idea_moderate(request: HttpRequest, region: Region, idea_id: int) -> HttpResponse:
    authorize(request, MODERATE, region)
    idea = _idea_in(region, idea_id)
    action = request.POST.get("action", "")
    reject_form = RejectForm(request.POST if action == "reject" else None)
    merge_form = MergeForm(
        request.POST if action == "merge" else None, candidates=selectors.merge_candidates(region, idea)
    )
    status = 200
    if request.method == "POST" and action not in ("publish", "reject", "merge"):
        # Only a hand-made request lacks the action each of the page's buttons sends.
        messages.error(
            request,
            _("Nichts wurde geändert. Bitte wählen Sie: veröffentlichen, ablehnen oder zusammenführen."),
        )
        status = 400
    elif request.method == "POST":
        response = _moderate(request, region, idea, action, reject_form, merge_form)
        if response is not None:
            return response
    query = request.GET.get("suche", "").replace("\x00", "").strip()[:200]
    merge_form.set_candidates(selectors.merge_candidates(region, idea, query)[:MERGE_CANDIDATES])
    context = {
        "region": region,
        "idea": idea,
        "reject_form": reject_form,
        "merge_form": merge_form,
        "query": query,
        "can_publish": idea.status == IdeaStatus.SUBMITTED,
        "can_reject": idea.status in (IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED),
    }
    return render(request, "ideas/moderate.html", context, status=status)


def _moderate(
    request: HttpRequest,
    region: Region,
    idea: Idea,
    action: str,
    reject_form: RejectForm,
    merge_form: MergeForm,
) -> HttpResponse | None:
    """Carry out one moderation action; a response on success, None to show the page with errors."""
    if action == "publish":
        return _publish(request, region, idea)
    if action == "reject":
        return _reject(request, region, idea, reject_form)
    return _merge(request, region, idea, merge_form)


def _back_to_queue(region: Region) -> HttpResponse:
    return redirect("ideas:idea_moderation", region_slug=region.slug)


def _publish(request: HttpRequest, region: Region, idea: Idea) -> HttpResponse:
    try:
        services.publish_idea(idea=idea, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ideas:idea_moderate", region_slug=region.slug, idea_id=idea.pk)
    messages.success(request, _("Die Idee „%(title)s“ ist veröffentlicht.") % {"title": idea.title})
    return _back_to_queue(region)


def _reject(request: HttpRequest, region: Region, idea: Idea, form: RejectForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        services.reject_idea(idea=idea, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(
        request, _("Die Idee ist abgelehnt; die einreichende Person erhält die Begründung per E-Mail.")
    )
    return _back_to_queue(region)


def _merge(request: HttpRequest, region: Region, idea: Idea, form: MergeForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        target = services.merge_ideas(duplicate=idea, target=form.cleaned_data["target"], actor=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, _("Die Idee ist mit „%(title)s“ zusammengeführt.") % {"title": target.title})
    return _back_to_queue(region)


@login_required
@require_POST
@region_view
def comment_moderate(request: HttpRequest, region: Region, comment_id: int) -> HttpResponse:
    """Publish or hide a waiting comment; without a choice nothing changes and the queue shows why."""
    authorize(request, MODERATE, region)
    comment = selectors.comment_in(region, comment_id)
    if comment is None:
        raise Http404
    form = CommentDecisionForm(request.POST, comment_id=comment.pk, author=_author(comment))
    if not form.is_valid():
        messages.error(request, _("Nichts wurde geändert. Bitte wählen Sie eine Entscheidung."))
        return _moderation_page(request, region, form, comment.pk)
    publish = form.cleaned_data["action"] == "publish"
    services.moderate_comment(comment=comment, actor=request.user, publish=publish)
    if publish:
        messages.success(request, _("Der Kommentar ist veröffentlicht."))
    else:
        messages.success(request, _("Der Kommentar ist ausgeblendet."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return _back_to_queue(region)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def comment_hide(request: HttpRequest, region: Region, comment_id: int) -> HttpResponse:
    """Take a comment off an idea's page. GET (or a POST without confirmation) asks first."""
    authorize(request, MODERATE, region)
    comment = selectors.comment_in(region, comment_id)
    if comment is None:
        raise Http404
    back = _idea_url(region, comment.idea, "kommentare")
    if not confirm.is_confirmed(request):
        removal = confirm.Removal(
            title=_("Kommentar von %(name)s ausblenden?") % {"name": _author(comment)},
            cancel_url=back,
            back_label=comment.idea.title,
            consequences=[
                _("Der Kommentar verschwindet von der Seite der Idee."),
                _("Er bleibt gespeichert; die Person, die ihn geschrieben hat, wird nicht benachrichtigt."),
            ],
            button=_("Ja, ausblenden"),
        )
        return confirm.page(request, removal)
    services.moderate_comment(comment=comment, actor=request.user, publish=False)
    messages.success(request, _("Der Kommentar ist ausgeblendet."))
    return redirect(back)


@login_required
@require_POST
@region_view
def idea_to_project(request: HttpRequest, region: Region, idea_id: int) -> HttpResponse:
    """Start a project profile (Steckbrief) from a published idea; a second click opens the first one."""
    authorize(request, MODERATE, region)
    idea = _idea_in(region, idea_id)
    try:
        project = create_project_from_idea(idea=idea, actor=request.user)
    except ValidationError as error:
        existing = selectors.projects_from_idea(idea, limit=1)
        if existing:  # made by an earlier click, perhaps a moment ago by someone else
            messages.info(request, " ".join(error.messages))
            return _to_project(region, existing[0], idea)
        messages.error(request, " ".join(error.messages))
        return redirect(_idea_url(region, idea))
    messages.success(request, _("Der Steckbrief „%(title)s“ ist angelegt.") % {"title": project.title})
    return _to_project(region, project, idea)


def _to_project(region: Region, project: Project, idea: Idea) -> HttpResponse:
    return redirect("portfolio:project", region_slug=region.slug, project_slug=project.slug)
