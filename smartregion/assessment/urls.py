"""Pages of the assessment under /r/<region>/bewertung/."""

from django.urls import URLPattern, path

from smartregion.assessment.views import rating, results, rounds

app_name = "assessment"

R = "bewertung/<int:assessment_id>/"

urlpatterns: list[URLPattern] = [
    path("bewertung/", rounds.overview, name="overview"),
    path("bewertung/neu/", rounds.create, name="create"),
    path("bewertung/beschluesse/", rounds.decision_log, name="decisions"),
    path(R, rounds.round_detail, name="round"),
    path(R + "frist/", rounds.change_deadline, name="deadline"),
    path(R + "abschliessen/", rounds.close, name="close"),
    path(R + "veroeffentlichen/", rounds.publish, name="publish"),
    path(R + "bewerten/", rating.rate, name="rate"),
    path(R + "ergebnis/", results.results, name="results"),
    path(R + "beschluesse/", results.record_decisions, name="record_decisions"),
    path(R + "sitzungsvorlage.pdf", results.paper_pdf, name="paper_pdf"),
    path(R + "sitzungsvorlage.docx", results.paper_docx, name="paper_docx"),
]
