"""Removals ask first, in the browser: the demo coordinator removes a value of the strategy by
keyboard only (Tab, Enter) through its confirmation page, cancels the removal of a field of action
(whose page names the goals that would go with it), and finds no moderation decision preset for a
survey's free texts or a waiting comment. Every page passes axe; screenshots at 1280 and 390 px land in
test-results/screens/.

What the pages remove here was made by the test itself (a value added through the editor, a
comment written on an idea's page), so the demo keeps its content on PostgreSQL too, where the live
server's writes are not rolled back.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus
from smartregion.strategy.models import FieldOfAction, Value
from smartregion.surveys.models import Survey, TextAnswer, TextAnswerStatus
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, tab_to, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
EDITOR = "/r/kreis-steinfurt/strategie/bearbeiten/"
VALUE = "Offene Schnittstellen (Probe)"


def look(page: Page, name: str) -> None:
    """axe and a screenshot at 1280 and at 390 px wide."""
    check_axe(page)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"confirm-{name}.png", full_page=True)
    page.set_viewport_size(MOBILE)
    check_axe(page)
    page.screenshot(path=SCREENS_DIR / f"confirm-{name}-mobile.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_the_coordinator_removes_a_value_by_keyboard_after_confirming(
    page: Page, request_log: RequestLog
) -> None:
    page.set_viewport_size(DESKTOP)
    login(page, demo_email("koordination", "steinfurt"))
    visit(page, EDITOR + "werte/neu/")
    page.get_by_label("Wert", exact=True).fill(VALUE)
    with page.expect_navigation(wait_until="load"):
        page.get_by_label("Wert", exact=True).press("Enter")
    value = Value.objects.get(name=VALUE)
    removal = f"{EDITOR}werte/{value.pk}/entfernen/"

    # The list's "Entfernen" is a link to the question, reached and followed by keyboard.
    tab_to(page, f'a[href="{removal}"]', limit=200)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Wert „{VALUE}“ entfernen?")
    expect(page.locator("main")).to_contain_text("Frühere Fassungen der Strategie behalten ihn")
    assert Value.objects.filter(pk=value.pk).exists(), "showing the question removed nothing"
    look(page, "value")

    # The red button is the first control of the page's content; Enter removes.
    tab_to(page, "button.confirm-removal__button")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url.endswith(EDITOR + "#werte")
    expect(page.get_by_role("status").first).to_contain_text(f"„{VALUE}“ wurde entfernt.")
    assert not Value.objects.filter(pk=value.pk).exists()
    request_log.assert_same_host()


def test_cancelling_the_removal_of_a_field_keeps_it_and_its_goals(
    page: Page, request_log: RequestLog
) -> None:
    page.set_viewport_size(DESKTOP)
    login(page, demo_email("koordination", "steinfurt"))
    field = FieldOfAction.objects.filter(
        strategy__region__slug="kreis-steinfurt", goals__isnull=False
    ).first()
    assert field is not None
    goals = field.goals.count()
    visit(page, f"{EDITOR}handlungsfelder/{field.pk}/entfernen/")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handlungsfeld „{field.name}“ entfernen?")
    expect(page.locator("main")).to_contain_text(f"Ebenfalls entfernt werden: {goals} Ziel")
    look(page, "field")

    tab_to(page, ".confirm-removal a.kern-link")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url.endswith(EDITOR + "#handlungsfelder")
    assert FieldOfAction.objects.filter(pk=field.pk).exists()
    assert field.goals.count() == goals
    request_log.assert_same_host()


def test_free_texts_have_no_preset_decision_and_a_missing_one_is_explained(
    page: Page, request_log: RequestLog
) -> None:
    page.set_viewport_size(DESKTOP)
    survey = Survey.objects.filter(questions__text_answers__isnull=False).select_related("region").first()
    assert survey is not None, "the demo has a survey with free texts"
    region = survey.region.slug
    login(page, demo_email("koordination", region.removeprefix("kreis-")))
    before = list(TextAnswer.objects.filter(question__survey=survey).values_list("pk", "status", "text"))
    visit(page, f"/r/{region}/beteiligung/{survey.pk}/moderation/?status={TextAnswerStatus.SHOWN}")

    assert page.locator("main input[type=radio]").count() > 0
    assert page.locator("main input[type=radio]:checked").count() == 0, "a decision was preset"
    look(page, "moderation")

    page.locator("main form").first.get_by_role("button", name="Speichern").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    main = page.locator("main")
    expect(main).to_contain_text("Nichts wurde gespeichert.")
    expect(main).to_contain_text("Bitte wählen Sie, ob der Text freigegeben oder verborgen wird.")
    look(page, "moderation-error")
    after = list(TextAnswer.objects.filter(question__survey=survey).values_list("pk", "status", "text"))
    assert after == before
    request_log.assert_same_host()


def test_a_waiting_comment_gets_a_decision_only_when_one_is_chosen(
    page: Page, browser: Browser, base_url: str, request_log: RequestLog
) -> None:
    idea = Idea.objects.filter(region__slug="kreis-steinfurt", status=IdeaStatus.PUBLISHED).first()
    assert idea is not None
    citizen = browser.new_context(base_url=base_url, locale="de-DE").new_page()
    visit(citizen, f"/r/kreis-steinfurt/ideen/{idea.pk}/")
    citizen.get_by_label("Ihr Name").fill("Mara Probe")
    citizen.get_by_label("Ihr Kommentar").fill("Bitte auch an Sonntagen.")
    with citizen.expect_navigation(wait_until="load"):
        citizen.get_by_role("button", name="Kommentar abschicken").press("Enter")
    citizen.context.close()
    comment = IdeaComment.objects.get(author_name="Mara Probe")

    page.set_viewport_size(DESKTOP)
    login(page, demo_email("koordination", "steinfurt"))
    visit(page, "/r/kreis-steinfurt/ideen/moderation/")
    decision = page.locator(f"#kommentar-{comment.pk}")
    assert decision.locator("input[type=radio]").count() == 2
    assert decision.locator("input[type=radio]:checked").count() == 0, "a decision was preset"
    look(page, "comments")

    decision.get_by_role("button", name="Entscheidung speichern").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Nichts wurde geändert. Bitte wählen Sie eine Entscheidung.")
    expect(page.locator(f"#kommentar-{comment.pk}")).to_contain_text(
        "Bitte wählen Sie, ob der Kommentar freigegeben oder ausgeblendet wird."
    )
    look(page, "comments-error")
    assert IdeaComment.objects.get(pk=comment.pk).status == CommentStatus.PENDING

    page.locator(f"#kommentar-{comment.pk}").get_by_label("Ausblenden").check()
    with page.expect_navigation(wait_until="load"):
        page.locator(f"#kommentar-{comment.pk}").get_by_role("button", name="Entscheidung speichern").click()
    assert IdeaComment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN
    request_log.assert_same_host()
