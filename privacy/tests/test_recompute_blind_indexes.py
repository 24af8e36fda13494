"""recompute_blind_indexes: every stored index moves to the new blind-index key, resumably, and
duplicate detection keeps working while it runs."""

import base64
import datetime
import io

import pytest
from django.core.management import call_command

from cases.models import Victim
from cases.tests.factories import VictimFactory
from privacy.blind_index import blind_index, blind_index_candidates

DATA_KEY = "ka:" + base64.b64encode(b"a" * 32).decode()
OLD_INDEX_KEY = "blind-index:" + base64.b64encode(b"i" * 32).decode()
NEW_INDEX_KEY = "blind-index-2027:" + base64.b64encode(b"j" * 32).decode()
BORN = datetime.date(1995, 4, 12)

pytestmark = pytest.mark.django_db


def recompute(*args) -> str:
    out = io.StringIO()
    call_command("recompute_blind_indexes", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def victims_under_old_index_key(settings):
    settings.AMANAT_KEYS = f"{DATA_KEY},{OLD_INDEX_KEY}"
    victims = VictimFactory.create_batch(3, birth_date=BORN)
    settings.AMANAT_KEYS = f"{DATA_KEY},{NEW_INDEX_KEY},{OLD_INDEX_KEY}"
    return victims


def stored_indexes() -> list[str]:
    return list(Victim.unscoped.order_by("pk").values_list("blind_index", flat=True))


def expected_indexes(victims) -> list[str]:
    return [blind_index(given_name=v.given_name, family_name=v.family_name, birth_date=BORN) for v in victims]


def test_recompute_blind_indexes_moves_every_index_to_the_new_key(victims_under_old_index_key):
    before = stored_indexes()

    output = recompute()

    assert stored_indexes() == expected_indexes(victims_under_old_index_key)
    assert set(before).isdisjoint(stored_indexes())
    assert "cases.victim: 3 recomputed, 0 already current" in output.splitlines()


def test_recompute_blind_indexes_second_run_changes_nothing(victims_under_old_index_key):
    recompute()
    after_first = stored_indexes()

    output = recompute()

    assert stored_indexes() == after_first
    assert "cases.victim: 0 recomputed, 3 already current" in output.splitlines()


def test_recompute_blind_indexes_interrupted_run_resumes(victims_under_old_index_key):
    first_output = recompute("--batch-size", "2", "--max-batches", "1")
    halfway = stored_indexes()

    recompute("--batch-size", "2")

    expected = expected_indexes(victims_under_old_index_key)
    assert halfway[:2] == expected[:2] and halfway[2] != expected[2]
    assert "run again (or with --after" in first_output
    assert stored_indexes() == expected


def test_recompute_blind_indexes_dry_run_counts_and_changes_nothing(victims_under_old_index_key):
    before = stored_indexes()

    output = recompute("--dry-run")

    assert stored_indexes() == before
    assert "cases.victim: 3 to recompute, 0 already current" in output.splitlines()


def test_duplicate_search_finds_records_not_yet_recomputed(victims_under_old_index_key):
    victim = victims_under_old_index_key[0]

    candidates = blind_index_candidates(
        given_name=victim.given_name, family_name=victim.family_name, birth_date=BORN
    )

    assert Victim.unscoped.get(pk=victim.pk).blind_index in candidates


def test_after_the_old_key_is_removed_only_recomputed_records_are_found(
    victims_under_old_index_key, settings
):
    victim = victims_under_old_index_key[0]
    recompute()
    settings.AMANAT_KEYS = f"{DATA_KEY},{NEW_INDEX_KEY}"

    candidates = blind_index_candidates(
        given_name=victim.given_name, family_name=victim.family_name, birth_date=BORN
    )

    assert Victim.unscoped.get(pk=victim.pk).blind_index in candidates
