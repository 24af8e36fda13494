"""The demo's award (``load_demo``, read from ``demo_loaded``): the 2013 Bishkek forum with its national
consultations, 40 entries in the six nominations, a committee with conflicted judges kept off their
entries, scores that make the seed's winners win, the published programme; and today's open call."""

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse

from accounts.models import User
from awards import conflicts, demo
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Consultation,
    Entry,
    Nomination,
    Nominee,
    Score,
    ScoreSheet,
    Slot,
    choices,
)
from network import demo as network_demo
from network.countries import CENTRAL_ASIA


def _forum():
    # unscoped: the tests read what the loader wrote.
    return Competition.unscoped.get(name_en=demo.FORUM_2013)


def _counts():
    models = (
        Competition,
        Nomination,
        Consultation,
        Nominee,
        Entry,
        CommitteeMember,
        ConflictDeclaration,
        Assignment,
        ScoreSheet,
        Score,
        Slot,
    )
    # unscoped: as above.
    return {model.__name__: model.unscoped.count() for model in models} | {"users": User.objects.count()}


def test_demo_forum_has_forty_entries_in_the_six_nominations(db, demo_loaded):
    forum = _forum()
    # unscoped: as above.
    entries = Entry.unscoped.filter(competition=forum)

    assert forum.organisation.name_en == network_demo.IOM_REGIONAL_OFFICE
    assert (forum.forum_starts_on.isoformat(), forum.forum_ends_on.isoformat(), forum.venue) == (
        "2013-09-02",
        "2013-09-03",
        "Bishkek",
    )
    assert entries.count() == 40
    assert sorted(forum.nominations.values_list("code", flat=True)) == sorted(
        code for code, *_ in choices.DEFAULT_NOMINATIONS
    )
    assert set(entries.values_list("nomination__code", flat=True)) == set(demo.ENTRIES_PER_NOMINATION)
    assert all(
        nomination.criteria.count() == len(choices.DEFAULT_CRITERIA) for nomination in forum.nominations.all()
    )
    assert all(entry.figures and entry.submitted_at for entry in entries)
    assert "Awards:" in demo_loaded


def test_demo_consultations_in_the_five_republics_by_the_iom_offices(db, demo_loaded):
    # unscoped: as above.
    consultations = Consultation.unscoped.filter(competition=_forum()).select_related("organisation")

    assert sorted(c.country for c in consultations) == sorted(CENTRAL_ASIA)
    assert all(c.organisation.name_en == demo.IOM_OFFICE_OF[c.country] for c in consultations)
    assert all(set(c.participants.values_list("country", flat=True)) == {c.country} for c in consultations)
    # Every entry was put forward by its own country's consultation.
    # unscoped: as above.
    entries = Entry.unscoped.filter(competition=_forum()).select_related(
        "nominee__consultation", "organisation"
    )
    assert all(entry.nominee.consultation.country == entry.organisation.country for entry in entries)


def test_demo_conflicted_judges_have_no_assignment_to_their_entries(db, demo_loaded):
    forum = _forum()
    former = User.objects.get(username=demo.FORMER_STAFF_JUDGE)
    declaring = User.objects.get(username=demo.DECLARING_JUDGE)
    # unscoped: as above.
    committee = CommitteeMember.unscoped.filter(competition=forum)

    for judge in (former, declaring):
        conflicted = conflicts.conflicted_entry_ids(judge=judge, competition=forum)
        # unscoped: as above.
        assigned = set(Assignment.unscoped.filter(judge=judge).values_list("entry_id", flat=True))
        assert conflicted, judge.username
        assert assigned and not assigned & conflicted, judge.username
    assert committee.count() >= 5
    assert list(committee.filter(is_chair=True).values_list("judge__username", flat=True)) == ["judge"]
    # unscoped: as above.
    per_entry = Assignment.unscoped.filter(competition=forum).values_list("entry_id", flat=True)
    assert set(defaultdict(int, {e: list(per_entry).count(e) for e in per_entry}).values()) == {3}


def _weighted_means(forum):
    totals = defaultdict(lambda: [Decimal(0), Decimal(0)])
    # unscoped: as above.
    for score in Score.unscoped.filter(
        sheet__assignment__competition=forum, sheet__submitted_at__isnull=False
    ).select_related(
        "criterion", "sheet__assignment__entry__organisation", "sheet__assignment__entry__nomination"
    ):
        entry = score.sheet.assignment.entry
        totals[(entry.nomination.code, entry.organisation.name_en)][0] += score.value * score.criterion.weight
        totals[(entry.nomination.code, entry.organisation.name_en)][1] += score.criterion.weight
    best = {}
    for (code, name), (total, weight) in totals.items():
        if code not in best or total / weight > best[code][1]:
            best[code] = (name, total / weight)
    return {code: name for code, (name, _) in best.items()}


def test_demo_scores_make_the_seeds_winners_win(db, demo_loaded):
    best = _weighted_means(_forum())

    assert {code: best[code] for code in demo.SEED_WINNERS} == demo.SEED_WINNERS


def test_demo_programme_is_published_over_the_two_days(db, demo_loaded, client):
    forum = _forum()
    # unscoped: as above.
    slots = Slot.unscoped.filter(competition=forum)
    client.force_login(User.objects.get(username="manager"))

    response = client.get(reverse("awards:competition_programme", args=[forum.pk]))

    assert forum.programme_published_at is not None
    assert slots.filter(entry__isnull=False).count() == 40
    assert set(slots.values_list("day", flat=True)) == {forum.forum_starts_on, forum.forum_ends_on}
    assert response.status_code == 200
    assert "Women and Society" in response.content.decode()


def test_demo_current_call_puts_the_demo_managers_ngo_forward_for_the_best_shelter(db, demo_loaded):
    manager = User.objects.get(username="manager")
    # unscoped: as above.
    current = Competition.unscoped.exclude(name_en=demo.FORUM_2013).get(
        organisation__name_en=network_demo.IOM_REGIONAL_OFFICE
    )

    nominees = list(Nominee.objects.visible_to(manager).filter(consultation__competition=current))

    assert current.phase == choices.Phase.SUBMISSION and not current.deadline_passed
    assert [(n.organisation.name_en, n.nomination.code) for n in nominees] == [
        (network_demo.WOMEN_AND_SOCIETY, "shelter")
    ]


def test_demo_awards_load_twice_changes_nothing(db, demo_loaded):
    before = _counts()

    again = demo.load()

    assert _counts() == before
    assert again == "Awards: demo competitions already loaded."


def test_demo_national_round_leaves_the_demo_judge_entries_to_score(db, demo_loaded):
    judge, former_staff = (
        User.objects.get(username="judge"),
        User.objects.get(username=demo.FORMER_STAFF_JUDGE),
    )
    # unscoped: as above.
    national = Competition.unscoped.get(name_en__startswith="Tajikistan national")
    assignments = Assignment.unscoped.filter(competition=national)
    women_of_the_east = Entry.unscoped.get(
        competition=national, organisation__name_en=network_demo.WOMEN_OF_THE_EAST
    )

    waiting = assignments.filter(judge=judge, sheet__isnull=True).count()
    others_submitted = ScoreSheet.unscoped.filter(
        assignment__competition=national, submitted_at__isnull=False
    )

    assert national.phase == choices.Phase.JUDGING
    assert (waiting, assignments.count()) == (assignments.filter(judge=judge).count(), 18)
    assert waiting > 0 and others_submitted.count() == 18 - waiting
    assert not assignments.filter(judge=former_staff, entry=women_of_the_east).exists()
    assert all(entry.figures_frozen_at for entry in Entry.unscoped.filter(competition=national))
