"""Project pages under /r/<region>/projekte/ and the cross-region catalogue at /projektkatalog/.

Profiles that are not selected yet are seen by the region's members only; for everyone else
they do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.accounts.http import AuthenticatedHttpRequest
from smartregion.core import modules, pagecache
from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.permissions import authorize
from smartregion.core.versioning import CompareForm, no_such_version
from smartregion.portfolio import selectors
from smartregion.portfolio.forms.projects import (
    AdoptionForm,
    CatalogueFilterForm,
    ProjectEditForm,
    ProjectFilterForm,
    ProjectForm,
    TransitionForm,
    adoption_targets,
    initial_of,
)
from smartregion.portfolio.models import Project
from smartregion.portfolio.services import projects as services
from smartregion.portfolio.snapshots import changed_parts
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

PAGE_SIZE = 20
VERSIONS_PAGE_SIZE = 50
VIEW = "portfolio.view_project"
ADD = "portfolio.add_project"
CHANGE = "portfolio.change_project"
TRANSITION = "portfolio.transition_project"


def _visible_project(request: HttpRequest, region: Region, slug: str) -> Project:
    """The region's project by slug, or 404 – also when the viewer may not see it."""
    project = selectors.visible_project(region, slug, request.user)
    if project is None:
        raise Http404
    return project


def _project_for(request: HttpRequest, region: Region, slug: str, perm: str) -> Project:
    """A project the viewer may see (else 404) and act on with ``perm`` (else 403)."""
    project = _visible_project(request, region, slug)
    authorize(request, perm, project)
    return project


def _is_member(request: HttpRequest, region: Region) -> bool:
    return selectors.is_member(request.user, region)


def _page(request: HttpRequest, items: QuerySet[Any], size: int = PAGE_SIZE) -> Page[Any]:
    return pagecache.CountedPaginator(items, size, path=request.path).get_page(request.GET.get("seite"))


# The project list and a project's page


@require_GET
@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, region=region, all_statuses=_is_member(request, region))
    projects = selectors.projects_for_region(region=region, viewer=request.user, **form.filters())
    page = _page(request, projects)
    page.object_list = selectors.list_rows(page.object_list)
    context = {
        "region": region,
        "filter_form": form,
        "page": page,
        "can_add": request.user.has_perm(ADD, region),
        "can_import": request.user.has_perm("portfolio.import_projects", region),
    }
    return render(request, "portfolio/projects/list.html", context)


@require_GET
@region_view
def detail(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    return _render_detail(request, region, _visible_project(request, region, project_slug))


def _shown_parts(request: HttpRequest, region: Region, project: Project) -> list[modules.ShownPart]:
    """What other modules add to the profile (plan, personnel, financing: six queries), the same
    for every viewer: kept until the region's content changes."""
    return pagecache.kept(
        f"shown-parts|{project.pk}|{get_language()}",
        request.path,
        lambda: modules.shown_parts(project, region),
    )


def _render_detail(
    request: HttpRequest,
    region: Region,
    project: Project,
    *,
    failed: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_transition = user.has_perm(TRANSITION, project)
    offered, guarded = services.offered_transitions(project, user) if may_transition else ([], [])
    forms = _transition_forms(offered, failed)
    context = {
        "region": region,
        "project": project,
        "is_member": _is_member(request, region),
        "dependencies": selectors.visible_dependencies(project, user),
        "ideas": selectors.shown_source_ideas(project),
        "original_visible": project.adopted_from is not None and user.has_perm(VIEW, project.adopted_from),
        "adoptions": selectors.adoptions_seen_by(project, user),
        "transition_forms": forms,
        "transition_guarded": guarded,
        "transition_errors": _transition_errors(failed, forms),
        "can_edit": user.has_perm(CHANGE, project),
        "can_adopt": user.is_authenticated and bool(adoption_targets(user, project)),
        "shown_parts": _shown_parts(request, region, project),
        "object_links": modules.object_links(project, region, user),
    }
    return render(request, "portfolio/projects/detail.html", context, status=status)


def _transition_forms(targets: list[str], failed: TransitionForm | None) -> list[TransitionForm]:
    """A form for each step offered from the current status; a refused one keeps its input."""
    return [
        failed if failed is not None and failed.target == target else TransitionForm(target=target)
        for target in targets
    ]


def _transition_errors(failed: TransitionForm | None, shown: list[TransitionForm]) -> list[str]:
    """Errors of a refused step that its form does not show next to a field."""
    if failed is None:
        return []
    errors = [*failed.non_field_errors(), *failed.errors.get("to", [])]
    if failed not in shown:
        errors += failed.errors.get("reason", [])
    return errors


# Creating and editing a profile


def _render_form(
    request: HttpRequest, region: Region, form: ProjectForm, extra: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"region": region, "form": form, **extra}
    status = status if status != 200 else (400 if form.errors else 200)
    return render(request, "portfolio/projects/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def create(request: AuthenticatedHttpRequest, region: Region) -> HttpResponse:
    authorize(request, ADD, region)
    form = ProjectForm(request.POST or None, region=region)
    project = save_valid(
        request,
        form,
        lambda data: services.create_project(region=region, actor=request.user, data=form.profile_data()),
        data_as="data",
    )
    if project is not None:
        messages.success(request, _("Der Steckbrief „%(title)s“ wurde angelegt.") % {"title": project})
        return redirect(project)
    return _render_form(request, region, form, {"title": _("Neuer Steckbrief")})


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def edit(request: AuthenticatedHttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _project_for(request, region, project_slug, CHANGE)
    if request.method != "POST":
        form = ProjectEditForm(region=region, project=project, initial=initial_of(project))
        return _render_form(request, region, form, _edit_context(project))
    form = ProjectEditForm(request.POST, region=region, project=project)
    if form.is_valid():
        try:
            services.change_project(
                project=project,
                editor=request.user,
                data=form.profile_data(),
                expected_version=form.cleaned_data["expected_version"],
            )
        except services.StaleEditError as stale:
            return _render_stale_edit(request, region, project, form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Steckbrief wurde gespeichert."))
            return redirect(project)
    return _render_form(request, region, form, _edit_context(project))


def _edit_context(project: Project) -> dict[str, Any]:
    return {"title": _("Steckbrief bearbeiten"), "project": project}


def _render_stale_edit(
    request: HttpRequest,
    region: Region,
    project: Project,
    refused: ProjectEditForm,
    stale: services.StaleEditError,
) -> HttpResponse:
    """Show the refused input again, with what was saved meanwhile. The form now names the
    current version: saving it again is a decision made with the other changes in view."""
    data = request.POST.copy()
    data["expected_version"] = str(stale.current_version)
    form = ProjectEditForm(data, region=region, project=project)
    form.is_valid()
    form.add_error(None, stale.messages)
    extra = {
        **_edit_context(project),
        "stale_changes": stale.changes,
        "base_version": refused.cleaned_data["expected_version"],
        "current_version": stale.current_version,
    }
    return _render_form(request, region, form, extra, status=409)


# The lifecycle


@login_required
@require_POST
@region_view
def transition(request: AuthenticatedHttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _project_for(request, region, project_slug, TRANSITION)
    form = TransitionForm(request.POST, target=request.POST.get("to", ""))
    if form.is_valid():
        try:
            moved = services.transition_project(
                project=project,
                actor=request.user,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_transition_errors(form, error)
        else:
            messages.success(
                request, _("Der Stand ist jetzt „%(status)s“.") % {"status": moved.get_status_display()}
            )
            return redirect(project)
    return _render_detail(request, region, project, failed=form, status=400)


def _add_transition_errors(form: TransitionForm, error: ValidationError) -> None:
    """A missing reason shows at the reason field; a step that is not allowed above the forms."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.message_dict.items():
        form.add_error("reason" if key == "reason" else None, errors)


# Versions


@require_GET
@region_view
def versions(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _visible_project(request, region, project_slug)
    context = {
        "region": region,
        "project": project,
        "page": _page(request, selectors.versions_of(project), VERSIONS_PAGE_SIZE),
        "form": CompareForm(initial={"von": max(project.version - 1, 1), "bis": project.version}),
        # Who edited is shown to the region's members, not to the public.
        "show_authors": _is_member(request, region),
    }
    return render(request, "portfolio/projects/versions.html", context)


@require_GET
@region_view
def compare(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _visible_project(request, region, project_slug)
    latest = {"von": str(max(project.version - 1, 1)), "bis": str(project.version)}
    form = CompareForm(request.GET if "von" in request.GET or "bis" in request.GET else latest)
    context: dict[str, Any] = {"region": region, "project": project, "form": form}
    if not form.is_valid():
        return render(request, "portfolio/projects/compare.html", context, status=400)
    old, new = sorted((form.cleaned_data["von"], form.cleaned_data["bis"]))
    found = selectors.versions_by_number(project, (old, new))
    if old not in found or new not in found:
        form.add_error(None, no_such_version(project.version))
        return render(request, "portfolio/projects/compare.html", context, status=404)
    context.update(
        old_version=old,
        new_version=new,
        changes=changed_parts(found[old].snapshot, found[new].snapshot),
    )
    return render(request, "portfolio/projects/compare.html", context)


# Adoption (Nachnutzung)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def adopt(request: AuthenticatedHttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _visible_project(request, region, project_slug)
    targets = adoption_targets(request.user, project)
    if not targets:
        raise PermissionDenied
    adopted = {(copy.region_id, copy.adopted_by_municipality_id) for copy in project.adoptions.all()}
    form = AdoptionForm(request.POST or None, targets=targets, adopted=adopted)
    if request.method == "POST" and form.is_valid():
        target = form.chosen()
        try:
            copy = services.adopt_project(
                project=project, actor=request.user, region=target.region, municipality=target.municipality
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Der Steckbrief für %(place)s ist angelegt. Passen Sie ihn jetzt an Ihre Lage an.")
                % {"place": target.label},
            )
            return redirect(copy)
    context = {"region": region, "project": project, "form": form}
    return render(request, "portfolio/projects/adopt.html", context, status=400 if form.errors else 200)


# The catalogue across all regions


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    page = _page(request, selectors.catalogue(**form.filters()))
    page.object_list = selectors.list_rows(page.object_list, with_places=False)
    context = {"filter_form": form, "page": page}
    return render(request, "portfolio/catalogue/list.html", context)
