"""UN M49 sub-regions (the UN Statistics Division's "Standard country or area codes for statistical use"),
by ISO 3166-1 alpha-2 code: the level above the country in the release's country hierarchies.

Sub-Saharan Africa and Latin America and the Caribbean are M49 sub-regions with intermediate regions
below them; the intermediate regions are not used (the sub-region is the level). Taiwan and Kosovo, not
listed by M49, are placed with their neighbours."""

SUB_REGIONS = {
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Sub-Saharan Africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW IO KE KM LR LS MG ML MR MU MW MZ NA "
        "NE NG RE RW SC SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM ZW"
    ),
    "Latin America and the Caribbean": (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN KY "
        "LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    "Northern America": "BM CA GL PM US",
    "Central Asia": "KG KZ TJ TM UZ",
    "Eastern Asia": "CN HK JP KP KR MN MO TW",
    "South-eastern Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "Southern Asia": "AF BD BT IN IR LK MV NP PK",
    "Western Asia": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "Eastern Europe": "BG BY CZ HU MD PL RO RU SK UA",
    "Northern Europe": "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    "Southern Europe": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK",
    "Western Europe": "AT BE CH DE FR LI LU MC NL",
    "Australia and New Zealand": "AU CC CX HM NF NZ",
    "Melanesia": "FJ NC PG SB VU",
    "Micronesia": "FM GU KI MH MP NR PW UM",
    "Polynesia": "AS CK NU PF PN TK TO TV WF WS",
    "Antarctica": "AQ",
}

SUB_REGION_OF = {code: name for name, codes in SUB_REGIONS.items() for code in codes.split()}
# A code M49 does not list (none is expected): its own group, never shown as the country.
OTHER = "Other countries"


def sub_region(code: str) -> str:
    """The M49 sub-region of the alpha-2 ``code``."""
    return SUB_REGION_OF.get(code, OTHER)
