"""A region's name in the German phrases the pages and mails need: "im Kreis Steinfurt",
"des Kreises Steinfurt".

German puts an article before "Kreis", "Stadt" or "Region" and changes it (and the noun) with the
case, so "in Kreis Steinfurt" or "Ihr Team von Kreis Steinfurt" is wrong. The forms are stored
with the region (``Region.name_dative``, ``Region.name_genitive``); ``name_forms`` derives them
when the region is created, and the coordinator corrects them where the rule does not know the
name (a region called only "Dithmarschen" or "Münsterland").
"""

from __future__ import annotations

from dataclasses import dataclass

MASCULINE, FEMININE, NEUTER = "m", "f", "n"

# The word that names the kind of region, by how it ends: "Kreis", "Landkreis", "Rhein-Kreis",
# "Hochsauerlandkreis"; "Stadt", "Hansestadt"; "Region", "Städteregion"; … Longer endings first.
HEAD_NOUNS: tuple[tuple[str, str], ...] = (
    ("gemeinde", FEMININE),
    ("region", FEMININE),
    ("stadt", FEMININE),
    ("kreis", MASCULINE),
    ("bezirk", MASCULINE),
    ("verband", MASCULINE),
    ("amt", NEUTER),
)
# Endings after which the genitive takes "-es" rather than "-s" (des Kreises, des Bezirks).
_SIBILANTS = ("s", "ß", "x", "z", "sch")
# Adjectives may come before the noun ("Märkischer Kreis", "Freie und Hansestadt Hamburg").
_MAX_WORDS_BEFORE_NOUN = 3


@dataclass(frozen=True)
class NameForms:
    dative: str  # with "in": "im Kreis Steinfurt", "in der Stadt Münster"
    genitive: str  # "des Kreises Steinfurt", "der Stadt Münster"


def _head(words: list[str]) -> tuple[int, str] | None:
    """Where the kind-of-region noun stands, and its gender; None if the name has none."""
    for index, word in enumerate(words[:_MAX_WORDS_BEFORE_NOUN]):
        last_part = word.rsplit("-", 1)[-1].lower()
        for ending, gender in HEAD_NOUNS:
            if last_part.endswith(ending):
                return index, gender
    return None


def _weak_adjective(word: str) -> str:
    """An adjective after "dem/des/der" ("Märkischer" → "Märkischen", "Freie" → "Freien")."""
    if word.lower() in {"und", "an", "am", "der", "die", "das"}:
        return word
    for strong in ("er", "es"):
        if word.endswith(strong):
            return word[: -len(strong)] + "en"
    if word.endswith("e"):
        return word + "n"
    return word


def _genitive_noun(noun: str) -> str:
    return noun + ("es" if noun.lower().endswith(_SIBILANTS) else "s")


def name_forms(name: str) -> NameForms:
    """The dative phrase with "in" and the genitive phrase of a region's name.

    >>> name_forms("Kreis Steinfurt")
    NameForms(dative='im Kreis Steinfurt', genitive='des Kreises Steinfurt')

    A name without a known kind of region ("Dithmarschen") gets "in Dithmarschen" and
    "von Dithmarschen", which reads right for most such names; the coordinator may change both.
    """
    name = " ".join(name.split())
    words = name.split(" ")
    found = _head(words) if name else None
    if found is None:
        return NameForms(dative=f"in {name}", genitive=f"von {name}")
    index, gender = found
    adjectives = [_weak_adjective(word) for word in words[:index]]
    noun = words[index]
    rest = words[index + 1 :]
    if gender == FEMININE:
        phrase = " ".join([*adjectives, noun, *rest])
        return NameForms(dative=f"in der {phrase}", genitive=f"der {phrase}")
    dative = " ".join([*adjectives, noun, *rest])
    genitive = " ".join([*adjectives, _genitive_noun(noun), *rest])
    return NameForms(dative=f"im {dative}", genitive=f"des {genitive}")
