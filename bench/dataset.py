"""Generate a national-scale installation fast, with bulk_create.

Run as ``python -m bench.dataset`` from the project root with ``DATABASE_URL`` naming an empty,
migrated database. Prints one line ``BENCH_DATASET {json}`` with the counts, the seconds it took
and the slugs the scenarios use.

Shape (deterministic, seed 42): 400 regions as in Germany (294 districts, 106 district-free
cities) spread over the federal states, 11,000 municipalities (a district-free city has one; a
district has as many as its state's districts have on average, spread log-normally), 5,000
organisations, 20,000 people: one digitalisation officer per municipality, the rest
coordinators, committee members, project leads and readers; 1,000 of them also read in a second
region.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import unicodedata
from collections import Counter

N_REGIONS = 400
N_MUNICIPALITIES = 11_000
N_ORGANISATIONS = 5_000
N_USERS = 20_000
N_SECOND_MEMBERSHIPS = 1_000
BATCH = 2_000
# The largest German district has about 235 municipalities (Eifelkreis Bitburg-Prüm).
MIN_PER_DISTRICT, MAX_PER_DISTRICT = 3, 240

# State: (official code, districts, district-free cities, average municipalities per district)
STATES = {
    "SH": ("01", 11, 4, 100),
    "HH": ("02", 0, 1, 0),
    "NI": ("03", 37, 8, 25),
    "HB": ("04", 0, 2, 0),
    "NW": ("05", 31, 22, 12),
    "HE": ("06", 21, 5, 20),
    "RP": ("07", 24, 12, 95),
    "BW": ("08", 35, 9, 31),
    "BY": ("09", 71, 25, 28),
    "SL": ("10", 6, 0, 9),
    "BE": ("11", 0, 1, 0),
    "BB": ("12", 14, 4, 29),
    "MV": ("13", 6, 2, 120),
    "SN": ("14", 10, 3, 42),
    "ST": ("15", 11, 3, 20),
    "TH": ("16", 17, 5, 37),
}
DISTRICT_WORD = {"NW": "Kreis", "SH": "Kreis", "HE": "Landkreis", "SL": "Landkreis"}

PREFIXES = [""] * 10 + [
    "Alt",
    "Neu",
    "Ober",
    "Nieder",
    "Groß",
    "Klein",
    "Hohen",
    "Bad ",
    "Sankt ",
    "Unter",
    "Mittel",
    "Wester",
    "Oster",
    "Süd",
    "Nord",
]
STEMS = [
    "Buch",
    "Eich",
    "Linden",
    "Rosen",
    "Berg",
    "Wald",
    "Stein",
    "Mühl",
    "Kirch",
    "Hof",
    "Brunn",
    "Hasel",
    "Erlen",
    "Birken",
    "Tannen",
    "Fichten",
    "Wiesen",
    "Sonnen",
    "Rot",
    "Weiß",
    "Schwarz",
    "Grün",
    "Fried",
    "Hildes",
    "Ludwigs",
    "Karls",
    "Wolfs",
    "Adels",
    "Lieben",
    "Hermanns",
    "Engel",
    "Marien",
    "Ketten",
    "Kalten",
    "Warm",
    "Lauter",
    "Ahr",
    "Mosel",
    "Lahn",
    "Eder",
    "Fulda",
    "Rhein",
    "Elb",
    "Oder",
    "Harz",
    "Vogels",
    "Falken",
    "Adler",
    "Hirsch",
    "Bären",
    "Fuchs",
    "Kranich",
    "Storch",
    "Schwanen",
    "Greifen",
    "Lerchen",
    "Ilsen",
    "Ahl",
    "Dorn",
    "Holz",
    "Horn",
    "Sand",
    "Moor",
    "Heide",
    "Fels",
    "Bruch",
    "Gold",
    "Silber",
    "Kupfer",
    "Salz",
    "Eisen",
    "Espel",
    "Lotten",
    "Mett",
    "Wester",
    "Rhede",
    "Hörstel",
    "Ems",
    "Lienen",
    "Laer",
]
SUFFIXES = [
    "heim",
    "hausen",
    "dorf",
    "feld",
    "bach",
    "burg",
    "stedt",
    "ingen",
    "rode",
    "hagen",
    "born",
    "au",
    "beck",
    "kirchen",
    "brück",
    "furt",
    "stadt",
    "berg",
    "tal",
    "weiler",
    "hofen",
    "wald",
    "see",
    "leben",
    "winkel",
    "scheid",
    "siel",
    "büttel",
    "wede",
    "horst",
    "brunn",
    "ach",
    "reuth",
    "grün",
    "loh",
    "mar",
]
QUALIFIERS = [
    " an der Lahn",
    " am Main",
    " im Taunus",
    " (Westf.)",
    " an der Ems",
    " ob der Tauber",
    " in der Eifel",
    " (Oldb.)",
    " am Rhein",
    " im Allgäu",
]
FIRST_NAMES = [
    "Anna",
    "Lena",
    "Julia",
    "Sarah",
    "Laura",
    "Katharina",
    "Lisa",
    "Sophie",
    "Maria",
    "Hannah",
    "Lea",
    "Johanna",
    "Marie",
    "Clara",
    "Emma",
    "Mia",
    "Sabine",
    "Petra",
    "Monika",
    "Ursula",
    "Andrea",
    "Claudia",
    "Birgit",
    "Susanne",
    "Stefanie",
    "Nicole",
    "Jürgen",
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Peter",
    "Klaus",
    "Frank",
    "Markus",
    "Christian",
    "Martin",
    "Tobias",
    "Jan",
    "Lukas",
    "Felix",
    "Jonas",
    "Paul",
    "Maximilian",
    "Leon",
    "Tim",
    "Niklas",
    "Sebastian",
    "Matthias",
    "Daniel",
    "Alexander",
    "Wolfgang",
    "Dieter",
    "Uwe",
    "Ralf",
    "Jörg",
    "Björn",
    "Sören",
    "Ömer",
    "Ayşe",
    "Mehmet",
    "Elif",
    "Agnieszka",
    "Piotr",
    "Zoë",
    "Anett",
    "Heike",
    "Gesine",
    "Frauke",
    "Hauke",
    "Okke",
    "Imke",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Yılmaz",
    "Kaya",
    "Nowak",
    "Kowalski",
    "Janssen",
    "Hansen",
    "Petersen",
    "Oltmanns",
]


def ascii_slug(text: str, max_length: int = 80) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out, dash = [], False
    for char in text:
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:max_length].strip("-")


class UniqueSlugs:
    """Hands out slugs unique within one scope (``-2``, ``-3`` … on a clash)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, text: str) -> str:
        base = ascii_slug(text, 72) or "x"
        slug, n = base, 1
        while slug in self.seen:
            n += 1
            slug = f"{base}-{n}"
        self.seen.add(slug)
        return slug


def town_name(rng: random.Random) -> str:
    prefix = rng.choice(PREFIXES)
    stem = rng.choice(STEMS)
    if prefix and not prefix.endswith(" "):
        stem = stem.lower()
    name = prefix + stem + rng.choice(SUFFIXES)
    if rng.random() < 0.08:
        name += rng.choice(QUALIFIERS)
    return name


def spread(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to ``weights`` that add up to ``total`` (largest remainders)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(x) for x in raw]
    rest = total - sum(counts)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[:rest]:
        counts[i] += 1
    return counts


def spread_capped(total: int, weights: list[float], low: int, high: int) -> list[int]:
    """Like ``spread``, with every count within [low, high]; what a capped one loses goes to the others."""
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        counts = spread(total - sum(fixed.values()), [weights[i] for i in free])
        over = {
            i: (low if n < low else high) for i, n in zip(free, counts, strict=True) if not low <= n <= high
        }
        if not over:
            result = dict(fixed)
            result.update(zip(free, counts, strict=True))
            return [result[i] for i in range(len(weights))]
        fixed.update(over)


def generate() -> dict[str, object]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region

    rng = random.Random(42)
    started = time.perf_counter()
    timings: dict[str, float] = {}

    # Regions: districts and district-free cities per federal state.
    plan: list[tuple[str, str, bool, float]] = []  # state, key, is_district, weight
    for state, (code, districts, cities, avg) in STATES.items():
        for i in range(districts):
            plan.append((state, f"{code}{i + 1:03d}", True, avg * rng.lognormvariate(0, 0.45)))
        for i in range(cities):
            plan.append((state, f"{code}{500 + i:03d}", False, 0.0))
    assert len(plan) == N_REGIONS, len(plan)

    district_idx = [i for i, p in enumerate(plan) if p[2]]
    n_cities = N_REGIONS - len(district_idx)
    district_counts = spread_capped(
        N_MUNICIPALITIES - n_cities, [plan[i][3] for i in district_idx], MIN_PER_DISTRICT, MAX_PER_DISTRICT
    )
    muni_counts = [1] * N_REGIONS
    for i, n in zip(district_idx, district_counts, strict=True):
        muni_counts[i] = n

    region_slugs = UniqueSlugs()
    regions: list[Region] = []
    seats: list[str] = []
    for (state, key, is_district, _w), n in zip(plan, muni_counts, strict=True):
        seat = town_name(rng)
        seats.append(seat)
        if is_district:
            word = DISTRICT_WORD.get(state, "Landkreis")
            name = f"{word} {seat}" if rng.random() < 0.9 else f"{seat}-Kreis"
        else:
            name = f"Stadt {seat}"
        regions.append(
            Region(
                name=name,
                slug=region_slugs(name.replace("Landkreis ", "").replace("Kreis ", "kreis-")),
                federal_state=state,
                official_key=key,
                description=(
                    f"{name} mit {n} Städten und Gemeinden entwickelt eine gemeinsame "
                    "Digitalisierungsstrategie."
                ),
            )
        )

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        t = time.perf_counter()
        regions = Region.objects.bulk_create(regions, batch_size=BATCH)
        timings["regions"] = time.perf_counter() - t

        # Municipalities: the seat first, then invented towns; AGS = district key + 3 digits.
        t = time.perf_counter()
        municipalities: list[Municipality] = []
        for region, seat, n in zip(regions, seats, muni_counts, strict=True):
            slugs = UniqueSlugs()
            for j in range(n):
                name = seat if j == 0 else town_name(rng)
                if j == 0 and region.name.startswith("Stadt "):
                    population = int(rng.uniform(100_000, 1_000_000))
                else:
                    population = int(rng.lognormvariate(8.3, 1.1)) + 50
                municipalities.append(
                    Municipality(
                        region=region,
                        name=name,
                        slug=slugs(name),
                        ags="" if rng.random() < 0.03 else f"{region.official_key}{j + 1:03d}",
                        population=None if rng.random() < 0.02 else population,
                    )
                )
        municipalities = Municipality.objects.bulk_create(municipalities, batch_size=BATCH)
        timings["municipalities"] = time.perf_counter() - t
        by_region: dict[int, list[Municipality]] = {}
        for m in municipalities:
            by_region.setdefault(m.region_id, []).append(m)

        # Organisations: one administration per region, the rest spread with the region's size.
        t = time.perf_counter()
        org_counts = spread(N_ORGANISATIONS - N_REGIONS, [1 + len(by_region[r.pk]) / 15 for r in regions])
        organisations: list[Organisation] = []
        for region, seat, extra in zip(regions, seats, org_counts, strict=True):
            slugs = UniqueSlugs()
            if region.name.startswith("Stadt "):
                admin = (f"Stadtverwaltung {seat}", OrganisationKind.MUNICIPALITY)
            else:
                admin = (f"Kreisverwaltung {region.name}", OrganisationKind.DISTRICT_ADMINISTRATION)
            towns = by_region[region.pk]
            entries = [admin]
            for _ in range(extra):
                town = rng.choice(towns).name
                kind = rng.choice(
                    [
                        OrganisationKind.UTILITY,
                        OrganisationKind.UNIVERSITY,
                        OrganisationKind.ASSOCIATION,
                        OrganisationKind.ASSOCIATION,
                        OrganisationKind.COMPANY,
                        OrganisationKind.COMPANY,
                        OrganisationKind.MUNICIPALITY,
                        OrganisationKind.OTHER,
                    ]
                )
                name = {
                    OrganisationKind.UTILITY: f"Stadtwerke {town}",
                    OrganisationKind.UNIVERSITY: rng.choice(
                        [f"Hochschule {town}", f"Technische Hochschule {town}", f"Fachhochschule {town}"]
                    ),
                    OrganisationKind.ASSOCIATION: rng.choice(
                        [
                            f"Digitalverein {town} e. V.",
                            f"Freifunk {town} e. V.",
                            f"Heimatverein {town} e. V.",
                        ]
                    ),
                    OrganisationKind.COMPANY: rng.choice(
                        [
                            f"{rng.choice(LAST_NAMES)} & {rng.choice(LAST_NAMES)} GmbH",
                            f"{rng.choice(LAST_NAMES)} IT-Service GmbH",
                            f"{town} Netz GmbH",
                        ]
                    ),
                    OrganisationKind.MUNICIPALITY: f"Gemeindeverwaltung {town}",
                    OrganisationKind.OTHER: rng.choice(
                        [f"Volkshochschule {town}", f"Wirtschaftsförderung {seat}", f"Zweckverband {town}"]
                    ),
                }[kind]
                entries.append((name, kind))
            for name, kind in entries:
                slug = slugs(name)
                organisations.append(
                    Organisation(
                        region=region,
                        name=name,
                        slug=slug,
                        kind=kind,
                        website=f"https://www.{slug}.example" if rng.random() < 0.7 else "",
                    )
                )
        organisations = Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        timings["organisations"] = time.perf_counter() - t
        orgs_by_region: dict[int, list[Organisation]] = {}
        for o in organisations:
            orgs_by_region.setdefault(o.region_id, []).append(o)

        # People: an officer for every municipality, the others in roles spread over the regions.
        t = time.perf_counter()
        password = make_password(None)  # unusable; hashing 20,000 real passwords would take minutes
        emails: set[str] = set()
        users: list[User] = []
        roles: list[tuple[Region, str, Municipality | None, Organisation | None]] = []

        def person(domain: str) -> User:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local = f"{ascii_slug(first)}.{ascii_slug(last)}".replace("-", "")
            email, n = f"{local}@{domain}", 1
            while email in emails:
                n += 1
                email = f"{local}{n}@{domain}"
            emails.add(email)
            return User(email=email, name=f"{first} {last}", password=password)

        region_by_pk = {r.pk: r for r in regions}
        for m in municipalities:
            users.append(person(f"{m.slug}.example"))
            roles.append((region_by_pk[m.region_id], Role.MUNICIPAL_OFFICER, m, None))
        other_counts = spread(N_USERS - len(users), [2 + len(by_region[r.pk]) / 10 for r in regions])
        for region, n in zip(regions, other_counts, strict=True):
            for k in range(n):
                role = (
                    Role.COORDINATOR
                    if k < 2
                    else rng.choice(
                        [Role.COMMITTEE_MEMBER, Role.PROJECT_LEAD, Role.PROJECT_LEAD, Role.READER]
                    )
                )
                org = rng.choice(orgs_by_region[region.pk]) if role != Role.READER else None
                users.append(person(f"{region.slug}.example"))
                roles.append((region, role, None, org))
        users = User.objects.bulk_create(users, batch_size=BATCH)
        timings["users"] = time.perf_counter() - t

        t = time.perf_counter()
        memberships = [
            Membership(user=u, region=region, role=role, municipality=m, organisation=o)
            for u, (region, role, m, o) in zip(users, roles, strict=True)
        ]
        first_region = {u.pk: region.pk for u, (region, _r, _m, _o) in zip(users, roles, strict=True)}
        for u in rng.sample(users, N_SECOND_MEMBERSHIPS):
            other = rng.choice(regions)
            while other.pk == first_region[u.pk]:
                other = rng.choice(regions)
            memberships.append(Membership(user=u, region=other, role=Role.READER))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        timings["memberships"] = time.perf_counter() - t

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - t

    counts = Counter(m.region_id for m in municipalities)
    ordered = sorted(regions, key=lambda r: (counts[r.pk], r.slug))
    big, typical = ordered[-1], ordered[len(ordered) // 2]
    first_of_big = min(by_region[big.pk], key=lambda m: m.name)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "counts": {
            "regions": Region.objects.count(),
            "municipalities": Municipality.objects.count(),
            "organisations": Organisation.objects.count(),
            "users": User.objects.count(),
            "memberships": Membership.objects.count(),
        },
        "values": {
            "big_region": big.slug,
            "typical_region": typical.slug,
            "big_region_municipality": first_of_big.slug,
        },
        "big_region": {
            "slug": big.slug,
            "name": big.name,
            "municipalities": counts[big.pk],
            "organisations": len(orgs_by_region[big.pk]),
            "memberships": sum(1 for ms in memberships if ms.region_id == big.pk),
        },
        "typical_region": {"slug": typical.slug, "municipalities": counts[typical.pk]},
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    result = generate()
    sys.stdout.write("BENCH_DATASET " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
