"""HTCDS files for the import's tests, written from the standard's real templates (synthetic people only)."""

import csv
import datetime
import functools
import io
import warnings
from pathlib import Path

import openpyxl

TEMPLATES = Path("/work/shared/reference/htcds")
if not TEMPLATES.exists():  # CI's checkout: the same templates, kept beside the tests
    TEMPLATES = Path(__file__).resolve().parent / "data"
SINGLE_SELECT = "HTCDS Excel Spreadsheet single select with validation v2.0.xlsx"
MULTI_SELECT = "HTCDS Excel Spreadsheet multi select with validation v2.0.xlsm"
PLAIN = "HTCDS Excel Spreadsheet v2.0.xlsx"

# Three synthetic people in the templates' own spellings: labels of the validation sheet, date cells.
PEOPLE = [
    {
        "prs_FirstName": "Zarina",
        "prs_SecondName": "Testova",
        "prs_Birthdate": datetime.datetime(1998, 3, 14),
        "prs_Gender": "Feminine",
        "prs_Citizenship": "TJ",
        "con_Consent": "TRUE",
        "prs_MobilePhone": "+992900000001",
        "vic_TraffickingStatus": "Actual victim of trafficking",
        "vic_TraffickinStatusDecisionMakingOrg": "NGO",
        "vic_MethodOfRecruitment": "Through friends or social events",
        "vic_LocationOfRecruitment": "TJ",
        "vic_TypeOfExploitation": "Forced labour",
        "vic_ForcedLabourIndustry": "Agriculture, forestry and fishing",
        "vic_LocationOfExploitation": "RU",
        "cas_Status": "Active",
    },
    {
        "prs_FirstName": "Bakhtiyor",
        "prs_SecondName": "Primerov",
        "prs_Birthdate": "1985-11-02",
        "prs_Gender": "Masculine",
        "prs_Citizenship": "UZ",
        "con_Consent": True,
        "vic_MethodsOfControl": "Debt bondage; Withholds documents",
        "vic_TypeOfExploitation": "ForcedLabour",
        "vic_ForcedLabourIndustry": "Construction",
        "vic_LocationOfExploitation": "KZ",
    },
    {
        "prs_FirstName": "Aigerim",
        "prs_SecondName": "Obraztsova",
        "prs_Birthdate": datetime.datetime(2001, 7, 30),
        "prs_Gender": "TransgenderFeminine",
        "prs_Citizenship": "KZ",
        "con_Consent": "yes",
        "vic_TypeOfExploitation": "Sexual exploitation; Forced marriage",
        "vic_TypeOfSexExploitation": "Prostitution",
        "vic_LocationOfExploitation": "TR",
    },
]


KEPT_ROWS = 12  # of the templates' 1,000 numbered rows, enough for the tests (the rest makes them slow)


@functools.cache
def _template(template: str) -> bytes:
    """The real template with its numbered rows past ``KEPT_ROWS`` removed, everything else as it is."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(TEMPLATES / template, keep_vba=template.endswith(".xlsm"))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(3 + KEPT_ROWS, sheet.max_row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_file(rows: list[dict], template: str = SINGLE_SELECT, *, drop: tuple[str, ...] = ()) -> bytes:
    """The template with ``rows`` written from row 3 under its own header (the row-number column kept);
    the columns ``drop`` have their header cleared."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(
            io.BytesIO(_template(template)), keep_vba=template.endswith(".xlsm")
        )
    sheet = workbook.worksheets[0]
    header = {cell.value: cell.column for cell in sheet[1] if cell.value}
    for name in drop:
        sheet.cell(row=1, column=header[name]).value = None
        sheet.cell(row=2, column=header[name]).value = None
    for offset, row in enumerate(rows):
        for name, value in row.items():
            sheet.cell(row=3 + offset, column=header[name]).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(rows: list[dict]) -> bytes:
    names = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _text(value) for name, value in row.items()})
    return out.getvalue().encode()


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if value is True:
        return "TRUE"
    return str(value)
