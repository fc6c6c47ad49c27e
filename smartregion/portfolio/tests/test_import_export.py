"""Project import (CSV/XLSX, preview, all or nothing) and export: the round trip, bad files, permissions."""

from __future__ import annotations

import codecs
import datetime
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import MembershipFactory
from smartregion.core.downloads import XLSX_CONTENT_TYPE
from smartregion.core.models import AuditEvent
from smartregion.portfolio import exports
from smartregion.portfolio.columns import (
    EXAMPLE_TITLE,
    HEADERS,
    MAX_ROWS,
    format_date,
    parse_date,
)
from smartregion.portfolio.models import Maturity, Project, ProjectStatus
from smartregion.portfolio.services import imports
from smartregion.portfolio.services.projects import create_project
from smartregion.regions.models import Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from smartregion.strategy import services as strategy_services

pytestmark = pytest.mark.django_db

FIELD_NAMES = ("Verwaltung", "Bildung", "Mobilität", "Innenstadt/Dorfmitte", "Gesundheit & Pflege")
MUNICIPALITY_NAMES = ("Greven", "Emsdetten", "Ibbenbüren", "Hörstel")
ORGANISATION_NAMES = ("Smart Region Büro", "Stadtwerke Münsterland", "Hochschule; Campus Steinfurt")
STATUSES = list(ProjectStatus.values)
MATURITIES = list(Maturity.values)


def _furnish(region: Region) -> Region:
    """Give a region the fields of action, municipalities and organisations the tests name."""
    strategy = strategy_services.create_strategy(region=region, title="Digitalstrategie")
    for name in FIELD_NAMES:
        strategy_services.add_field(strategy=strategy, actor=None, name=name)
    for name in MUNICIPALITY_NAMES:
        MunicipalityFactory(region=region, name=name)
    for name in ORGANISATION_NAMES:
        OrganisationFactory(region=region, name=name)
    return region


@pytest.fixture
def region(steinfurt: Region) -> Region:
    return _furnish(steinfurt)


@pytest.fixture
def empty_region() -> Region:
    return _furnish(RegionFactory(name="Kreis Leer", slug="kreis-leer"))


def _project_data(region: Region, i: int) -> dict[str, Any]:
    fields = list(region.strategy.fields.all())
    municipalities = list(region.municipalities.all())
    organisations = list(region.organisations.all())
    start = datetime.date(2020 + i % 6, 1 + i % 12, 1 + i % 28)
    return {
        "title": f"Projekt {i:02d}: Digitale Dienste für Ältere" if i % 5 else f"=Formel {i}",
        "summary": f'Kurz; mit Semikolon, Komma und "Anführungszeichen" – Nr. {i}',
        "starting_point": f"Ausgangslage {i}\nzweite Zeile mit Umlauten äöüß €",
        "goals": f"-Ziel {i}" if i % 3 == 0 else f"Ziel {i}",
        "measures": f"+Maßnahme {i}" if i % 4 == 0 else f"Maßnahme {i}",
        "target_groups": f"@Zielgruppe {i}" if i % 7 == 0 else f"Zielgruppe {i}",
        "fields": fields[i % len(fields) : i % len(fields) + 1 + i % 3],
        "municipalities": municipalities[: 1 + i % len(municipalities)],
        "lead_organisation": organisations[i % len(organisations)] if i % 4 else None,
        "lead_person": f"Person {i}",
        "partners": f"Partner {i}",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=30 * i) if i % 6 else None,
        "indicators": f"Indikator {i}",
        "risks": f"Risiko {i}",
        "maturity": MATURITIES[i % len(MATURITIES)],
    }


@pytest.fixture
def thirty_one(region: Region) -> list[Project]:
    return [
        create_project(
            region=region, actor=None, data=_project_data(region, i), status=STATUSES[i % len(STATUSES)]
        )
        for i in range(31)
    ]


def _profile(project: Project) -> dict[str, Any]:
    """Everything the file carries, with related objects by name (they differ between regions)."""
    return {
        "title": project.title,
        "summary": project.summary,
        "starting_point": project.starting_point,
        "goals": project.goals,
        "measures": project.measures,
        "target_groups": project.target_groups,
        "fields": sorted(f.name for f in project.fields.all()),
        "municipalities": sorted(m.name for m in project.municipalities.all()),
        "lead_organisation": project.lead_organisation.name if project.lead_organisation else None,
        "lead_person": project.lead_person,
        "partners": project.partners,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "indicators": project.indicators,
        "risks": project.risks,
        "maturity": project.maturity,
        "status": project.status,
    }


def _profiles(region: Region) -> list[dict[str, Any]]:
    return [_profile(p) for p in Project.objects.filter(region=region).order_by("title", "pk")]


def _csv(
    *rows: list[str], header: tuple[str, ...] = HEADERS, delimiter: str = ";", encoding: str = "utf-8"
) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return "\r\n".join(lines).encode(encoding)


def _row(**cells: str) -> list[str]:
    """A valid row, with some cells replaced (keys are headers with "_" for spaces)."""
    values = dict.fromkeys(HEADERS, "")
    values.update({"Titel": "Digitales Rathaus", "Kommunen": "Greven", "Handlungsfelder": "Verwaltung"})
    values.update({key.replace("_", " "): value for key, value in cells.items()})
    return [values[header] for header in HEADERS]


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(region: Region, content: bytes) -> list[Project]:
    return imports.import_projects(region=region, actor=None, table=imports.read_table(content))


# The round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_of_31_projects_imports_into_an_empty_region_unchanged(
    thirty_one, region, empty_region, file_format
):
    projects = exports.with_columns(Project.objects.filter(region=region))
    content = exports.projects_csv(projects) if file_format == "csv" else exports.projects_xlsx(projects)

    imported = _import(empty_region, content)

    assert len(imported) == 31
    assert _profiles(empty_region) == _profiles(region)
    assert all(p.region_id == empty_region.pk for p in imported)


def test_the_31_demo_projects_of_steinfurt_round_trip(demo):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    twin = RegionFactory(name="Kreis Zwilling", slug="kreis-zwilling")
    strategy = strategy_services.create_strategy(region=twin, title="Strategie")
    for field in steinfurt.strategy.fields.all():
        strategy_services.add_field(strategy=strategy, actor=None, name=field.name)
    for municipality in steinfurt.municipalities.all():
        MunicipalityFactory(region=twin, name=municipality.name)
    for organisation in steinfurt.organisations.all():
        OrganisationFactory(region=twin, name=organisation.name)
    content = exports.projects_xlsx(exports.with_columns(Project.objects.filter(region=steinfurt)))

    assert len(_import(twin, content)) == 31
    assert _profiles(twin) == _profiles(steinfurt)


def test_csv_export_is_utf8_with_bom_and_semicolons_for_german_excel(thirty_one, region):
    content = exports.projects_csv(exports.with_columns(Project.objects.filter(region=region)))

    assert content.startswith(codecs.BOM_UTF8)
    first_line = content.decode("utf-8-sig").split("\r\n")[0]
    assert first_line.split(";") == list(HEADERS)
    assert "'=Formel 0" in content.decode("utf-8-sig")  # Excel must not run it as a formula


def test_xlsx_export_stores_text_that_looks_like_a_formula_as_text(thirty_one, region):
    content = exports.projects_xlsx(exports.with_columns(Project.objects.filter(region=region)))

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Projekte"]
    titles = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in titles if str(cell.value).startswith("'="))  # the importer drops "'"
    assert formula.data_type == "s"


def test_import_creates_versions_and_an_audit_entry(region):
    projects = _import(region, _csv(_row(Titel="Eins"), _row(Titel="Zwei")))

    assert [p.version for p in projects] == [1, 1]
    assert all(p.versions.count() == 1 for p in projects)
    assert AuditEvent.objects.filter(action="project.imported", details__count=2).exists()


# Accepted variants ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", ","), ("utf-16", "\t")],
)
def test_csv_in_every_accepted_encoding_and_delimiter_is_read(region, encoding, delimiter):
    row = _row(Titel="Bürgerbüro €", Kommunen="Ibbenbüren | Hörstel", Beginn="01.03.2025")
    content = _csv(row, delimiter=delimiter, encoding=encoding)

    (project,) = _import(region, content)

    assert project.title == "Bürgerbüro €"
    assert sorted(m.name for m in project.municipalities.all()) == ["Hörstel", "Ibbenbüren"]
    assert project.start_date == datetime.date(2025, 3, 1)


def test_names_labels_and_keys_are_matched_without_case(region):
    row = _row(
        Handlungsfelder="  verwaltung |MOBILITÄT  ",
        Federführung="smart region büro",
        Reifegrad="PILOT",
        Stand="ausgewählt: leitprojekt",
    )

    (project,) = _import(region, _csv(row))

    assert sorted(f.name for f in project.fields.all()) == ["Mobilität", "Verwaltung"]
    assert project.lead_organisation.name == "Smart Region Büro"
    assert (project.maturity, project.status) == (Maturity.PILOT, ProjectStatus.LEAD)


def test_xlsx_with_date_and_number_cells_is_read(region):
    row = _row()
    header = list(HEADERS)
    values: list[Any] = list(row)
    values[header.index("Beginn")] = datetime.datetime(2025, 3, 1)  # noqa: DTZ001 - Excel has no time zones
    values[header.index("Ende")] = datetime.date(2025, 12, 31)
    values[header.index("Titel")] = 2030
    values[header.index("Zielgruppen")] = 1.5  # German notation, not 15 (1.500) nor a date
    (project,) = _import(region, _xlsx([header, values]))

    assert (project.start_date, project.end_date) == (datetime.date(2025, 3, 1), datetime.date(2025, 12, 31))
    assert (project.title, project.target_groups) == ("2030", "1,5")


def test_template_holds_headers_an_example_and_explanations(region, empty_region):
    workbook = openpyxl.load_workbook(io.BytesIO(exports.import_template_xlsx(region)))

    projects, explanations, choices = workbook.worksheets
    assert [c.value for c in projects[1]] == list(HEADERS)
    assert projects["A2"].value == EXAMPLE_TITLE
    assert [row[0].value for row in explanations.iter_rows(min_row=2, max_row=len(HEADERS) + 1)] == list(
        HEADERS
    )
    assert "Greven" in [c.value for c in choices["B"]]


def test_template_example_row_is_refused_so_it_is_never_imported(region):
    check = imports.check_file(region=region, content=exports.import_template_xlsx(region))

    assert not check.is_valid
    assert "Beispielzeile" in check.messages()[0]


# Bad files: clear message, nothing changed ---------------------------------------------------


def _assert_refused(region: Region, content: bytes, *expected: str) -> None:
    before = Project.objects.count()
    check = imports.check_file(region=region, content=content)
    text = " ".join(check.messages())

    assert not check.is_valid
    for part in expected:
        assert part in text
    with pytest.raises(ValidationError):
        imports.import_projects(region=region, actor=None, table=check.table)
    assert Project.objects.count() == before


def test_wrong_columns_are_named(region):
    header = (*(h for h in HEADERS if h != "Indikatoren"), "Kennzahlen")

    _assert_refused(
        region, _csv(_row()[:-1], header=header), "Es fehlen die Spalten „Indikatoren“", "„Kennzahlen“"
    )


def test_old_file_with_the_column_kosten_is_refused_and_creates_nothing(region):
    end = HEADERS.index("Ende") + 1  # where the earlier template had its column "Kosten"
    header = (*HEADERS[:end], "Kosten", *HEADERS[end:])
    row = _row(Titel="Altes Projekt")
    row.insert(end, "120.000,00")

    _assert_refused(
        region,
        _csv(row, header=header),
        "Die Spalten „Kosten“ gibt es nicht mehr: Kosten, Personal und Finanzierung werden im Fahrplan "
        "jedes Projekts geplant.",
    )
    assert not imports.check_file(region=region, content=_csv(row, header=header)).rows
    assert not AuditEvent.objects.filter(action="project.imported").exists()


def test_doubled_column_is_refused(region):
    _assert_refused(region, _csv(header=(*HEADERS, "Titel")), "doppelte Spalten: „Titel“")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"Beginn": "01.06.2025", "Ende": "31.05.2025"},
            "Zeile 3, Spalte „Ende“: Das Ende (31.05.2025) liegt vor",
        ),
        ({"Beginn": "31.02.2025"}, "Den Tag „31.02.2025“ gibt es nicht"),
        ({"Ende": "nächstes Jahr"}, "„nächstes Jahr“ ist kein Datum im Format TT.MM.JJJJ"),
        ({"Beginn": "1.6.25"}, "kein Datum"),
        ({"Kommunen": "Greven | Atlantis"}, "Die Kommune „Atlantis“ gehört nicht zu dieser Region"),
        ({"Handlungsfelder": "Raumfahrt"}, "Das Handlungsfeld „Raumfahrt“ gibt es in der Strategie"),
        ({"Federführung": "Unbekannt GmbH"}, "Die Organisation „Unbekannt GmbH“ ist in dieser Region nicht"),
        ({"Reifegrad": "fast fertig"}, "„fast fertig“ ist keine gültige Angabe"),
        ({"Stand": "erledigt"}, "„erledigt“ ist keine gültige Angabe"),
        ({"Titel": ""}, "Bitte geben Sie einen Titel an"),
        ({"Titel": "x" * 201}, "erlaubt sind höchstens 200"),
        ({"Titel": EXAMPLE_TITLE}, "Beispielzeile"),
    ],
)
def test_bad_cell_is_refused_with_row_and_column(region, cells, expected):
    _assert_refused(region, _csv(_row(Titel="Gute Zeile"), _row(**cells)), expected)


def test_one_bad_row_stops_the_whole_import(region):
    rows = [_row(Titel=f"Gut {i}") for i in range(5)] + [_row(Kommunen="Atlantis")]

    _assert_refused(region, _csv(*rows), "Zeile 7")


def test_value_in_a_column_without_header_is_refused(region):
    _assert_refused(region, _csv([*_row(), "übrig"]), "Spalten ohne Überschrift")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Die Datei ist leer"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01",
            "weder eine CSV- noch eine XLSX",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "weder eine CSV- noch eine XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "alten Excel-Format (.xls)"),
        (b"PK\x03\x04 kaputt", "weder eine CSV- noch eine XLSX"),
        (b"Titel;Beginn\n" + b"\x81\x8d\x8f\x90\x9d", "Zeichenkodierung"),
        (b'Titel;Kurzbeschreibung\n"offen;nie geschlossen\n' + b"x" * 200_000, "CSV-Datei ist in Zeile"),
        (b"Titel\n", "Es fehlen die Spalten"),
        (_csv(), "keine Projekte"),
        (b"\n\n ;;; \n", "keine Daten"),
    ],
)
def test_unreadable_file_is_refused_with_a_german_message(region, content, expected):
    _assert_refused(region, content, expected)


def test_zip_that_is_no_workbook_is_refused(region):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # e.g. an OpenDocument spreadsheet

    _assert_refused(region, buffer.getvalue(), "weder eine CSV- noch eine XLSX")


def test_file_over_5_mb_is_refused(region):
    _assert_refused(region, _csv(_row(Kurzbeschreibung="x" * (5 * 1024 * 1024))), "größer als 5 MB")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [MAX_ROWS + 1, 2001])
def test_more_rows_than_allowed_are_refused(region, file_format, count):
    rows = [_row(Titel=f"Projekt {i}") for i in range(count)]
    content = _csv(*rows) if file_format == "csv" else _xlsx([list(HEADERS), *rows])

    _assert_refused(region, content, f"mehr als {MAX_ROWS} Projektzeilen")


def test_as_many_rows_as_allowed_are_checked(region):
    rows = [_row(Titel=f"Projekt {i}") for i in range(MAX_ROWS)]

    assert imports.check_file(region=region, content=_csv(*rows)).is_valid


def test_xlsx_that_unpacks_huge_is_refused(region):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", " " * (60 * 1024 * 1024))

    _assert_refused(region, buffer.getvalue(), "entpackt zu groß")


def test_import_rechecks_against_the_region_at_import_time(region):
    table = imports.read_table(_csv(_row(Kommunen="Hörstel")))
    assert imports.parse_table(region=region, table=table).is_valid
    region.municipalities.filter(name="Hörstel").delete()

    with pytest.raises(ValidationError, match="Hörstel"):
        imports.import_projects(region=region, actor=None, table=table)
    assert Project.objects.count() == 0


def test_names_of_another_region_are_unknown(region, empty_region):
    empty_region.municipalities.create(name="Nur Leer", slug="nur-leer")

    _assert_refused(region, _csv(_row(Kommunen="Nur Leer")), "„Nur Leer“ gehört nicht zu dieser Region")


def test_duplicate_titles_are_flagged_but_allowed(region):
    create_project(region=region, actor=None, data={"title": "Doppelt"})

    check = imports.check_file(region=region, content=_csv(_row(Titel="Doppelt"), _row(Titel="doppelt")))

    assert check.is_valid
    assert "gibt es schon" in check.rows[0].warnings[0]
    assert "Zeile 2" in check.rows[1].warnings[-1]


# Properties ----------------------------------------------------------------------------------

cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "01.02.2025", "31.12.2024", "29.02.2024", "2025-06-01", "1.234,56", "-1", "Greven"]),
    st.dates().map(format_date),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(st.one_of(st.just(list(HEADERS)), st.lists(st.sampled_from([*HEADERS, "Budget", ""]))))
    rows = draw(st.lists(st.lists(cell_text, min_size=len(header), max_size=len(header) + 1), max_size=5))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in [header, *rows])
    return text.encode(encoding, errors="replace")


def _assert_sound(check: imports.ImportCheck) -> None:
    assert all(isinstance(message, str) and message for message in check.messages())
    for row in check.rows:
        if not row.errors:
            start, end = row.data["start_date"], row.data["end_date"]
            assert start is None or end is None or start <= end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=600), st.text(max_size=600).map(lambda t: t.encode("utf-8", "replace"))
    )
)
@example(content=b"PK\x03\x04")
@example(content=b"\xef\xbb\xbf")
@example(content=b"\xff\xfe\x00")
@example(content=b"Titel\x00;Beginn")
def test_checking_arbitrary_bytes_never_raises(region, content):
    _assert_sound(imports.check_file(region=region, content=content))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=csv_files())
def test_checking_any_table_never_raises_nor_accepts_an_end_before_the_start(region, content):
    _assert_sound(imports.check_file(region=region, content=content))


@given(day=st.dates())
def test_dates_read_back_as_written(day):
    assert parse_date(format_date(day)) == day


# Over HTTP -----------------------------------------------------------------------------------

IMPORT_URL = "/r/kreis-steinfurt/projekte/import/"
PREVIEW_URL = "/r/kreis-steinfurt/projekte/import/vorschau/"
TEMPLATE_URL = "/r/kreis-steinfurt/projekte/import/vorlage.xlsx"


def _upload(client: Any, content: bytes, name: str = "projekte.csv", url: str = IMPORT_URL) -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _token(response: Any) -> str:
    return str(response["Location"].split("id=")[1])


def test_coordinator_uploads_previews_and_imports(login, coordinator, region):
    client = login(coordinator)
    assert client.get(IMPORT_URL).status_code == 200

    response = _upload(client, _csv(_row(Titel="Eins"), _row(Titel="Zwei")))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Jetzt importieren" in preview.content.decode()
    assert Project.objects.count() == 0

    done = client.post(PREVIEW_URL, {"id": _token(response)})

    assert done.status_code == 302
    assert sorted(Project.objects.values_list("title", flat=True)) == ["Eins", "Zwei"]
    assert f"portfolio_import:{region.pk}" not in client.session
    assert client.post(PREVIEW_URL, {"id": _token(response)}).status_code == 302  # no second import
    assert Project.objects.count() == 2


def test_preview_lists_row_errors_in_words_and_offers_no_import(login, coordinator, region):
    client = login(coordinator)
    response = _upload(client, _csv(_row(Titel="Gut"), _row(Kommunen="Atlantis")))

    page = client.get(response["Location"]).content.decode()

    assert "Fehler" in page
    assert "„Atlantis“" in page
    assert "Jetzt importieren" not in page
    assert '<th scope="row" class="kern-table__header">3</th>' in page
    client.post(PREVIEW_URL, {"id": _token(response)})
    assert Project.objects.count() == 0


def test_unreadable_upload_shows_the_error_on_the_form(login, coordinator, region):
    client = login(coordinator)

    response = _upload(client, b"%PDF-1.7\x00", name="bericht.pdf")

    assert response.status_code == 200
    assert "weder eine CSV- noch eine XLSX" in response.content.decode()
    assert not any(key.startswith("portfolio_import") for key, _value in client.session.items())


def test_upload_over_5_mb_is_refused_without_keeping_it(login, coordinator, region):
    client = login(coordinator)

    response = _upload(client, b"Titel\n" + b"x" * (6 * 1024 * 1024))

    assert "größer als 5 MB" in response.content.decode()
    assert Project.objects.count() == 0


def test_upload_and_import_need_the_csrf_token(coordinator, region):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    client.get(IMPORT_URL)
    token = client.cookies["csrftoken"].value

    assert _upload(client, _csv(_row())).status_code == 403
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("p.csv", _csv(_row())), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert client.post(PREVIEW_URL, {"id": _token(response)}).status_code == 403
    assert Project.objects.count() == 0
    client.post(PREVIEW_URL, {"id": _token(response), "csrfmiddlewaretoken": token})
    assert Project.objects.count() == 1


def test_confirm_with_unknown_id_imports_nothing(login, coordinator, region):
    client = login(coordinator)
    _upload(client, _csv(_row()))

    response = client.post(PREVIEW_URL, {"id": "erfunden"}, follow=True)

    assert "Vorschau ist abgelaufen" in response.content.decode()
    assert Project.objects.count() == 0


def test_confirm_checks_again_and_imports_nothing_if_names_vanished(login, coordinator, region):
    client = login(coordinator)
    response = _upload(client, _csv(_row(Kommunen="Hörstel")))
    region.municipalities.filter(name="Hörstel").delete()

    page = client.post(PREVIEW_URL, {"id": _token(response)})

    assert page.status_code == 200
    assert "„Hörstel“" in page.content.decode()
    assert Project.objects.count() == 0


def test_preview_of_one_region_cannot_be_imported_into_another(login, coordinator, region, coesfeld):
    MembershipFactory(user=coordinator, region=coesfeld, role=Role.COORDINATOR)
    client = login(coordinator)
    response = _upload(client, _csv(_row()))

    client.post("/r/kreis-coesfeld/projekte/import/vorschau/", {"id": _token(response)})

    assert Project.objects.count() == 0


@pytest.mark.parametrize("url", [IMPORT_URL, PREVIEW_URL, TEMPLATE_URL])
def test_anonymous_is_sent_to_login(client, region, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_upload_changes_nothing(client, region):
    response = _upload(client, _csv(_row()))

    assert response.status_code == 302
    assert Project.objects.count() == 0


@pytest.mark.parametrize("person", ["officer", "reader", "coesfeld_coordinator"])
@pytest.mark.parametrize("url", [IMPORT_URL, PREVIEW_URL, TEMPLATE_URL])
def test_only_the_regions_coordinator_may_open_the_import(request, login, region, person, url):
    assert login(request.getfixturevalue(person)).get(url).status_code == 403


@pytest.mark.parametrize("person", ["officer", "reader", "coesfeld_coordinator"])
@pytest.mark.parametrize("url", [IMPORT_URL, PREVIEW_URL])
def test_only_the_regions_coordinator_may_import(request, login, region, person, url):
    response = _upload(login(request.getfixturevalue(person)), _csv(_row()), url=url)

    assert response.status_code == 403
    assert Project.objects.count() == 0


def test_a_project_called_import_does_not_hide_the_import_page(login, coordinator, region):
    project = create_project(region=region, actor=None, data={"title": "Import"})

    assert project.get_absolute_url() != IMPORT_URL
    assert "Projekte importieren" in login(coordinator).get(IMPORT_URL).content.decode()


def test_unknown_region_is_404(login, coordinator, region):
    assert login(coordinator).get("/r/gibt-es-nicht/projekte/import/").status_code == 404


def test_coordinator_downloads_the_template(login, coordinator, region):
    response = login(coordinator).get(TEMPLATE_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_shows_the_public_only_what_they_may_see(client, login, coordinator, region, extension):
    create_project(region=region, actor=None, data={"title": "Öffentlich"}, status=ProjectStatus.LEAD)
    create_project(region=region, actor=None, data={"title": "Intern"}, status=ProjectStatus.DRAFTING)
    url = f"/r/kreis-steinfurt/projekte/export.{extension}"

    public = imports.read_table(client.get(url).content)
    internal = imports.read_table(login(coordinator).get(url).content)

    assert [row[0] for row in public[1:]] == ["Öffentlich"]
    assert [row[0] for row in internal[1:]] == ["Intern", "Öffentlich"]


def test_page_texts_are_german_and_tables_accessible(login, coordinator, region):
    client = login(coordinator)
    page = client.get(IMPORT_URL).content.decode()
    preview = client.get(_upload(client, _csv(_row()))["Location"]).content.decode()

    assert "Projekte importieren" in page
    assert 'enctype="multipart/form-data"' in page
    for html in (page, preview):
        assert "<caption" in html
        assert 'scope="col"' in html
    assert "Vorschau des Imports" in preview
