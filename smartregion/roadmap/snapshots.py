"""The parts the roadmap adds to a project profile's versions, page and Steckbrief, as text.

Figures are written the German way whatever the language of the request, so that two versions
compare equal when nothing changed.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from smartregion.portfolio.models import Project
from smartregion.roadmap import selectors


def german(amount: Decimal, places: int = 2) -> str:
    """1234.5 → "1.234,50"."""
    return f"{amount:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _date(day: object) -> str:
    return day.strftime("%d.%m.%Y")  # type: ignore[attr-defined]


def milestones_text(project: Project) -> str:
    lines = []
    for milestone in selectors.milestones_of(project):
        when = _date(milestone.end)
        if milestone.start != milestone.end:
            when = f"{_date(milestone.start)} – {when}"
        details = [milestone.get_status_display()]
        who = ", ".join(
            part
            for part in (
                milestone.responsible_organisation.name if milestone.responsible_organisation else "",
                milestone.responsible_person,
            )
            if part
        )
        if who:
            details.append(_("Wer: %(who)s") % {"who": who})
        if milestone.deliverable:
            details.append(_("Ergebnis: %(what)s") % {"what": " ".join(milestone.deliverable.split())})
        after = sorted(other.title for other in milestone.depends_on.all())
        if after:
            details.append(_("nach: %(titles)s") % {"titles": ", ".join(after)})
        lines.append(f"{when} · {milestone.get_kind_display()}: {milestone.title} ({'; '.join(details)})")
    return "\n".join(lines)


def financing_text(project: Project) -> str:
    plan = selectors.plan_of(project, milestones=False, personnel=False)
    lines = [
        _("%(year)s: Investitionen %(investment)s €, laufende Kosten %(running)s €")
        % {"year": line.year, "investment": german(line.investment), "running": german(line.running)}
        for line in plan.cost_lines
    ]
    for source in plan.sources:
        detail = [source.get_kind_display(), source.get_status_display()]
        if source.funding_rate is not None:
            detail.append(_("Förderquote %(rate)s %%") % {"rate": german(source.funding_rate, 0)})
        lines.append(f"{source.name}: {german(source.amount)} € ({', '.join(detail)})")
    if plan.cost_lines or plan.sources:
        lines.append(
            _("Kosten gesamt %(total)s €, gedeckt %(covered)s €, offen %(gap)s €")
            % {
                "total": german(plan.money.total_costs),
                "covered": german(plan.money.covered),
                "gap": german(plan.money.gap),
            }
        )
    if plan.note and (plan.note.costs or plan.note.financing):
        lines.extend(text for text in (plan.note.costs, plan.note.financing) if text)
    return "\n".join(lines)


def personnel_text(project: Project) -> str:
    plan = selectors.plan_of(project, milestones=False, financing=False)
    lines = [
        f"{need.year} · {need.organisation.name}: {german(need.fte)} "
        + _("VZÄ")
        + (f" ({need.tasks})" if need.tasks else "")
        for need in plan.needs
    ]
    if plan.note and plan.note.personnel:
        lines.append(plan.note.personnel)
    return "\n".join(lines)
