"""CTDC's values in the network's vocabularies (``cases.models.choices``), for ``import_ctdc``.

A CTDC flag column becomes an item of one of the victim's lists; the columns without a choice that fits
keep a code of their own (named after CTDC's). Format C merges some of format A's means of control
(``meansDebtBondageEarnings`` is debt bondage and/or earnings taken): a merged flag is stored as every
code it merges, so a share of one of them read from a format-C file is the share of the group."""

from cases.models.choices import (
    Exploitation,
    Industry,
    MeansOfControl,
    RecruiterRelation,
    Sex,
    SexExploitation,
)

GENDERS = {
    # Format A.
    "female": Sex.FEMALE,
    "male": Sex.MALE,
    # Format C.
    "woman": Sex.FEMALE,
    "man": Sex.MALE,
    # A gender, not a sex: the sex is not known.
    "trans/transgender/nonconforming": Sex.UNKNOWN,
}

MAJORITY = {"adult": "adult", "minor": "minor"}

EXPLOITATION_FLAGS = {
    "isForcedLabour": (Exploitation.FORCED_LABOUR,),
    "isSexualExploit": (Exploitation.SEXUAL_EXPLOITATION,),
    "isOtherExploit": (Exploitation.OTHER,),
    "isSexAndLabour": (Exploitation.FORCED_LABOUR, Exploitation.SEXUAL_EXPLOITATION),
    "isForcedMarriage": (Exploitation.FORCED_MARRIAGE,),
    "isForcedMilitary": (Exploitation.FORCED_MILITARY,),
    "isOrganRemoval": (Exploitation.ORGAN_REMOVAL,),
    "isSlaveryAndPractices": (Exploitation.SERVITUDE,),
    # Sectors of forced labour that are forms of exploitation of their own in HTCDS.
    "typeOfLabourBegging": (Exploitation.FORCED_BEGGING,),
    "typeOfLabourIllicitActivities": (Exploitation.FORCED_CRIMINALITY,),
}

LABOUR_FLAGS = {
    "typeOfLabourAgriculture": (Industry.A,),
    # Aquaculture is ISIC section A (division 03).
    "typeOfLabourAquafarming": (Industry.A,),
    "typeOfLabourConstruction": (Industry.F,),
    "typeOfLabourDomesticWork": (Industry.T,),
    "typeOfLabourHospitality": (Industry.I,),
    "typeOfLabourManufacturing": (Industry.C,),
    "typeOfLabourMiningOrDrilling": (Industry.B,),
    # Street selling is retail trade (ISIC G).
    "typeOfLabourPeddling": (Industry.G,),
    "typeOfLabourTransportation": (Industry.H,),
}

SEX_EXPLOITATION_FLAGS = {
    "typeOfSexProstitution": (SexExploitation.PROSTITUTION,),
    "typeOfSexPornography": (SexExploitation.PORNOGRAPHY,),
    "typeOfSexRemoteInteractiveServices": (SexExploitation.REMOTE_INTERACTIVE,),
    "typeOfSexPrivateSexualServices": (SexExploitation.PRIVATE_SEXUAL,),
}

RESTRICTS_MOVEMENT = "RestrictsMovement"

MEANS_FLAGS = {
    # Format A.
    "meansOfControlDebtBondage": (MeansOfControl.DEBT_BONDAGE,),
    "meansOfControlTakesEarnings": (MeansOfControl.TAKES_EARNINGS,),
    "meansOfControlRestrictsFinancialAccess": (MeansOfControl.RESTRICTS_FINANCIAL_ACCESS,),
    "meansOfControlThreats": (MeansOfControl.PHYSICAL_THREATS,),
    "meansOfControlPsychologicalAbuse": (MeansOfControl.PSYCHOLOGICAL_ABUSE,),
    "meansOfControlPhysicalAbuse": (MeansOfControl.PHYSICAL_ABUSE,),
    "meansOfControlSexualAbuse": (MeansOfControl.SEXUAL_ABUSE,),
    "meansOfControlFalsePromises": (MeansOfControl.FALSE_PROMISES,),
    "meansOfControlPsychoactiveSubstances": (MeansOfControl.PSYCHOACTIVE_SUBSTANCE,),
    "meansOfControlRestrictsMovement": (RESTRICTS_MOVEMENT,),
    "meansOfControlRestrictsMedicalCare": (MeansOfControl.RESTRICTS_MEDICAL_CARE,),
    "meansOfControlExcessiveWorkingHours": (MeansOfControl.EXCESSIVE_WORKING_HOURS,),
    # "Uses children": threatens the victim through their children.
    "meansOfControlUsesChildren": (MeansOfControl.THREATENS_FAMILY,),
    "meansOfControlThreatOfLawEnforcement": (MeansOfControl.THREATS_LAW_ENFORCEMENT,),
    "meansOfControlWithholdsNecessities": (MeansOfControl.WITHHOLDS_NECESSITIES,),
    "meansOfControlWithholdsDocuments": (MeansOfControl.WITHHOLDS_DOCUMENTS,),
    "meansOfControlOther": (MeansOfControl.OTHER,),
    # Format C (merged flags, codebook v2 Appendix II).
    "meansDebtBondageEarnings": (MeansOfControl.DEBT_BONDAGE, MeansOfControl.TAKES_EARNINGS),
    "meansThreats": (
        MeansOfControl.PHYSICAL_THREATS,
        MeansOfControl.THREATENS_FAMILY,
        MeansOfControl.THREATS_LAW_ENFORCEMENT,
    ),
    "meansAbusePsyPhySex": (
        MeansOfControl.PSYCHOLOGICAL_ABUSE,
        MeansOfControl.PHYSICAL_ABUSE,
        MeansOfControl.SEXUAL_ABUSE,
    ),
    "meansFalsePromises": (MeansOfControl.FALSE_PROMISES,),
    "meansDrugsAlcohol": (MeansOfControl.PSYCHOACTIVE_SUBSTANCE,),
    "meansDenyBasicNeeds": (
        MeansOfControl.RESTRICTS_FINANCIAL_ACCESS,
        RESTRICTS_MOVEMENT,
        MeansOfControl.RESTRICTS_MEDICAL_CARE,
        MeansOfControl.WITHHOLDS_NECESSITIES,
    ),
    "meansExcessiveWorkHours": (MeansOfControl.EXCESSIVE_WORKING_HOURS,),
    "meansWithholdDocs": (MeansOfControl.WITHHOLDS_DOCUMENTS,),
}

RECRUITER_FLAGS = {
    "recruiterRelationIntimatePartner": ("IntimatePartner",),
    "recruiterRelationFriend": (RecruiterRelation.ACQUAINTED,),
    "recruiterRelationFamily": (RecruiterRelation.FAMILIAL,),
    "recruiterRelationOther": ("Other",),
}

# GlobalVictim's list fields and the flag columns that fill them.
LIST_FLAGS = {
    "exploitation_types": EXPLOITATION_FLAGS,
    "labour_sectors": LABOUR_FLAGS,
    "sex_exploitation_types": SEX_EXPLOITATION_FLAGS,
    "means_of_control": MEANS_FLAGS,
    "recruiter_relations": RECRUITER_FLAGS,
}
