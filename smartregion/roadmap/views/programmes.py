"""The funding programme catalogue under /r/<region>/fahrplan/foerderprogramme/: every programme
with its coming deadlines, and for each the region's projects that may fit it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.roadmap import selectors
from smartregion.roadmap.forms import DeadlineForm, ProgrammeForm
from smartregion.roadmap.models import FundingProgramme
from smartregion.roadmap.services import programmes as services
from smartregion.roadmap.views.access import RESOURCES

ADD = "roadmap.add_programme"
CHANGE = "roadmap.change_programme"


def _programme(programme_id: int) -> FundingProgramme:
    programme = selectors.programmes().filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


def _url(region: Region, programme: FundingProgramme) -> str:
    return reverse("roadmap:programme", kwargs={"region_slug": region.slug, "programme_id": programme.pk})


@require_GET
@region_view
def catalogue(request: HttpRequest, region: Region) -> HttpResponse:
    today = timezone.localdate()
    listed = [
        (programme, selectors.coming_deadlines(programme, today)) for programme in selectors.programmes()
    ]
    context = {
        "region": region,
        "programmes": listed,
        "may_add": request.user.has_perm(ADD, region),
        "may_see_resources": request.user.has_perm(RESOURCES, region),
    }
    return render(request, "roadmap/programmes.html", context)


@require_GET
@region_view
def programme_detail(request: HttpRequest, region: Region, programme_id: int) -> HttpResponse:
    return _programme_page(request, region, _programme(programme_id))


def _programme_page(
    request: HttpRequest,
    region: Region,
    programme: FundingProgramme,
    deadline_form: DeadlineForm | None = None,
) -> HttpResponse:
    """The programme's page; with a refused deadline form, that form with its errors (status 400)."""
    may_change = request.user.has_perm(CHANGE, programme)
    context = {
        "region": region,
        "programme": programme,
        "deadlines": selectors.coming_deadlines(programme, timezone.localdate()),
        "projects": selectors.fitting_projects(programme, region, request.user),
        "may_change": may_change,
        "deadline_form": (deadline_form or DeadlineForm(auto_id="frist_%s")) if may_change else None,
    }
    return render(request, "roadmap/programme.html", context, status=400 if deadline_form else 200)


@login_required
@region_view
def programme_form(request: HttpRequest, region: Region, programme_id: int | None = None) -> HttpResponse:
    programme = _programme(programme_id) if programme_id is not None else None
    authorize(request, CHANGE if programme else ADD, programme or region)
    initial = {}
    if programme is not None:
        initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST if request.method == "POST" else None, initial=initial)
    if programme is not None:
        del form.fields["deadline"], form.fields["deadline_label"]
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("deadline", "deadline_label")}
        try:
            saved = services.save_programme(
                region=region, actor=request.user, data=data, deadlines=form.deadlines(), programme=programme
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("„%(name)s“ steht im Katalog.") % {"name": saved.name})
            return redirect(_url(region, saved))
    context = {"region": region, "programme": programme, "form": form}
    return render(request, "roadmap/programme_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
@region_view
def add_deadline(request: HttpRequest, region: Region, programme_id: int) -> HttpResponse:
    programme = _programme(programme_id)
    authorize(request, CHANGE, programme)
    form = DeadlineForm(request.POST, auto_id="frist_%s")
    if save_valid(
        request, form, services.add_deadline, programme=programme, actor=request.user, region=region
    ):
        messages.success(request, _("Die Frist ist eingetragen."))
        return redirect(_url(region, programme) + "#fristen")
    return _programme_page(request, region, programme, deadline_form=form)
