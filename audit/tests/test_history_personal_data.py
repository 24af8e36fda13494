from django.urls import reverse

from audit import selectors
from cases.models import Victim
from cases.tests.factories import VictimFactory


def test_history_for_object_marks_encrypted_fields_changed_without_values(manager, ngo):
    victim = VictimFactory(organisation=ngo, given_name="Dilnoza")
    victim = Victim.unscoped.get(pk=victim.pk)
    victim.given_name = "Malika"
    victim.save(update_fields=["given_name"])

    rows = selectors.history_for_object(user=manager, obj=victim)

    given_name = [change for change in rows[0].changes if change.label == "Given name"]
    assert [(c.hidden, c.before, c.after) for c in given_name] == [(True, "", "")]


def test_history_list_never_shows_personal_data_values(client, manager, ngo):
    victim = VictimFactory(organisation=ngo, given_name="Dilnoza", family_name="Testova")
    victim = Victim.unscoped.get(pk=victim.pk)
    victim.given_name = "Malika"
    victim.save(update_fields=["given_name"])
    client.force_login(manager)

    response = client.get(reverse("audit:history_list"), {"record_type": "cases.victim"})

    html = response.content.decode()
    assert response.status_code == 200
    assert ("Dilnoza" in html, "Malika" in html, "Testova" in html) == (False, False, False)
    assert "changed (personal data, not shown)" in html
