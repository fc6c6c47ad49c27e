"""Region pages: public start page, municipalities, organisations, legal pages, management."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartregion.core import modules, pagecache
from smartregion.core.documents import render_pdf
from smartregion.core.downloads import download
from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.markdown import render_markdown
from smartregion.core.navigation import region_url
from smartregion.core.permissions import authorize
from smartregion.regions import legal as legal_texts
from smartregion.regions import selectors, services
from smartregion.regions.decorators import region_view
from smartregion.regions.forms import (
    LEGAL_FORMS,
    AdditionForm,
    ModulesForm,
    MunicipalityForm,
    OrganisationForm,
    RegionPagesForm,
    barrier_formset,
    barriers_of,
)
from smartregion.regions.models import Municipality, Organisation, Region

PAGE_SIZE = 50
LEGAL_PAGES = {
    "impressum": ("imprint", gettext_lazy("Impressum")),
    "datenschutz": ("privacy", gettext_lazy("Datenschutzerklärung")),
    "barrierefreiheit": ("accessibility", gettext_lazy("Erklärung zur Barrierefreiheit")),
}


@lru_cache(maxsize=512)
def _description_html(text: str) -> SafeString:
    """A region's description as HTML; the same text gives the same HTML, so it is rendered once."""
    return render_markdown(text)


@require_GET
@region_view
def detail(request: HttpRequest, region: Region) -> HttpResponse:
    context = {
        "region": region,
        "description": _description_html(region.description) if region.description else "",
        "federal_state": selectors.federal_state_label(region.federal_state),
        "summary": selectors.region_summary(region),
        "municipalities": selectors.municipalities_of(region).only("name")[:60],
        # The panels show public content only, the same for everyone: kept until the region's
        # content changes (pagecache.kept), so signed-in people's start page does not read the
        # latest updates, reports and events again on every visit.
        "panels": pagecache.kept(
            f"overview-panels|{region.pk}|{get_language()}",
            request.path,
            lambda: modules.overview_panels(region),
        ),
    }
    return render(request, "regions/detail.html", context)


@require_GET
@region_view
def municipality_list(request: HttpRequest, region: Region) -> HttpResponse:
    page = pagecache.CountedPaginator(
        selectors.municipalities_of(region), PAGE_SIZE, path=request.path
    ).get_page(request.GET.get("seite"))
    # Population with the language's thousands separator, formatted once per page rather than by
    # |intcomma per row (which looks the number format up again for every number).
    separator = get_format("THOUSAND_SEPARATOR")
    for municipality in page.object_list:
        population = municipality.population
        municipality.population_display = f"{population:,}".replace(",", separator) if population else "–"
    can_manage = request.user.has_perm("regions.add_municipality", region)
    context = {
        "region": region,
        "page": page,
        "columns": selectors.municipality_columns(page.object_list),
        "can_manage": can_manage,
        # Asked once here, not twice per row in the template (``user`` is a lazy object there).
        "show_actions": request.user.is_authenticated,
    }
    return render(request, "regions/municipality_list.html", context)


@require_GET
@region_view
def organisation_list(request: HttpRequest, region: Region) -> HttpResponse:
    page = pagecache.CountedPaginator(
        selectors.organisations_of(region), PAGE_SIZE, path=request.path
    ).get_page(request.GET.get("seite"))
    can_manage = request.user.has_perm("regions.add_organisation", region)
    return render(
        request, "regions/organisation_list.html", {"region": region, "page": page, "can_manage": can_manage}
    )


@require_GET
@region_view
def legal(request: HttpRequest, region: Region, page: str) -> HttpResponse:
    """The region's Impressum, Datenschutzerklärung or Erklärung zur Barrierefreiheit, built from its
    legal details (and, for the privacy page, the modules it uses) with its own addition below."""
    if page not in LEGAL_PAGES:
        raise Http404
    addition_field, title = LEGAL_PAGES[page]
    details = selectors.legal_details_of(region)
    addition = getattr(region, addition_field)
    context: dict[str, object] = {
        "region": region,
        "title": title,
        "details": details,
        "addition": render_markdown(addition) if addition else "",
        "can_manage": request.user.has_perm("regions.manage_region", region),
        "page_key": page,
    }
    context["missing"] = legal_texts.missing_fields(details, page)
    if page == "datenschutz":
        in_use = [m.key for m in modules.modules() if modules.is_on(region, m.key)]
        context["sections"] = legal_texts.privacy_sections(details, in_use)
        context["rights"] = legal_texts.RIGHTS
        context["operator"] = legal_texts.operator()
    elif page == "barrierefreiheit":
        context["federal"] = legal_texts.FEDERAL_ARBITRATION
    return render(request, f"regions/legal/{page}.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def legal_edit(request: HttpRequest, region: Region, page: str) -> HttpResponse:
    """Edit what one legal page is built from, the region's own text below it and, for the
    accessibility statement, its list of barriers; all saved together or not at all."""
    authorize(request, "regions.manage_region", region)
    if page not in LEGAL_FORMS:
        raise Http404
    details = selectors.legal_details_of(region)
    data = request.POST if request.method == "POST" else None
    form_class = LEGAL_FORMS[page]
    form = form_class(data, instance=details)
    addition = AdditionForm(data, legal_form=form_class, region=region)
    barriers = barrier_formset(data, details) if page == "barrierefreiheit" else None
    parts_valid = [form.is_valid(), addition.is_valid(), barriers is None or barriers.is_valid()]
    if data is not None and all(parts_valid):
        try:
            services.update_legal_details(
                region=region,
                actor=request.user,
                data={**form.cleaned_data, form_class.addition: addition.cleaned_data["text"]},
                barriers=barriers_of(barriers) if barriers is not None else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Angaben wurden gespeichert."))
            return redirect("regions:legal", region_slug=region.slug, page=page)
    context = {
        **_form_context(region, form, _("%(page)s bearbeiten") % {"page": LEGAL_PAGES[page][1]}, "manage"),
        "addition": addition,
        "barriers": barriers,
        "page_key": page,
    }
    return render(request, "regions/legal_form.html", context, status=400 if data is not None else 200)


@login_required
@require_GET
@region_view
def manage(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.manage_region", region)
    context = {
        "region": region,
        "summary": selectors.region_summary(region, members=True),
        "todo": modules.dashboard_items(region, request.user),
        "exports": [
            (exporter, region_url(exporter.url_name, region.slug))
            for _m, exporter in modules.exporters(region)
        ],
        "modules_in_use": [m for m in modules.modules() if m.navigation and modules.is_on(region, m.key)],
    }
    return render(request, "regions/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def modules_edit(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.manage_region", region)
    form = ModulesForm(request.POST or None, region=region)
    saved = save_valid(
        request,
        form,
        services.set_modules_in_use,
        region=region,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Auswahl der Module wurde gespeichert."))
        return redirect("regions:manage", region_slug=region.slug)
    return render(
        request, "regions/object_form.html", _form_context(region, form, _("Module der Region"), "manage")
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def municipality_create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.add_municipality", region)
    form = MunicipalityForm(request.POST or None)
    municipality = save_valid(request, form, services.create_municipality, region=region, actor=request.user)
    if municipality is not None:
        messages.success(request, _("Die Kommune „%(name)s“ wurde angelegt.") % {"name": municipality.name})
        return redirect("regions:municipalities", region_slug=region.slug)
    return render(
        request,
        "regions/object_form.html",
        _form_context(region, form, _("Kommune anlegen"), "municipalities"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def municipality_edit(request: HttpRequest, region: Region, municipality_slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, region=region, slug=municipality_slug)
    authorize(request, "regions.change_municipality", municipality)
    form = MunicipalityForm(request.POST or None, initial=MunicipalityForm.initial_for(municipality))
    saved = save_valid(
        request,
        form,
        services.update_municipality,
        data_as="data",
        municipality=municipality,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Änderungen wurden gespeichert."))
        return redirect("regions:municipalities", region_slug=region.slug)
    title = _("%(name)s bearbeiten") % {"name": municipality.name}
    return render(request, "regions/object_form.html", _form_context(region, form, title, "municipalities"))


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def organisation_create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.add_organisation", region)
    form = OrganisationForm(request.POST or None)
    organisation = save_valid(request, form, services.create_organisation, region=region, actor=request.user)
    if organisation is not None:
        messages.success(
            request, _("Die Organisation „%(name)s“ wurde angelegt.") % {"name": organisation.name}
        )
        return redirect("regions:organisations", region_slug=region.slug)
    return render(
        request,
        "regions/object_form.html",
        _form_context(region, form, _("Organisation anlegen"), "organisations"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def organisation_edit(request: HttpRequest, region: Region, organisation_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, region=region, slug=organisation_slug)
    authorize(request, "regions.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.initial_for(organisation))
    saved = save_valid(
        request,
        form,
        services.update_organisation,
        data_as="data",
        organisation=organisation,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Änderungen wurden gespeichert."))
        return redirect("regions:organisations", region_slug=region.slug)
    title = _("%(name)s bearbeiten") % {"name": organisation.name}
    return render(request, "regions/object_form.html", _form_context(region, form, title, "organisations"))


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def pages_edit(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.manage_region", region)
    form = RegionPagesForm(request.POST or None, initial=RegionPagesForm.initial_for(region))
    saved = save_valid(
        request,
        form,
        services.update_region_pages,
        data_as="data",
        region=region,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Seiten der Region wurden gespeichert."))
        return redirect("regions:manage", region_slug=region.slug)
    return render(
        request,
        "regions/object_form.html",
        _form_context(region, form, _("Name und Beschreibung der Region"), "manage"),
    )


def _form_context(region: Region, form: object, title: str, back: str) -> dict[str, object]:
    return {"region": region, "form": form, "title": title, "back_url_name": f"regions:{back}"}


@login_required
@require_GET
@region_view
def processing_record(request: HttpRequest, region: Region) -> HttpResponse:
    """The region's record of processing activities (Art. 30 DSGVO), built from the modules it uses."""
    authorize(request, "regions.manage_region", region)
    return render(
        request,
        "regions/processing_record.html",
        {"region": region, "record": selectors.processing_record_of(region)},
    )


@login_required
@require_GET
@region_view
def processing_record_pdf(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.manage_region", region)
    record = selectors.processing_record_of(region)
    content = render_pdf("regions/processing_record_pdf.html", {"region": region, "record": record})
    return download(
        content, "application/pdf", f"verarbeitungsverzeichnis-{region.slug}-{record.made_on}.pdf"
    )
