"""Synthetic cases for the HTCDS export and round-trip tests, registered through the one intake service."""

import datetime

from cases import services

MALIKA = {
    "given_name": "Malika",
    "family_name": "Sinteva",
    "middle_name": "Rustamovna",
    "sex": "female",
    "gender": "Feminine",
    "birth_date": datetime.date(1996, 2, 3),
    "citizenship": ["TJ", "UZ"],
    "mobile_phone": "+992 900 000 001",
    "mailing_city": "Chkalovsk",
    "mailing_country": "TJ",
    "identification_status": "PossibleVictimOfTrafficking",
    "decision_making_organisation": "NGO",
    "exploitation_types": ["ForcedLabour", "SexualExploitation"],
    "labour_sectors": ["A_AgricultureForestryAndFishing"],
    "means_of_control": ["PhysicalThreats", "ThreatensChildrenFamily"],
    "age_when_trafficked": 27,
    "origin_country": "TJ",
    "exploitation_country": "RU",
    "consent_method": "written",
    "consent_assistance": "given",
    "consent_statistics": "refused",
    "consent_follow_up": "given",
}
RUSTAM = {
    "given_name": "Rustam",
    "family_name": "Primerov",
    "sex": "male",
    "gender": "Masculine",
    "birth_date": datetime.date(1990, 7, 9),
    "citizenship": ["KG"],
    "exploitation_types": ["ForcedLabour"],
    "origin_country": "KG",
    "exploitation_country": "KZ",
    "consent_method": "oral",
    "consent_assistance": "given",
    "consent_statistics": "given",
}


def case_registered(*, by, organisation, registered_on=datetime.date(2026, 3, 2), **fields):
    return services.case_intake(
        by=by, organisation=organisation, register=True, registered_on=registered_on, **fields
    )


def synthetic_variant(number: int) -> dict:
    """Another synthetic person (the query-count tests make several)."""
    return {**RUSTAM, "given_name": f"Person{number}", "birth_date": datetime.date(1980 + number, 1, 1)}
