"""The indicators' definitions (their docstrings, whitespace folded) marked for translation, so that an
indicator's page reads in the reader's language. Every registered indicator has its entry here, in the
order of ``INDICATORS``, and its Russian in ``analytics/locale/ru``: a new indicator, or a docstring
changed without its entry, fails ``analytics/tests/test_dashboard.py`` (a definition without a
translation would be shown in English, marked ``lang="en"``)."""

from django.utils.translation import gettext_noop

DEFINITIONS = (
    # victims_registered
    gettext_noop(
        "Victims registered: cases registered in the period (by their registration date), presumed and "
        "identified victims alike."
    ),
    # victims_identified
    gettext_noop(
        "Victims identified: cases registered in the period whose screening records the person as an "
        "identified victim of trafficking (not only presumed)."
    ),
    # victims_assisted
    gettext_noop(
        "Victims assisted: cases registered in the period with at least one assistance service recorded (by "
        "any organisation)."
    ),
    # services_delivered
    gettext_noop(
        "Services delivered: assistance services recorded by the organisations in scope on counted cases, by "
        "the date the service started; each service once, whatever its quantity."
    ),
    # victims_served
    gettext_noop(
        "Victims served: victims (cases) who received at least one assistance service that started in the "
        "period; a victim given several services of one type counts once in that type, once in the total."
    ),
    # service_costs
    gettext_noop(
        "Cost of services: the sum of the recorded costs of the services that started in the period, in each "
        "currency apart (costs in different currencies are never added together; a service without a recorded"
        " cost adds nothing)."
    ),
    # referrals_made
    gettext_noop(
        "Referrals made: referrals and transfers the organisations in scope sent in the period (by the date "
        "they were requested), to organisations in Amanat and bodies outside it; those still awaiting the "
        "manager's approval were not sent and are not counted."
    ),
    # referrals_accepted
    gettext_noop(
        "Referrals accepted: referrals made in the period that the receiver accepted, whether the work is "
        "still going on (accepted) or done (completed)."
    ),
    # referrals_completed
    gettext_noop(
        "Referrals completed: referrals made in the period whose outcome has been recorded (completed)."
    ),
    # reintegration_scores
    gettext_noop(
        "Reintegration scores: the mean economic, social, psychosocial and composite scores (0–1, the "
        "Reintegration Sustainability Survey) of the assessments made in the period, by the date of the "
        "assessment; a row's margin is its mean composite score. For readers without record-level access a "
        "mean of fewer assessments than the small-cell threshold is not shown."
    ),
    # routes
    gettext_noop(
        "Victims by origin and place of exploitation: the victims registered in the period, by the place of "
        "their recruitment (else their home region, else their first citizenship) and by each place where "
        "they were exploited; in the five republics by region, elsewhere by country. A route is internal when"
        " every place of exploitation is in the country of origin, cross-border when one is in another "
        "country."
    ),
    # root_causes
    gettext_noop(
        "Root causes: victims registered in the period by one vulnerability factor recorded at screening "
        "(economic situation before trafficking, debts when recruited, highest level of education, prior "
        "migration for work, family situation, methods of recruitment or relation to the recruiter), set "
        "against form of exploitation, sex or age band. Debts, family situation, methods of recruitment and "
        "forms of exploitation can hold several answers: a victim counts under each."
    ),
    # hotline_contacts
    gettext_noop(
        "Hotline contacts: calls, messages and visits to the hotlines of the organisations, completed by the "
        "operator (drafts are not counted), by the local day they started. By topic, a contact is counted "
        "once under each topic the caller raised (so the topics add up to more than the contacts); by outcome"
        " and channel, once. Contacts are not victims: the victim filters (sex, age band, form of "
        "exploitation) do not apply to them."
    ),
    # shelter_occupancy
    gettext_noop(
        "Shelter occupancy: the bed-nights taken in the shelters of the organisations over the bed-nights "
        "available, in percent. Taken: each night a resident spent in the period (from the day of admission "
        "up to the day before discharge; every stay counts, since a bed is taken whoever sleeps in it). "
        "Available: each shelter's places (its capacity as recorded) times the days of the period, for the "
        "shelters active now or with a resident in the period. Without a chosen period: from the first "
        "admission until today. A place's figure, not a person's: the victim filters do not apply."
    ),
    # shelter_admissions
    gettext_noop(
        "Shelter admissions: stays that began in the period (by the day of admission) in the shelters of the "
        "organisations, of victims who may be counted in statistics; a victim admitted twice is counted "
        "twice. The victim filters (sex, age band, form of exploitation) apply."
    ),
    # shelter_stay_length
    gettext_noop(
        "Mean length of stay: the mean number of nights (discharge day minus admission day) of the stays that"
        " ended in the period (by the day of discharge) in the shelters of the organisations, of victims who "
        "may be counted in statistics; stays still open are not counted. Each margin is the mean of its own "
        "stays, not a mean of means. The victim filters apply."
    ),
    # sms_delivered
    gettext_noop(
        "Campaign SMS delivered: the messages of the organisations' campaign broadcasts that the gateway "
        "reported delivered, by the local day of the report (one number sent two broadcasts is two messages)."
        " The victim filters do not apply."
    ),
    # campaign_people_reached
    gettext_noop(
        "People reached by campaigns, as records count them: by SMS, the distinct numbers a message of the "
        "organisations' broadcasts was delivered to in the period (a number reached twice counts once); at "
        "events, the participants counted; in print, the copies printed. Audience and reach estimates are not"
        ' in it (see "People reached by campaigns (estimated)"). The victim filters do not apply.'
    ),
    # campaign_people_estimated
    gettext_noop(
        "People reached by campaigns, as broadcasters and platforms estimate them: the audience of the "
        "organisations' TV and radio activities (an activity's audience over all its airings) and the reach "
        "of their social-media activities, by the activity's first day. Estimates, never added to the people "
        "counted. The victim filters do not apply."
    ),
    # award_entries
    gettext_noop(
        "Award entries ranked: the entries of the organisations in the published results of best-practice "
        "competitions (the ranking across all countries), by the day the results were announced. By place, "
        "the entry's rank in its nomination (tied entries share it). The victim filters do not apply."
    ),
    # award_winners
    gettext_noop(
        "Award winners: the entries of the organisations that won their nomination (first place across all "
        "countries; tied first places are each a winner) in the published results, by the day the results "
        "were announced. The victim filters do not apply."
    ),
    # global_victims (exchange.indicators)
    gettext_noop(
        "Victims in the global CTDC dataset: the records of the reference dataset imported last (CTDC's "
        "Counter-Trafficking Data Collaborative, not the network's cases), by their year of registration; "
        "the same for every reader. The filters of period (by year), sex, age band and form of exploitation "
        "apply; those of country, organisation and programme do not."
    ),
)


def definition_of(indicator) -> str:
    """The indicator's docstring on one line: the message id of its translation."""
    return " ".join(indicator.definition.split())
