"""Uploading subscribers: every row of a CSV or XLSX file is checked and the bad ones named (row,
column, reason; never the number); the rest are added only after confirmation, all or none."""

import csv
import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from campaigns.models import Subscriber, SubscriberImport
from campaigns.numbers import number_hash
from campaigns.services import subscriber_imports
from campaigns.tests.factories import (
    OptOutFactory,
    SubscriberFactory,
    SubscriberImportFactory,
    SubscriberListFactory,
)

HEADER = ["number", "language", "consent_source", "consent_date"]
ROWS = [
    ["+992900000201", "tg", "Job fair in Khujand", "2026-01-31"],
    ["12345", "ru", "", ""],  # not a number
    ["90 000 0203", "", "", "15.02.2026"],  # national form: the organisation's country (TJ)
    ["+992900000204", "xx", "", ""],  # unknown language
    ["+992900000201", "ru", "", ""],  # the same as row 2
    ["+992900000206", "ru", "", "yesterday"],  # not a date
]


@pytest.fixture
def subscriber_list(ngo):
    return SubscriberListFactory(organisation=ngo, language="ru", consent_source="Sign-up form")


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other_manager")


def _csv(tmp_path, rows, header=HEADER, name="subscribers.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(tmp_path, rows, header=HEADER, name="subscribers.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _check(subscriber_list, by, path):
    return subscriber_imports.subscriber_import_check(
        subscriber_list=subscriber_list, by=by, file_name=path.name, content=path.read_bytes()
    )


def _numbers(subscriber_list):
    # unscoped: the list's rows, read back to check what was added.
    return sorted(s.number for s in Subscriber.unscoped.filter(subscriber_list=subscriber_list))


def test_import_check_names_each_bad_row_and_adds_nothing_yet(tmp_path, subscriber_list, manager):
    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, ROWS))

    assert (subscriber_import.status, subscriber_import.total_rows, subscriber_import.accepted_rows) == (
        "pending",
        6,
        2,
    )
    assert [(e["row"], e["column"], e["code"]) for e in subscriber_import.report] == [
        (3, "number", "invalid_number"),
        (5, "language", "unknown_language"),
        (6, "number", "duplicate_in_file"),
        (7, "consent_date", "invalid_date"),
    ]
    assert (
        subscriber_imports.report_reason(subscriber_import.report[2])
        == "The same number as row 2 of the file."
    )
    assert "0201" not in json.dumps(subscriber_import.report)
    assert _numbers(subscriber_list) == []


def test_import_confirm_adds_the_accepted_rows_with_their_language_and_consent(
    tmp_path, subscriber_list, manager
):
    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, ROWS))

    added = subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    assert added == 2
    # unscoped: the list's rows.
    rows = {s.number: s for s in Subscriber.unscoped.filter(subscriber_list=subscriber_list)}
    assert sorted(rows) == ["+992900000201", "+992900000203"]
    first, second = rows["+992900000201"], rows["+992900000203"]
    assert (first.language, first.consent_source, first.consent_date) == (
        "tg",
        "Job fair in Khujand",
        datetime.date(2026, 1, 31),
    )
    assert (second.language, second.consent_source, second.consent_date, second.country) == (
        "ru",
        "Sign-up form",
        datetime.date(2026, 2, 15),
        "TJ",
    )
    assert first.number_hash == number_hash("+992900000201")
    # unscoped: the import itself, its rows forgotten once added.
    stored = SubscriberImport.unscoped.get(pk=subscriber_import.pk)
    assert (stored.status, stored.rows) == ("confirmed", "")


def test_import_confirm_twice_adds_nothing_the_second_time(tmp_path, subscriber_list, manager):
    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, ROWS))
    subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    again = subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    assert again == 0
    assert len(_numbers(subscriber_list)) == 2


def test_import_cancel_adds_nothing_and_a_later_confirm_does_nothing(tmp_path, subscriber_list, manager):
    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, ROWS))

    assert (
        subscriber_imports.subscriber_import_cancel(subscriber_import=subscriber_import, by=manager) is True
    )
    assert subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager) == 0

    assert _numbers(subscriber_list) == []
    # unscoped: the import itself.
    assert SubscriberImport.unscoped.get(pk=subscriber_import.pk).status == "cancelled"


def test_import_of_an_xlsx_file_with_date_and_number_cells(tmp_path, subscriber_list, manager):
    rows = [
        [992900000301, "uz", "Event", datetime.datetime(2026, 1, 10)],
        ["+992900000302", "Russian", None, None],
        ["not a number", "ru", None, None],
    ]
    subscriber_import = _check(subscriber_list, manager, _xlsx(tmp_path, rows))

    subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    assert [(e["row"], e["code"]) for e in subscriber_import.report] == [(4, "invalid_number")]
    # unscoped: the list's rows.
    added = {
        s.number: (s.language, s.consent_date)
        for s in Subscriber.unscoped.filter(subscriber_list=subscriber_list)
    }
    assert added == {"+992900000301": ("uz", datetime.date(2026, 1, 10)), "+992900000302": ("ru", None)}


def test_import_names_numbers_already_on_the_list_and_notes_opted_out_ones(
    tmp_path, ngo, subscriber_list, manager
):
    SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list, number="+992900000401")
    OptOutFactory(organisation=ngo, number="+992900000402")
    rows = [["+992900000401", "", "", ""], ["+992900000402", "", "", ""], ["+992900000403", "", "", ""]]

    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, rows))

    assert [(e["row"], e["code"], bool(e.get("note"))) for e in subscriber_import.report] == [
        (2, "already_on_list", False),
        (3, "opted_out", True),
    ]
    assert subscriber_import.accepted_rows == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("subscribers.pdf", b"%PDF-1.4 not a table"),
        ("subscribers.xlsx", b"PK\x03\x04 broken zip"),
        ("subscribers.csv", b"phone,language\n+992900000501,ru\n"),
    ],
)
def test_import_of_a_file_that_is_not_a_table_or_has_no_number_column_stores_nothing(
    subscriber_list, manager, name, content
):
    with pytest.raises(ValidationError) as refused:
        subscriber_imports.subscriber_import_check(
            subscriber_list=subscriber_list, by=manager, file_name=name, content=content
        )

    assert list(refused.value.message_dict) == ["file"]
    # unscoped: nothing stored anywhere.
    assert not SubscriberImport.unscoped.exists()


def test_import_of_fifty_thousand_rows_checks_and_confirms(tmp_path, subscriber_list, manager):
    rows = [[f"+99290{n:07d}", "", "", ""] for n in range(50_000)]

    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, rows))
    added = subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    assert (subscriber_import.accepted_rows, added) == (50_000, 50_000)
    # unscoped: the list's rows.
    assert Subscriber.unscoped.filter(subscriber_list=subscriber_list).count() == 50_000


@pytest.mark.parametrize("role", ["caseworker", "hotline_operator", "outsider"])
def test_import_services_refuse_who_may_not_add_subscribers(request, tmp_path, subscriber_list, role):
    with pytest.raises(PermissionDenied):
        _check(subscriber_list, request.getfixturevalue(role), _csv(tmp_path, ROWS))


# Pages ------------------------------------------------------------------------------------------------


def test_import_pages_upload_report_and_confirm(client, tmp_path, subscriber_list, manager):
    client.force_login(manager)
    path = _xlsx(tmp_path, ROWS)

    uploaded = client.post(
        reverse("campaigns:subscriberimport_create", args=[subscriber_list.pk]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    report = client.get(uploaded["Location"])
    subscriber_import = report.context["subscriber_import"]
    confirmed = client.post(reverse("campaigns:subscriberimport_confirm", args=[subscriber_import.pk]))

    page = report.content.decode()
    assert "Import the 2 accepted rows" in page
    assert "Not a valid phone number." in page
    assert "12345" not in page
    assert confirmed["Location"] == reverse("campaigns:subscriberlist_detail", args=[subscriber_list.pk])
    assert len(_numbers(subscriber_list)) == 2


def test_import_page_without_a_number_column_keeps_the_form_with_a_clear_error(
    client, tmp_path, subscriber_list, manager
):
    client.force_login(manager)
    path = _csv(tmp_path, [["+992900000601"]], header=["phone"])

    response = client.post(
        reverse("campaigns:subscriberimport_create", args=[subscriber_list.pk]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )

    assert response.status_code == 200
    assert "no “number” column" in response.context["form"].errors["file"][0]
    # unscoped: nothing stored.
    assert not SubscriberImport.unscoped.exists()


def test_import_template_names_the_columns(client, manager):
    client.force_login(manager)

    response = client.get(reverse("campaigns:subscriberimport_template"))

    assert response.content.decode().splitlines()[0] == "number,language,consent_source,consent_date"


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 200)),
        ("caseworker", (404, 404, 403)),
        ("hotline_operator", (404, 404, 403)),
        ("outsider", (404, 404, 403)),
        ("other_manager", (404, 404, 200)),
        ("password_only", (302, 302, 302)),
    ],
)
def test_import_pages_role_matrix(client, request, ngo, subscriber_list, manager, role, statuses):
    subscriber_import = SubscriberImportFactory(organisation=ngo, subscriber_list=subscriber_list)
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    else:
        client.force_login(request.getfixturevalue(role))

    urls = [
        reverse("campaigns:subscriberimport_create", args=[subscriber_list.pk]),
        reverse("campaigns:subscriberimport_detail", args=[subscriber_import.pk]),
        reverse("campaigns:subscriberimport_template"),
    ]
    responses = [client.get(url) for url in urls]
    confirm = client.post(reverse("campaigns:subscriberimport_confirm", args=[subscriber_import.pk]))

    assert tuple(response.status_code for response in responses) == statuses
    # unscoped: whether the import moved.
    status = SubscriberImport.unscoped.get(pk=subscriber_import.pk).status
    assert status == ("confirmed" if role == "manager" else "pending")
    assert confirm.status_code == {"manager": 302, "password_only": 302}.get(role, statuses[1])


# API --------------------------------------------------------------------------------------------------


def test_import_api_upload_report_and_confirm(api, tmp_path, subscriber_list, manager):
    api.force_authenticate(manager)
    path = _csv(tmp_path, ROWS)

    with path.open("rb") as handle:
        uploaded = api.post(
            "/api/v1/campaigns/subscriber-imports/",
            {"subscriber_list": subscriber_list.pk, "file": handle},
            format="multipart",
        )
    body = uploaded.json()
    confirmed = api.post(f"/api/v1/campaigns/subscriber-imports/{body['id']}/confirm/")
    again = api.post(f"/api/v1/campaigns/subscriber-imports/{body['id']}/confirm/")

    assert uploaded.status_code == 201
    assert (body["total_rows"], body["accepted_rows"]) == (6, 2)
    assert body["report"][0] == {
        "row": 3,
        "column": "number",
        "code": "invalid_number",
        "rejected": True,
        "reason": "Not a valid phone number.",
    }
    assert confirmed.json() == {"added": 2, "status": "confirmed"}
    assert again.json() == {"added": 0, "status": "confirmed"}


def test_import_api_refuses_a_file_without_a_number_column_in_the_envelope(
    api, tmp_path, subscriber_list, manager
):
    api.force_authenticate(manager)
    path = _csv(tmp_path, [["x"]], header=["phone"])

    with path.open("rb") as handle:
        response = api.post(
            "/api/v1/campaigns/subscriber-imports/",
            {"subscriber_list": subscriber_list.pk, "file": handle},
            format="multipart",
        )

    assert (response.status_code, response.json()["field"]) == (400, "file")


@pytest.mark.parametrize(("role", "status"), [("caseworker", 403), ("other_manager", 404)])
def test_import_api_of_another_role_or_organisation(api, request, subscriber_list, manager, role, status):
    subscriber_import = SubscriberImportFactory(
        organisation=subscriber_list.organisation, subscriber_list=subscriber_list
    )
    api.force_authenticate(request.getfixturevalue(role))

    response = api.post(f"/api/v1/campaigns/subscriber-imports/{subscriber_import.pk}/confirm/")

    assert response.status_code == status


def test_import_puts_a_number_removed_earlier_back_on_its_row(tmp_path, ngo, subscriber_list, manager):
    from campaigns.services import subscribers as subscriber_services

    removed = SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list, number="+992900000801")
    subscriber_services.subscriber_remove(subscriber=removed, by=manager)
    rows = [["+992900000801", "uz", "", ""], ["+992900000802", "", "", ""]]

    subscriber_import = _check(subscriber_list, manager, _csv(tmp_path, rows))
    added = subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=manager)

    assert (subscriber_import.report, added) == ([], 2)
    # unscoped: the list's rows.
    back = Subscriber.unscoped.get(pk=removed.pk)
    assert (back.number, back.language) == ("+992900000801", "uz")
    assert _numbers(subscriber_list) == ["+992900000801", "+992900000802"]
