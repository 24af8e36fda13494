"""The regions' map: which feature of the bundled GeoJSON draws which of our regions.

The map is ``analytics/static/analytics/geo/central-asia-admin1.geojson`` (Natural Earth's admin-1 regions
of the five republics, ``../shared/reference/geo/README.md``), served from our own static files. Its
features carry ISO 3166-2 codes in ``iso_3166_2``, mostly as before 2022; our regions
(``network.Region``) carry today's codes and, in ``map_code``, the code of the feature that draws them.

``FEATURE_OF_REGION`` is the one table of the regions for which ``map_code`` alone does not name one
feature: a region the map has no feature for is drawn within the feature of the region it was cut from
(its figure is added to that feature's by the database, ``feature_key_expression``), and Almaty city
shares its code with Almaty region on the map, so its feature gets a key of its own
(``FEATURE_RENAMES``, applied to the GeoJSON in the browser before the map is registered)."""

from django.db.models import Case, CharField, F, Q, Value, When

FIVE_REPUBLICS = ("KG", "KZ", "TJ", "TM", "UZ")

# Natural Earth's id (``ne_id``) of a feature → the key it is drawn under, where ``iso_3166_2`` is shared.
FEATURE_RENAMES = {"1159315881": "KZ-ALA-CITY"}  # Almaty City (type "City"); Almaty region keeps KZ-ALA

# Our region code → the map feature's key, where Region.map_code does not name one feature.
FEATURE_OF_REGION = {
    "KZ-75": "KZ-ALA-CITY",  # Almaty city: its feature shares KZ-ALA with Almaty region (renamed above)
    "KZ-10": "KZ-VOS",  # Abai region (2022): drawn within East Kazakhstan, which it was cut from
    "KZ-33": "KZ-ALA",  # Jetisu region (2022): within Almaty region
    "KZ-62": "KZ-KAR",  # Ulytau region (2022): within Karaganda region
    "KZ-79": "KZ-YUZ",  # Shymkent city: within the old South Kazakhstan feature (Turkistan region)
    "KG-GO": "KG-O",  # Osh city: no feature of its own, within Osh region
    "TM-S": "TM-A",  # Ashgabat: no feature of its own, within Ahal region
}


def region_key_expression(*, country: str, region: str):
    """A place's key in a breakdown by region: its region's code in the five republics, elsewhere (or
    with no region recorded) its country's code. ``country`` and ``region`` are the ORM paths of the
    place's country and region (a ``network.Region`` foreign key)."""
    return Case(
        When(_in_republics(country=country, region=region), then=F(f"{region}__code")),
        default=F(country),
        output_field=CharField(),
    )


def feature_key_expression(*, country: str, region: str):
    """A place's map feature (key): its region's feature in the five republics, elsewhere (or with no
    region recorded) its country's code, which no feature has."""
    whens = [
        When(**{f"{region}__code": code, "then": Value(feature)})
        for code, feature in FEATURE_OF_REGION.items()
    ]
    return Case(
        *whens,
        When(_in_republics(country=country, region=region), then=F(f"{region}__map_code")),
        default=F(country),
        output_field=CharField(),
    )


def _in_republics(*, country: str, region: str) -> Q:
    return Q(**{f"{country}__in": FIVE_REPUBLICS, f"{region}__isnull": False})


def feature_of_region(code: str, map_code: str) -> str:
    """The feature key that draws our region ``code`` (``map_code`` its Region.map_code)."""
    return FEATURE_OF_REGION.get(code, map_code)
