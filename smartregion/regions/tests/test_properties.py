"""Properties that hold for any input, checked with Hypothesis."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smartregion.regions import services
from smartregion.regions.models import Municipality

EIGHT_ASCII_DIGITS = re.compile(r"[0-9]{8}")

any_ags = st.one_of(
    st.text(),
    st.text(max_size=10).map(str.strip),
    # Digits of every script (Arabic-Indic, Devanagari, fullwidth …) look like a key but are none.
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=7, max_size=9),
    st.from_regex(r"[0-9]{8}", fullmatch=True),
    st.from_regex(r"[0-9]{8}\n", fullmatch=True),
)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ags=any_ags)
@example(ags="0556\x00012")  # PostgreSQL refuses NUL in a query parameter
@example(ags="05566008")  # Emsdetten's key
@example(ags="\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667")
def test_update_municipality_never_saves_an_ags_that_is_not_eight_digits(greven, emsdetten, ags):
    before = Municipality.objects.values().get(pk=greven.pk)
    acceptable = ags == "" or (EIGHT_ASCII_DIGITS.fullmatch(ags) is not None and ags != emsdetten.ags)

    if acceptable:
        services.update_municipality(municipality=greven, actor=None, data={"ags": ags})
        assert Municipality.objects.get(pk=greven.pk).ags == ags
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.update_municipality(municipality=greven, actor=None, data={"ags": ags})
        assert "ags" in excinfo.value.message_dict
        assert Municipality.objects.values().get(pk=greven.pk) == before
