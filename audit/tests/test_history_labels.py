"""The change history speaks the reader's language: field labels and choice labels (also of the JSON lists
of codes), the names of the users a change points to, times in the configured time zone: no codes, no UTC."""

import datetime

from django.urls import reverse
from django.utils import translation

from audit import selectors
from cases.models import Case, TraffickingExperience, choices
from cases.tests.factories import CaseFactory, TraffickingExperienceFactory

Exploitation = choices.Exploitation


def test_history_names_the_choices_of_a_list_of_codes(manager, ngo):
    experience = TraffickingExperienceFactory(
        organisation=ngo, exploitation_types=[Exploitation.FORCED_LABOUR]
    )
    experience = TraffickingExperience.unscoped.get(pk=experience.pk)
    experience.exploitation_types = [Exploitation.FORCED_LABOUR, Exploitation.SEXUAL_EXPLOITATION]
    experience.save(update_fields=["exploitation_types"])

    with translation.override("ru"):
        rows = selectors.history_for_object(user=manager, obj=experience)
        changes = [(c.label, c.before, c.after) for c in rows[0].changes]

    assert changes == [
        ("Формы эксплуатации", "Принудительный труд", "Принудительный труд, Сексуальная эксплуатация")
    ]


def test_history_names_the_user_a_changed_caseworker_points_to(manager, caseworker, ngo):
    case = CaseFactory(organisation=ngo, caseworker=None)
    case = Case.unscoped.get(pk=case.pk)
    case.caseworker = caseworker
    case.save(update_fields=["caseworker"])

    rows = selectors.history_for_object(user=manager, obj=case)

    assert [(c.label, c.before, c.after) for c in rows[0].changes] == [("Caseworker", "—", "caseworker")]


def test_case_history_page_in_russian_shows_local_time_and_labels(client, manager, ngo, settings):
    settings.TIME_ZONE = "Asia/Tashkent"
    case = CaseFactory(organisation=ngo, stage=choices.Stage.ASSISTANCE)
    case = Case.unscoped.get(pk=case.pk)
    case.stage = choices.Stage.REINTEGRATION
    case.save(update_fields=["stage"])
    Case.history.model.unscoped.filter(id=case.pk).update(
        history_date=datetime.datetime(2026, 3, 1, 20, 30, tzinfo=datetime.UTC)
    )
    client.force_login(manager)
    client.cookies["amanat_language"] = "ru"

    response = client.get(reverse("cases:case_history", args=[case.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "02.03.2026 01:30" in html  # 20:30 UTC is 01:30 the next day in Tashkent
    assert "<li>Этап:" in html
    assert "<ins>Реинтеграция</ins>" in html
