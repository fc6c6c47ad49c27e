"""Every write of the open data module: the region's choice of licence."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.core.validators import validate_single_line
from smartregion.opendata.models import Licence, OpenDataLicence
from smartregion.regions.models import Region

ATTRIBUTION_LENGTH = 200


def _attribution_error(attribution: Any) -> str:
    if not isinstance(attribution, str):
        return _("Bitte geben Sie an, wer genannt werden soll.")
    if len(attribution) > ATTRIBUTION_LENGTH:
        return _("Höchstens %(count)s Zeichen.") % {"count": ATTRIBUTION_LENGTH}
    if "\x00" in attribution:
        return _("Die Angabe enthält ein unzulässiges Zeichen.")
    try:
        validate_single_line(attribution)
    except ValidationError as error:
        return str(error.messages[0])
    return ""


@transaction.atomic
def choose_licence(*, region: Region, actor: Any, licence: str, attribution: str = "") -> OpenDataLicence:
    """Publish the region's open data under ``licence`` from now on, naming ``attribution`` (empty:
    the region's name, also after it is renamed).

    An unknown licence or an unusable attribution is refused with a German message and nothing is
    saved. The change is recorded in the audit log; every download and the catalogue show it at once.
    """
    errors = {}
    if licence not in Licence.values:
        errors["licence"] = _("Diese Lizenz steht nicht zur Auswahl. Bitte wählen Sie eine der genannten.")
    if message := _attribution_error(attribution):
        errors["attribution"] = message
    if errors:
        raise ValidationError(errors)
    chosen, _created = OpenDataLicence.objects.select_for_update().get_or_create(region=region)
    chosen.licence, chosen.attribution = licence, attribution.strip()
    chosen.save()
    record_event(
        action="opendata_licence.changed",
        obj=chosen,
        actor=actor,
        region=region,
        details={"licence": licence, "attribution": chosen.attribution},
    )
    return chosen
