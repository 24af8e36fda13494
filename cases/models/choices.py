"""Vocabularies of the case record. Where HTCDS 2.0 names a value, its value name is what we store."""

from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class Stage(models.TextChoices):
    SCREENING = "screening", _("Screening")
    ASSISTANCE = "assistance", _("Assistance")
    REINTEGRATION = "reintegration", _("Reintegration")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


STAGE_ORDER = [Stage.SCREENING, Stage.ASSISTANCE, Stage.REINTEGRATION, Stage.MONITORING, Stage.CLOSED]

# The guided intake's steps that save answers, in order; the review (and registering) comes after them.
INTAKE_STEPS = ("person", "screening", "experience", "consent")


class HtcdsCaseStatus(models.TextChoices):
    """cas_Status."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegration completed")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    NOT_TRAFFICKED = "not_trafficked", _("Not a victim of trafficking")
    DECLINED_ASSISTANCE = "declined_assistance", _("Assistance declined")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    RELOCATED = "relocated", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    RE_TRAFFICKED = "re_trafficked", _("Re-trafficked")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Unknown")


class Gender(models.TextChoices):
    """prs_Gender."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    NOT_SPECIFIED = "NonSpecifiedUnknown", _("Not specified / unknown")


class MaritalStatus(models.TextChoices):
    """prs_MaritalStatus."""

    SINGLE = "Single", _("Single")
    MARRIED = "Married", _("Married")
    WIDOWED = "Widowed", _("Widowed")
    DIVORCED = "Divorced", _("Divorced")
    SEPARATED = "Separated", _("Separated")
    REGISTERED_PARTNERSHIP = "RegisteredPartnership", _("Registered partnership")


class Education(models.TextChoices):
    """prs_HighestLevelOfEducation (ISCED 2011)."""

    EARLY_CHILDHOOD = "EarlyChildhoodEducation", _("Early childhood education")
    PRIMARY = "PrimaryEducation", _("Primary education")
    LOWER_SECONDARY = "LowerSecondaryEducation", _("Lower secondary education")
    UPPER_SECONDARY = "UpperSecondaryEducation", _("Upper secondary education")
    POST_SECONDARY = "PostSecondaryNonTertiaryEducation", _("Post-secondary non-tertiary education")
    SHORT_CYCLE_TERTIARY = "ShortCycleTertiaryEducation", _("Short-cycle tertiary education")
    BACHELOR = "BachelorsOrEquivalentLevel", _("Bachelor’s or equivalent level")
    MASTER = "MastersOrEquivalentLevel", _("Master’s or equivalent level")
    DOCTORAL = "DoctoralOrEquivalentLevel", _("Doctoral or equivalent level")


class ReferralSource(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    POLICE = "police", _("Police")
    NGO = "ngo", _("NGO")
    IOM = "iom", _("IOM")
    CONSULATE = "consulate", _("Consulate")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    FAMILY = "family", _("Family")
    SELF = "self", _("Self-referral")
    OTHER = "other", _("Other")


class Indicator(models.TextChoices):
    """The screening checklist of trafficking indicators (in the spirit of the ILO/IOM indicators)."""

    DECEIVED_ABOUT_WORK = "deceived_about_work", _("Deceived about the nature or conditions of work")
    DOCUMENTS_WITHHELD = "documents_withheld", _("Identity documents withheld")
    MOVEMENT_RESTRICTED = "movement_restricted", _("Freedom of movement restricted")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    WAGES_WITHHELD = "wages_withheld", _("Wages withheld or not paid")
    THREATS = "threats", _("Threats against the person or family")
    PHYSICAL_VIOLENCE = "physical_violence", _("Physical or sexual violence")
    ISOLATION = "isolation", _("Isolated, no contact with family")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    DEGRADING_CONDITIONS = "degrading_conditions", _("Degrading living or working conditions")
    RECRUITED_BY_INTERMEDIARY = "recruited_by_intermediary", _("Recruited through an intermediary")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced to commit offences")


class Vulnerability(models.TextChoices):
    """vic_Vulnerabilities (deprecated in HTCDS 2.0 in favour of assessments; kept for imports)."""

    ADDICTION = "Addiction", _("Addiction")
    SOCIAL_GROUP = "SocialGroup", _("Social group")
    DISCRIMINATION = "Discrimination", _("Discrimination")
    POVERTY = "Poverty", _("Poverty")
    DISABILITY = "DisabilityAndPhysicalHealth", _("Disability and physical health")
    MENTAL_HEALTH = "MentalHealth", _("Mental health")
    MIGRATION = "Migration", _("Migration")
    HOMELESSNESS = "Homelessness", _("Homelessness")
    ABUSE_SOCIAL_MEDIA = "AbuseSocialMedia", _("Abuse on social media")
    ABUSE_PHYSICAL = "AbusePhysical", _("Physical abuse")
    EDUCATION = "Education", _("Education")
    WORK_ENVIRONMENT = "WorkEnvironment", _("Work environment")


# The vulnerability factors of the screening (root causes): Amanat's own, HTCDS 2.0 has no equivalent
# (its deprecated vic_Vulnerabilities above is one flat list). Each describes the person's situation in
# the year before they were recruited. "not_known": asked, but the person does not know or would not say;
# a blank answer means the question was not asked ("not recorded" in the figures).
class EconomicSituation(models.TextChoices):
    """The economic situation of the person's household in the year before recruitment (one answer).

    - no income: no earnings from work, no pension, benefits or remittances;
    - irregular income: seasonal work, day labour or occasional remittances only;
    - regular low income: a regular income below the national subsistence minimum;
    - sufficient income: a regular income at or above the subsistence minimum."""

    NO_INCOME = "no_income", _("No income")
    IRREGULAR_INCOME = "irregular_income", _("Irregular income")
    LOW_INCOME = "low_income", _("Regular low income")
    SUFFICIENT_INCOME = "sufficient_income", _("Sufficient income")
    NOT_KNOWN = "not_known", _("Unknown")


class Debt(models.TextChoices):
    """The debts the person or their household owed when recruited (several can apply; "none" and
    "not known" stand alone). A debt to the recruiter or future employer includes an advance on travel,
    documents or a job placement fee; an informal moneylender is a private lender outside any bank."""

    NONE = "none", pgettext_lazy("debt", "None")
    FAMILY_OR_FRIENDS = "family_or_friends", _("To family or friends")
    BANK_OR_MICROCREDIT = "bank_or_microcredit", _("To a bank or microcredit organisation")
    MONEYLENDER = "moneylender", _("To an informal moneylender")
    RECRUITER_OR_EMPLOYER = "recruiter_or_employer", _("To the recruiter or employer")
    NOT_KNOWN = "not_known", _("Unknown")


class PriorMigration(models.TextChoices):
    """Migration for work before the trafficking experience (one answer, the furthest that applies):
    internal is to another region of the person's own country, for a season or longer; abroad counts
    each stay abroad for work, whatever its length."""

    NEVER = "never", _("Never migrated for work")
    INTERNAL = "internal", _("Within the country")
    ABROAD_ONCE = "abroad_once", _("Abroad once")
    ABROAD_SEVERAL = "abroad_several", _("Abroad several times")
    NOT_KNOWN = "not_known", _("Unknown")


class FamilySituation(models.TextChoices):
    """The person's family situation when recruited (several can apply, such as a single mother who
    suffered violence at home; "not known" stands alone). A household is the people the person lived
    with; "in care" is an orphanage, boarding school or foster family."""

    BOTH_PARENTS = "both_parents", _("Lives with both parents")
    SINGLE_PARENT_HOUSEHOLD = "single_parent_household", _("Lives with one parent")
    ORPHAN_OR_IN_CARE = "orphan_or_in_care", _("Orphan or raised in care")
    MARRIED_WITH_CHILDREN = "married_with_children", _("Married, with children")
    RAISES_CHILDREN_ALONE = "raises_children_alone", _("Raises children alone")
    LIVES_ALONE = "lives_alone", _("Lives alone")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence at home")
    NOT_KNOWN = "not_known", _("Unknown")


class TraffickingStatus(models.TextChoices):
    """vic_TraffickingStatus: presumed, identified, not trafficked."""

    PRESUMED = "PossibleVictimOfTrafficking", _("Presumed victim of trafficking")
    IDENTIFIED = "ActualVictimOfTrafficking", _("Identified victim of trafficking")
    NOT_TRAFFICKED = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionMakingOrg(models.TextChoices):
    """vic_TraffickingStatusDecisionMakingOrg."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Non-police governmental organisation")
    OTHER = "Other", _("Other")


class Exploitation(models.TextChoices):
    """vic_TypeOfExploitation, plus forced criminality (not in HTCDS 2.0; exported as Other)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military (by non-state actors)")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminality")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    OTHER = "Other", _("Other")


class SexExploitation(models.TextChoices):
    """vic_TypeOfSexExploitation."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE_INTERACTIVE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE_SEXUAL = "PrivateSexualServices", _("Private sexual services")


class Industry(models.TextChoices):
    """vic_ForcedLabourIndustry: ISIC Rev. 4 sections (tier 1); divisions go in ``labour_sector_detail``."""

    A = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("Mining and quarrying")
    C = "C_Manufacturing", _("Manufacturing")
    D = "D_ElectricityGasSteamAndAirConditioningSupply", _("Electricity, gas, steam and air conditioning")
    E = "E_WaterSupplySewerageWasteManagement", _("Water supply, sewerage and waste management")
    F = "F_Construction", _("Construction")
    G = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade, vehicle repair")
    H = "H_TransportationAndStorage", _("Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food service")  # noqa: E741
    J = "J_InformationAndCommunication", _("Information and communication")
    K = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    L = "L_RealEstateActivities", _("Real estate activities")
    M = "M_ProfessionalScientificAndTechnicalActivities", _("Professional, scientific and technical")
    N = "N_AdministrativeAndSupportServiceActivities", _("Administrative and support services")
    O = "O_PublicAdministrationAndDefence", _("Public administration and defence")  # noqa: E741
    P = "P_Education", _("Education")
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Human health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("Other service activities")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("Households as employers (domestic work)")
    U = "U_ActivitiesOfExtraterritorialOrganizations", _("Extraterritorial organisations")


class RecruiterRelation(models.TextChoices):
    """vic_RelationshipToTrafficker (the source's spelling 'Unaquainted' is kept as the stored value)."""

    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Stranger")


class RecruitmentMethod(models.TextChoices):
    """vic_MethodOfRecruitment."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


class App(models.TextChoices):
    """vic_RecruitmentWebsitesAndApps / vic_ExploitationWebsitesAndApps."""

    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    FACEBOOK_MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "SnapChat"
    LINE = "Line", "Line"
    FOUR_SALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter"
    OTHER = "Other", _("Other")


class MeansOfControl(models.TextChoices):
    """vic_MethodsOfControl."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threatens children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class EventType(models.TextChoices):
    """hte_Type."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    SHARING = "sharing", _("Sharing with a named organisation")
    STATISTICS = "statistics", _("Inclusion in statistics")
    FOLLOW_UP = "follow_up", _("Follow-up contact")
    PUBLICATION = "publication", _("Publication of a story")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentMethod(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written (signed form)")
    ELECTRONIC = "electronic", _("Electronic")
    GUARDIAN = "guardian", _("By parent or guardian")
    OVERRIDE = "override", _("Override without consent")


class ServiceType(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    DOCUMENT_RECOVERY = "document_recovery", _("Document recovery")
    RETURN_TRAVEL = "return_travel", _("Return travel")
    FAMILY_TRACING = "family_tracing", _("Family tracing and mediation")
    EDUCATION = "education", _("Education")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    EMPLOYMENT = "employment", _("Employment")
    MICRO_BUSINESS_GRANT = "micro_business_grant", _("Micro-business grant")
    CASH = "cash", _("Cash assistance")
    OTHER = "other", _("Other")


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    TRANSFER = "transfer", _("Transfer")


class ReferralReason(models.TextChoices):
    """cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MIGRATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")


class ReferralStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the manager's approval")
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralOutcome(models.TextChoices):
    """What came of a referral, recorded by the receiver on completion (or by the sender for a body
    outside Amanat)."""

    SERVICES_DELIVERED = "services_delivered", _("Services delivered as requested")
    PARTLY_DELIVERED = "partly_delivered", _("Services partly delivered")
    VICTIM_DECLINED = "victim_declined", _("The victim declined the services")
    LOST_CONTACT = "lost_contact", _("Contact with the victim was lost")
    REFERRED_ONWARD = "referred_onward", _("Referred onward to another organisation")
    NOT_POSSIBLE = "not_possible", _("The services could not be provided")
    OTHER = "other", _("Other")


class Section(models.TextChoices):
    """The parts of a case a referral can share."""

    PERSONAL_DATA = "personal_data", _("Personal data")
    SCREENING = "screening", _("Screening")
    EXPERIENCE = "experience", _("Trafficking experience")
    SERVICES = "services", _("Services")
    REINTEGRATION = "reintegration", _("Reintegration")
    NOTES = "notes", _("Notes")
    ATTACHMENTS = "attachments", _("Attachments")
    # Perpetrators and criminal proceedings: shared only when asked for by name, never with "experience".
    LEGAL = "legal", _("Perpetrators and proceedings")


class SupportPlanType(models.TextChoices):
    """spl_Type."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_REHABILITATION = "LabourExploitationRehabilitation", _("Labour exploitation rehabilitation")
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHABILITATION = "SexualExploitationRehabilitation", _("Sexual exploitation rehabilitation")
    SOCIAL_CARE = "SocialCare", _("Social care")


class Dimension(models.TextChoices):
    """The dimensions of reintegration (IOM's reintegration sustainability measures)."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class GoalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("goal", "Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class ApprovalAction(models.TextChoices):
    CLOSE = "close", _("Closure")
    TRANSFER = "transfer", _("Transfer")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Awaiting anonymisation review")
    APPROVED = "approved", _("Anonymisation approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Taken down: publication consent withdrawn")


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    FOLLOWUP_DUE = "followup_due", _("Follow-up due")
    APPROVAL_WAITING = "approval_waiting", _("Approval waiting")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
    SHARING_EXPIRED = "sharing_expired", _("Sharing consent expired")
    POSSIBLE_MATCH = "possible_match", _("Possible match in the network")


def consent_answer_choices() -> list[tuple[str, str]]:
    """The answers the intake and the consent form take: given or refused (withdrawal is its own action)."""
    return [(status.value, status.label) for status in (ConsentStatus.GIVEN, ConsentStatus.REFUSED)]


def consent_method_choices() -> list[tuple[str, str]]:
    """The ways consent is given; an override is its own action, with a reason."""
    return [(method.value, method.label) for method in ConsentMethod if method != ConsentMethod.OVERRIDE]


class PerpetratorRole(models.TextChoices):
    """per_RoleInProcess."""

    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    TRANSFERRED = "TransferredIndividual", _("Transferred the person")
    HARBOURED = "HarbouredIndividual", _("Harboured the person")
    SOLD = "SoldIndividual", _("Sold the person")
    BOUGHT = "BoughtIndividual", _("Bought the person")
    RECEIVED = "ReceivedIndividual", _("Received the person")
    CONTROLLED = "ControlledIndividual", _("Controlled the person")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class ProceedingStage(models.TextChoices):
    """Where a criminal case against the perpetrators stands."""

    COMPLAINT = "complaint", _("Complaint filed")
    INVESTIGATION = "investigation", _("Under investigation")
    PROSECUTION = "prosecution", _("Charged, before the court")
    TRIAL = "trial", _("At trial")
    APPEAL = "appeal", _("On appeal")
    CLOSED = "closed", _("Concluded")


class ProceedingOutcome(models.TextChoices):
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISMISSED = "dismissed", _("Dismissed or not opened")
    SUSPENDED = "suspended", _("Suspended (perpetrator not found)")
    OTHER_OFFENCE = "other_offence", _("Convicted of another offence")
