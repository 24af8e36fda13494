"""The network's counted cases as records of the CTDC Global Dataset, format A
(``exchange.ctdc.columns.COLUMNS_A``; ``../shared/reference/ctdc/columns.md``), before k-anonymisation.

Only cases that may be counted in statistics (``cases.selectors.statistics_case_records_of``: a refused,
withdrawn or expired statistics consent leaves a case out) and only codes: the year of registration, sex,
an age band, alpha-2 countries and the experience's flags. No name, birth date, place below the country
or free text is read. ``-99`` (``MISSING``) is "not recorded": a flag group the case records nothing
for is ``-99`` throughout, never ``0``.

The rows are streamed from one query (``iterator``), so a million cases take one query and little memory.
"""

from collections.abc import Iterable, Iterator

from cases import selectors as case_selectors
from cases.models import choices
from exchange.ctdc.columns import AGE_BROAD, COLUMNS_A, MISSING

CHUNK_SIZE = 2000
DATASOURCE = "Case Management"
ADULT_AGE = 18

# AGE_BROAD's bands as (band, lowest age, highest age).
AGE_BAND_RANGES = tuple(
    zip(AGE_BROAD, (0, 9, 18, 21, 24, 27, 30, 39, 48), (8, 17, 20, 23, 26, 29, 38, 47, 200), strict=True)
)
GENDER = {choices.Sex.FEMALE: "Female", choices.Sex.MALE: "Male"}

E = choices.Exploitation
# Our forms of exploitation → CTDC's is* flags (a form may set none: it is then only "other").
EXPLOITATION_FLAGS = {
    E.FORCED_LABOUR: "isForcedLabour",
    E.CHILD_LABOUR: "isForcedLabour",
    E.FORCED_BEGGING: "isForcedLabour",
    E.SEXUAL_EXPLOITATION: "isSexualExploit",
    E.FORCED_MARRIAGE: "isForcedMarriage",
    E.FORCED_MILITARY: "isForcedMilitary",
    E.ORGAN_REMOVAL: "isOrganRemoval",
    E.SERVITUDE: "isSlaveryAndPractices",
    E.FORCED_CRIMINALITY: "isOtherExploit",
    E.FORCED_ADOPTION: "isOtherExploit",
    E.SURROGACY: "isOtherExploit",
    E.OTHER: "isOtherExploit",
}
EXPLOITATION_COLUMNS = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
)
# CTDC's own wording in typeOfExploitConcatenated.
EXPLOITATION_TEXT = {
    "isForcedLabour": "Forced labour",
    "isSexualExploit": "Sexual exploitation",
    "isOtherExploit": "Other",
    "isForcedMarriage": "Forced marriage",
    "isForcedMilitary": "Forced military",
    "isOrganRemoval": "Organ removal",
    "isSlaveryAndPractices": "Slavery and similar practices",
}

M = choices.MeansOfControl
MEANS_FLAGS = {
    M.DEBT_BONDAGE: "meansOfControlDebtBondage",
    M.TAKES_EARNINGS: "meansOfControlTakesEarnings",
    M.RESTRICTS_FINANCIAL_ACCESS: "meansOfControlRestrictsFinancialAccess",
    M.PHYSICAL_THREATS: "meansOfControlThreats",
    M.THREATENS_FAMILY: "meansOfControlThreats",
    M.PSYCHOLOGICAL_ABUSE: "meansOfControlPsychologicalAbuse",
    M.PHYSICAL_ABUSE: "meansOfControlPhysicalAbuse",
    M.SEXUAL_ABUSE: "meansOfControlSexualAbuse",
    M.FALSE_PROMISES: "meansOfControlFalsePromises",
    M.PSYCHOACTIVE_SUBSTANCE: "meansOfControlPsychoactiveSubstances",
    M.RESTRICTS_MEDICAL_CARE: "meansOfControlRestrictsMedicalCare",
    M.EXCESSIVE_WORKING_HOURS: "meansOfControlExcessiveWorkingHours",
    M.THREATS_LAW_ENFORCEMENT: "meansOfControlThreatOfLawEnforcement",
    M.WITHHOLDS_NECESSITIES: "meansOfControlWithholdsNecessities",
    M.WITHHOLDS_DOCUMENTS: "meansOfControlWithholdsDocuments",
    M.OTHER: "meansOfControlOther",
}
# CTDC flags our vocabulary has no value for (restricts movement, uses children): never collected, so
# -99 on every record, not 0.
MEANS_COLUMNS = tuple(dict.fromkeys(MEANS_FLAGS.values()))

I = choices.Industry  # noqa: E741
LABOUR_FLAGS = {
    I.A: "typeOfLabourAgriculture",
    I.B: "typeOfLabourMiningOrDrilling",
    I.C: "typeOfLabourManufacturing",
    I.F: "typeOfLabourConstruction",
    I.H: "typeOfLabourTransportation",
    I.I: "typeOfLabourHospitality",
    I.T: "typeOfLabourDomesticWork",
}
LABOUR_BY_FORM = {
    E.FORCED_BEGGING: "typeOfLabourBegging",
    E.FORCED_CRIMINALITY: "typeOfLabourIllicitActivities",
}
LABOUR_COLUMNS = (
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
)
AQUACULTURE_DIVISION = "03"  # ISIC A, division 03: fishing and aquaculture

S = choices.SexExploitation
SEX_FLAGS = {
    S.PROSTITUTION: "typeOfSexProstitution",
    S.PORNOGRAPHY: "typeOfSexPornography",
    S.REMOTE_INTERACTIVE: "typeOfSexRemoteInteractiveServices",
    S.PRIVATE_SEXUAL: "typeOfSexPrivateSexualServices",
}

R = choices.RecruiterRelation
RECRUITER_FLAGS = {
    R.FAMILIAL: "recruiterRelationFamily",
    R.ACQUAINTED: "recruiterRelationFriend",
    R.UNACQUAINTED: "recruiterRelationOther",
}
RECRUITER_COLUMNS = (
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
)
RECRUITER_TEXT = {
    "recruiterRelationFamily": "Family",
    "recruiterRelationFriend": "Friend",
    "recruiterRelationOther": "Other",
}


def _flag_text(column: str, prefix: str) -> str:
    """``typeOfLabourDomesticWork`` → ``Domestic work``: the concatenated columns' wording."""
    words = []
    for char in column.removeprefix(prefix):
        if char.isupper() and words:
            words.append(" ")
        words.append(char.lower() if words else char)
    return "".join(words)


def age_band(age: int | None) -> str:
    """CTDC's ageBroad band of ``age`` (``-99`` for none)."""
    if age is None:
        return MISSING
    return next(band for band, low, high in AGE_BAND_RANGES if low <= age <= high)


def majority(age: int | None) -> str:
    if age is None:
        return MISSING
    return "Minor" if age < ADULT_AGE else "Adult"


def flag_group(columns: Iterable[str], chosen: set[str]) -> dict[str, str]:
    """0/1 for each of ``columns`` (1 for those in ``chosen``)."""
    return {column: "1" if column in chosen else "0" for column in columns}


def _concatenated(chosen: Iterable[str], text) -> str:
    return "; ".join(text(column) for column in chosen) or MISSING


def exploitation_values(forms: list[str]) -> dict[str, str]:
    """The is* flags and typeOfExploitConcatenated of the recorded forms (all -99 when none is)."""
    if not forms:
        return {}
    chosen = {EXPLOITATION_FLAGS[form] for form in forms if form in EXPLOITATION_FLAGS}
    if {"isForcedLabour", "isSexualExploit"} <= chosen:
        chosen.add("isSexAndLabour")
    values = flag_group(EXPLOITATION_COLUMNS, chosen)
    ordered = [column for column in EXPLOITATION_COLUMNS if column in chosen and column in EXPLOITATION_TEXT]
    values["typeOfExploitConcatenated"] = _concatenated(ordered, EXPLOITATION_TEXT.get)
    return values


def means_values(means: list[str], *, experience_recorded: bool) -> dict[str, str]:
    """The meansOfControl* flags: 0/1 when any is recorded; NotSpecified 1 when the experience is
    recorded without a means of control; -99 throughout when there is no experience."""
    if not means:
        return {"meansOfControlNotSpecified": "1"} if experience_recorded else {}
    chosen = {MEANS_FLAGS[value] for value in means if value in MEANS_FLAGS}
    values = flag_group((*MEANS_COLUMNS, "meansOfControlNotSpecified"), chosen)
    ordered = [column for column in MEANS_COLUMNS if column in chosen]
    values["meansOfControlConcatenated"] = _concatenated(ordered, lambda c: _flag_text(c, "meansOfControl"))
    return values


def labour_values(forms: list[str], sectors: list[str], detail: str) -> dict[str, str]:
    """The typeOfLabour* flags of a victim of forced labour: 0/1 for the recorded sectors, NotSpecified 1
    when none is recorded; -99 throughout for a victim not in forced labour."""
    if "isForcedLabour" not in {EXPLOITATION_FLAGS.get(form) for form in forms}:
        return {}
    chosen = {LABOUR_BY_FORM[form] for form in forms if form in LABOUR_BY_FORM}
    for sector in sectors:
        if sector == I.A and detail.startswith(AQUACULTURE_DIVISION):
            chosen.add("typeOfLabourAquafarming")
        else:
            chosen.add(LABOUR_FLAGS.get(sector, "typeOfLabourOther"))
    if not chosen:
        return {"typeOfLabourNotSpecified": "1"}
    values = flag_group((*LABOUR_COLUMNS, "typeOfLabourNotSpecified"), chosen)
    ordered = [column for column in LABOUR_COLUMNS if column in chosen]
    values["typeOfLabourConcatenated"] = _concatenated(ordered, lambda c: _flag_text(c, "typeOfLabour"))
    return values


def sex_values(types: list[str]) -> dict[str, str]:
    """The typeOfSex* flags (-99 throughout when no type of sexual exploitation is recorded)."""
    if not types:
        return {}
    chosen = {SEX_FLAGS[value] for value in types if value in SEX_FLAGS}
    values = flag_group(SEX_FLAGS.values(), chosen)
    ordered = [column for column in SEX_FLAGS.values() if column in chosen]
    values["typeOfSexConcatenated"] = _concatenated(ordered, lambda c: _flag_text(c, "typeOfSex"))
    return values


def recruiter_values(relation: str | None) -> dict[str, str]:
    """The recruiterRelation* flags and RecruiterRelationship (-99 throughout when not recorded)."""
    column = RECRUITER_FLAGS.get(relation or "")
    if column is None:
        return {}
    values = flag_group(RECRUITER_COLUMNS, {column})
    values["RecruiterRelationship"] = RECRUITER_TEXT[column]
    return values


def ctdc_row(case: dict) -> dict[str, str]:
    """One counted case (a dict of ``cases.selectors.STATISTICS_RECORD_FIELDS``) as a format-A row:
    every column of ``COLUMNS_A`` present, ``-99`` where nothing is recorded."""
    age = case["victim__age_at_registration"]
    if age is None:
        age = case["victim__estimated_age"]
    forms = case["experience__exploitation_types"] or []
    citizenship = case["victim__citizenship"] or []
    row = dict.fromkeys(COLUMNS_A, MISSING)
    row.update(
        yearOfRegistration=str(case["registered_on"].year),
        Datasource=DATASOURCE,
        gender=GENDER.get(case["victim__sex"], MISSING),
        ageBroad=age_band(age),
        majorityStatus=majority(age),
        # Our age when trafficked is the age at entry; when exploitation began is not recorded apart.
        majorityEntry=majority(case["experience__age_when_trafficked"]),
        citizenship=citizenship[0] if citizenship else MISSING,
        CountryOfExploitation=case["exploitation_country"] or MISSING,
    )
    row.update(exploitation_values(forms))
    experience_recorded = bool(forms or case["experience__means_of_control"])
    row.update(
        means_values(case["experience__means_of_control"] or [], experience_recorded=experience_recorded)
    )
    row.update(
        labour_values(
            forms, case["experience__labour_sectors"] or [], case["experience__labour_sector_detail"] or ""
        )
    )
    row.update(sex_values(case["experience__sex_exploitation_types"] or []))
    row.update(recruiter_values(case["experience__relation_to_recruiter"]))
    return row


def ctdc_rows(*, organisation_ids) -> Iterator[dict[str, str]]:
    """The counted cases of ``organisation_ids`` as format-A rows, streamed in chunks from one query."""
    cases = case_selectors.statistics_case_records_of(organisation_ids=organisation_ids)
    for case in cases.iterator(chunk_size=CHUNK_SIZE):
        yield ctdc_row(case)
