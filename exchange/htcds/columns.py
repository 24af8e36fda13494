"""The HTCDS 2.0 columns Amanat reads (``import_htcds``) and writes (``export_htcds``): one catalogue
for both, so that a file we export is a file we import (``docs/exchange.md``, "HTCDS import").

Interface (kept stable: the export uses it too):

- ``COLUMNS``: the tuple of ``Column`` in the order an export writes them (the standard's columns, then the
  ``x_`` extensions). ``BY_NAME``: HTCDS full name → ``Column``. ``column_for(header)``: the column a file's
  header names (full name or alias, case and spaces ignored), or None.
- ``Column`` fields: ``name`` (the HTCDS full name, ``prs_FirstName``, or an extension ``x_ExternalId``),
  ``field`` (the keyword of ``cases.services.intake.case_intake`` it fills: a ``STEP_FIELDS`` name, or
  ``registered_on``; None when Amanat's import does not store it, like the referral columns), ``kind``
  (one of ``KINDS``), ``choices`` (the ``cases.models.choices`` class of a choice kind), ``personal``
  (exported only when personal data is asked for explicitly; the import report never shows its values),
  ``aliases`` (other headers accepted, e.g. the templates' misspelling), ``label`` (the English field
  label of the standard, as in the templates' second row).
- ``Column.parse(cell) -> value`` turns one cell (text, or what openpyxl gives: ``date``, ``datetime``,
  ``int``, ``float``, ``bool``) into the intake's value; an empty cell gives ``EMPTY[kind]`` (``None``, or
  ``[]`` for lists). A bad cell raises ``ValueError`` whose message is translated and says what to write.
  ``Column.format(value) -> str`` writes the intake's (or the model's) value back; empty for None/[].
- Per kind, ``PARSERS[kind](cell, column)`` and ``FORMATTERS[kind](value, column)`` are the same functions.

Wire format: dates ``YYYY-MM-DD``; booleans ``TRUE``/``FALSE`` (also 1/0, yes/no, да/нет on import);
countries ISO 3166-1 alpha-2; picklists by their HTCDS value names (import also takes the labels of the
standard and of the templates' ``validation`` sheet, case-insensitively); lists joined by ``;`` (the
multi-select template's macro joins with ``"; "``; labels with their own commas and semicolons are matched
whole). ``con_Consent`` TRUE is consent to assistance given (``consent`` kind: the value is a
``ConsentStatus``)."""

import csv
import datetime
import gettext
import re
from dataclasses import dataclass, field as dataclass_field
from functools import cache

import pycountry
from django.utils import translation
from django.utils.translation import gettext as _

from cases.htcds import FIELDS_FILE
from cases.models import choices as vocabularies
from network.countries import COUNTRY_CODES

TEXT = "text"
DATE = "date"
NUMBER = "number"
BOOLEAN = "boolean"
CHOICE = "choice"
MULTI_CHOICE = "multi-choice"
COUNTRY = "country"
COUNTRY_LIST = "country list"
CONSENT = "consent"  # a checkbox: TRUE = given, FALSE = refused (a ConsentStatus value)
DOCUMENT_LIST = "document list"  # identity documents: [{"document": "passport 123"}], one per item
KINDS = (TEXT, DATE, NUMBER, BOOLEAN, CHOICE, MULTI_CHOICE, COUNTRY, COUNTRY_LIST, CONSENT, DOCUMENT_LIST)
LIST_KINDS = (MULTI_CHOICE, COUNTRY_LIST, DOCUMENT_LIST)
EMPTY = {kind: [] if kind in LIST_KINDS else None for kind in KINDS}
SEPARATOR = ";"
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "да"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "нет"})


@dataclass(frozen=True)
class Column:
    """One HTCDS column: see the module's docstring."""

    name: str
    field: str | None
    kind: str
    choices: type | None = None
    personal: bool = False
    aliases: tuple[str, ...] = dataclass_field(default=())
    label: str = ""

    def parse(self, cell):
        """The intake's value of one cell; ValueError (translated) when the cell cannot be read."""
        if _is_empty(cell):
            return EMPTY[self.kind]
        return PARSERS[self.kind](cell, self)

    def format(self, value) -> str:
        """The cell of one value, as our exports write it."""
        if value is None or value == "" or value == []:
            return ""
        return FORMATTERS[self.kind](value, self)


def _is_empty(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _normal(text: str) -> str:
    """Case, spaces and the kind of apostrophe ignored."""
    return re.sub(r"\s+", " ", str(text).replace("’", "'")).strip().casefold()


# Parsers and formatters, one pair per kind.


def parse_text(cell, column=None) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # Excel keeps phone numbers and postal codes typed as numbers as floats
    return str(cell).strip()


def format_text(value, column=None) -> str:
    return str(value)


def parse_date(cell, column=None) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("This date does not exist.")) from None
    raise ValueError(_("Write the date as YYYY-MM-DD, for example 1990-04-17 (or use a date cell)."))


def format_date(value, column=None) -> str:
    return value.isoformat()


def parse_number(cell, column=None) -> int:
    if isinstance(cell, bool):
        raise ValueError(_("Write a whole number."))
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = str(cell).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(_("Write a whole number, such as 3."))


def format_number(value, column=None) -> str:
    return str(int(value))


def parse_boolean(cell, column=None) -> bool:
    if isinstance(cell, bool):
        return cell
    word = _normal(parse_text(cell))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Write TRUE or FALSE."))


def format_boolean(value, column=None) -> str:
    return "TRUE" if value else "FALSE"


def parse_consent(cell, column=None) -> str:
    given = parse_boolean(cell)
    return vocabularies.ConsentStatus.GIVEN if given else vocabularies.ConsentStatus.REFUSED


def format_consent(value, column=None) -> str:
    return format_boolean(value == vocabularies.ConsentStatus.GIVEN)


@cache
def _standard_labels() -> dict[str, dict[str, str]]:
    """The value labels of the standard's picklists: HTCDS full name → {value name: label}."""
    with FIELDS_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {}
    for row in rows:
        names, texts = row["value_names"].split("|"), row["value_labels"].split("|")
        if row["value_names"] and len(names) == len(texts):
            labels[row["full_name"]] = {
                name.strip(): text.strip() for name, text in zip(names, texts, strict=True)
            }
    return labels


@cache
def _spellings(column: Column) -> dict[str, str]:
    """Every accepted spelling of the column's values, normalised → value name: the value names, the
    standard's labels (as in the templates' validation sheet) and our own English labels."""
    spellings = {}
    with translation.override("en"):
        for value, label in column.choices.choices:
            spellings[_normal(label)] = value
    for value, label in _standard_labels().get(column.name, {}).items():
        if value in column.choices.values:
            spellings[_normal(label)] = value
    for value in column.choices.values:
        spellings[_normal(value)] = value
    return spellings


def parse_choice(cell, column) -> str:
    value = _spellings(column).get(_normal(parse_text(cell)))
    if value is None:
        raise ValueError(_("Not a value of this HTCDS list: use a value name or label of the standard."))
    return value


def format_choice(value, column=None) -> str:
    return str(value)


def _split_known(text: str, spellings: dict[str, str]) -> tuple[list[str], list[str]]:
    """The values of a multi-select cell and the parts that are none: at each place, the longest known
    spelling followed by a separator (``;`` or ``,``) or the end; otherwise the text up to the next ``;``
    (as written, for the report)."""
    known, unknown = [], []
    written = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    rest = written.lower() if len(written.lower()) == len(written) else _normal(written)
    written = written if len(rest) == len(written) else rest
    by_length = sorted(spellings, key=len, reverse=True)
    while rest:
        skipped = len(rest) - len(rest.lstrip(" ;,"))
        rest, written = rest[skipped:], written[skipped:]
        if not rest:
            break
        match = next(
            (s for s in by_length if rest.startswith(s) and (len(rest) == len(s) or rest[len(s)] in ";,")),
            None,
        )
        end = len(match) if match else (rest.find(SEPARATOR) if SEPARATOR in rest else len(rest))
        if match:
            known.append(spellings[match])
        else:
            unknown.append(written[:end].strip())
        rest, written = rest[end:], written[end:]
    return list(dict.fromkeys(known)), unknown


def parse_multi_choice(cell, column) -> list[str]:
    known, unknown = _split_known(parse_text(cell), _spellings(column))
    if unknown:
        raise ValueError(
            _("Not values of this HTCDS list: %(values)s. Use value names or labels of the standard.")
            % {"values": ", ".join(f"“{part}”" for part in unknown)}
        )
    return known


def format_list(value, column=None) -> str:
    return SEPARATOR.join(str(item) for item in value)


@cache
def _country_names() -> dict[str, str]:
    """Country names (English and Russian, common and official) normalised → alpha-2 code."""
    names = {}
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    for country in pycountry.countries:
        spellings = (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""))
        for name in spellings:
            if name:
                names[_normal(name)] = country.alpha_2
                names[_normal(russian.gettext(name))] = country.alpha_2
        names[_normal(country.alpha_3)] = country.alpha_2
    return names


def parse_country(cell, column=None) -> str:
    text = parse_text(cell)
    if text.upper() in COUNTRY_CODES:
        return text.upper()
    code = _country_names().get(_normal(text))
    if code is not None:
        raise ValueError(_("Write the ISO code %(code)s instead of the country's name.") % {"code": code})
    raise ValueError(_("Write the country's two-letter ISO 3166 code, such as KZ."))


def format_country(value, column=None) -> str:
    return str(value)


def parse_country_list(cell, column=None) -> list[str]:
    parts = [part.strip() for part in re.split(r"[;,]", parse_text(cell)) if part.strip()]
    return list(dict.fromkeys(parse_country(part) for part in parts))


def parse_document_list(cell, column=None) -> list[dict]:
    return [{"document": part.strip()} for part in parse_text(cell).split(SEPARATOR) if part.strip()]


def format_document_list(value, column=None) -> str:
    items = (item.get("document", "") if isinstance(item, dict) else item for item in value)
    return SEPARATOR.join(str(item) for item in items)


PARSERS = {
    TEXT: parse_text,
    DATE: parse_date,
    NUMBER: parse_number,
    BOOLEAN: parse_boolean,
    CHOICE: parse_choice,
    MULTI_CHOICE: parse_multi_choice,
    COUNTRY: parse_country,
    COUNTRY_LIST: parse_country_list,
    CONSENT: parse_consent,
    DOCUMENT_LIST: parse_document_list,
}
FORMATTERS = {
    TEXT: format_text,
    DATE: format_date,
    NUMBER: format_number,
    BOOLEAN: format_boolean,
    CHOICE: format_choice,
    MULTI_CHOICE: format_list,
    COUNTRY: format_country,
    COUNTRY_LIST: format_list,
    CONSENT: format_consent,
    DOCUMENT_LIST: format_document_list,
}

V = vocabularies
COLUMNS = (
    Column("cas_CaseOwner", None, TEXT, label="Case Owner"),
    Column("prs_Salutation", "salutation", TEXT, personal=True, label="Salutation"),
    Column(
        "prs_FirstName", "given_name", TEXT, personal=True, aliases=("prs_First_Name",), label="First Name"
    ),
    Column("prs_MiddleName", "middle_name", TEXT, personal=True, label="Middle Name"),
    Column(
        "prs_SecondName",
        "family_name",
        TEXT,
        personal=True,
        aliases=("prs_Second_Name",),
        label="Second Name",
    ),
    Column("prs_Birthdate", "birth_date", DATE, personal=True, label="Birthdate"),
    Column("prs_Gender", "gender", CHOICE, V.Gender, label="Gender"),
    Column("prs_Deceased", "is_deceased", BOOLEAN, label="Deceased"),
    Column("prs_MaritalStatus", "marital_status", CHOICE, V.MaritalStatus, label="Marital Status"),
    Column("prs_NumberOfChildren", "number_of_children", NUMBER, label="Number of Children"),
    Column("prs_PrimaryLanguage", "primary_language", TEXT, label="Primary Language"),
    Column("prs_SecondaryLanguage", "secondary_language", TEXT, label="Secondary Language"),
    Column(
        "prs_HighestLevelOfEducation", "education", CHOICE, V.Education, label="Highest Level of Education"
    ),
    Column("prs_Citizenship", "citizenship", COUNTRY_LIST, label="Citizenship"),
    Column("prs_IdentityNumber", "identity_documents", DOCUMENT_LIST, personal=True, label="Identity Number"),
    Column("prs_Title", "title", TEXT, personal=True, label="Title"),
    Column("prs_Email", "email", TEXT, personal=True, label="Email"),
    Column("prs_HomePhone", "home_phone", TEXT, personal=True, label="Home Phone"),
    Column("prs_MobilePhone", "mobile_phone", TEXT, personal=True, label="Mobile Phone"),
    Column("prs_MailingStreet", "mailing_street", TEXT, personal=True, label="Mailing Street"),
    Column("prs_MailingCity", "mailing_city", TEXT, personal=True, label="Mailing City"),
    Column("prs_MailingState", "mailing_state", TEXT, personal=True, label="Mailing State/Province"),
    Column(
        "prs_MailingPostalCode", "mailing_postal_code", TEXT, personal=True, label="Mailing Zip/Postal Code"
    ),
    Column("prs_MailingCountry", "mailing_country", COUNTRY, label="Mailing Country"),
    Column("con_Consent", "consent_assistance", CONSENT, label="Consent"),
    Column(
        "vic_TraffickingStatus",
        "identification_status",
        CHOICE,
        V.TraffickingStatus,
        label="Trafficking Status",
    ),
    Column(
        "vic_TraffickingStatusDecisionMakingOrg",
        "decision_making_organisation",
        CHOICE,
        V.DecisionMakingOrg,
        aliases=("vic_TraffickinStatusDecisionMakingOrg",),
        label="Trafficking Status Decision Making Organization",
    ),
    Column(
        "vic_RelationshipToTrafficker",
        "relation_to_recruiter",
        CHOICE,
        V.RecruiterRelation,
        label="Relationship to Trafficker",
    ),
    Column("vic_AgeWhenTrafficked", "age_when_trafficked", NUMBER, label="Age When Trafficked"),
    Column(
        "vic_RecruitmentWebsitesAndApps",
        "recruitment_apps",
        MULTI_CHOICE,
        V.App,
        label="Recruitment Websites and Apps",
    ),
    Column(
        "vic_MethodOfRecruitment",
        "recruitment_methods",
        MULTI_CHOICE,
        V.RecruitmentMethod,
        label="Method of Recruitment",
    ),
    Column("vic_LocationOfRecruitment", "origin_country", COUNTRY, label="Location of Recruitment"),
    Column(
        "vic_MethodsOfControl",
        "means_of_control",
        MULTI_CHOICE,
        V.MeansOfControl,
        aliases=("vic_Methods_of_Control",),
        label="Methods of Control",
    ),
    Column(
        "vic_TypeOfExploitation",
        "exploitation_types",
        MULTI_CHOICE,
        V.Exploitation,
        label="Type of Exploitation",
    ),
    Column(
        "vic_ForcedLabourIndustry", "labour_sectors", MULTI_CHOICE, V.Industry, label="Forced Labour Industry"
    ),
    Column(
        "vic_TypeOfSexExploitation",
        "sex_exploitation_types",
        MULTI_CHOICE,
        V.SexExploitation,
        label="Type of Sex Exploitation",
    ),
    Column("vic_LocationOfExploitation", "exploitation_country", COUNTRY, label="Location of Exploitation"),
    Column(
        "vic_ExploitationWebsitesAndApps",
        "exploitation_apps",
        MULTI_CHOICE,
        V.App,
        label="Exploitation Websites and Apps",
    ),
    Column("vic_Vulnerabilities", "vulnerabilities", MULTI_CHOICE, V.Vulnerability, label="Vulnerabilities"),
    Column(
        "vic_DetailsOfVulnerabilities",
        "vulnerability_details",
        TEXT,
        personal=True,
        label="Details of Vulnerabilities",
    ),
    # The case and its referrals: kept on the case's own tabs, not by the intake (import reports them unread).
    Column("cas_Status", None, CHOICE, V.HtcdsCaseStatus, label="Status"),
    Column("cas_ReferringOrganisation", None, TEXT, label="Referring Organisation"),
    Column("cas_IncomingReferralDate", None, DATE, label="Incoming Referral Date"),
    Column("cas_ReferringPrimaryCaseWorker", None, TEXT, label="Referring Primary Case Worker"),
    Column(
        "cas_ReasonForIncomingReferral", None, CHOICE, V.ReferralReason, label="Reason for Incoming Referral"
    ),
    Column("cas_IncomingReferralDetails", None, TEXT, personal=True, label="Incoming Referral Details"),
    Column("cas_ReferredOrganisation", None, TEXT, label="Referred Organisation"),
    Column("cas_ReferredPrimaryCaseWorker", None, TEXT, label="Referred Primary Case Worker"),
    Column(
        "cas_ReasonForOutgoingReferral", None, CHOICE, V.ReferralReason, label="Reason for Outgoing Referral"
    ),
    Column("cas_OutgoingReferralDate", None, DATE, label="Outgoing Referral Date"),
    Column("cas_OutgoingReferralDetails", None, TEXT, personal=True, label="Outgoing Referral Details"),
    Column("cas_ReasonForCaseClosure", None, TEXT, label="Reason for Case Closure"),
    Column("cco_CaseComment", None, TEXT, personal=True, label="Case Comment"),
    # Extensions (not in HTCDS 2.0), after the standard's columns.
    Column("x_ExternalId", None, TEXT, label="External Id"),
    Column("x_Sex", "sex", CHOICE, V.Sex, label="Sex"),
    Column("x_RegisteredOn", "registered_on", DATE, label="Registered On"),
    Column("x_EstimatedAge", "estimated_age", NUMBER, label="Estimated Age"),
    Column(
        "x_ConsentStatistics", "consent_statistics", CHOICE, V.ConsentStatus, label="Consent to Statistics"
    ),
    Column("x_ConsentFollowUp", "consent_follow_up", CHOICE, V.ConsentStatus, label="Consent to Follow-up"),
)
del V
BY_NAME = {column.name: column for column in COLUMNS}
EXTERNAL_ID = BY_NAME["x_ExternalId"]
_BY_HEADER = {_normal(spelling): column for column in COLUMNS for spelling in (column.name, *column.aliases)}
_BY_LABEL = {_normal(column.label): column for column in COLUMNS}


def column_for(header) -> Column | None:
    """The column a header cell names (full name or alias, case and spaces ignored), or None."""
    return None if _is_empty(header) else _BY_HEADER.get(_normal(header))


def column_for_label(label) -> Column | None:
    """The column of a standard label (a template's second row), for a header cell left empty."""
    return None if _is_empty(label) else _BY_LABEL.get(_normal(label))


def sex_from_gender(gender: str | None) -> str:
    """The sex of a row without ``x_Sex``, from ``prs_Gender``: feminine → female, masculine → male."""
    return {
        vocabularies.Gender.FEMININE: vocabularies.Sex.FEMALE,
        vocabularies.Gender.TRANSGENDER_FEMININE: vocabularies.Sex.FEMALE,
        vocabularies.Gender.MASCULINE: vocabularies.Sex.MALE,
        vocabularies.Gender.TRANSGENDER_MASCULINE: vocabularies.Sex.MALE,
    }.get(gender, vocabularies.Sex.UNKNOWN)
