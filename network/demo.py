"""Demo data of the network registry: the seed's scenario (Bishkek, September 2013).

Three NGOs come from the seed and carry only what the seed says about them; every other NGO,
its name, city, services and contacts is fictional. Idempotent: rows are found by natural key
(English name + country) and updated in place.
"""

import datetime

from network.countries import country_name
from network.models import Organisation, OrganisationType, Programme, Region, ServiceType

WOMEN_AND_SOCIETY = "Women and Society"
HUMAN_RIGHTS_CENTER = "Human Rights Center"
WOMEN_OF_THE_EAST = "Women of the East"
IOM_REGIONAL_OFFICE = "IOM Regional Office for Central Asia"
IOM_TAJIKISTAN = "IOM Tajikistan"
USAID = "United States Agency for International Development"
PROGRAMME = "Central Asia Counter-Trafficking Programme"
STEPPE_HOPE = "Steppe Hope"  # the Kazakh NGO whose demo caseworker answers a cross-border referral
MOSCOW_MIGRANT_AID = "Moscow Migrant Aid"

_SEED_EVENT = "Bishkek, September 2013"

# (name_en, name_ru, name_local, country, region, city, services, description)
SEED_NGOS = [
    (
        WOMEN_AND_SOCIETY,
        "Женщины и общество",
        "",
        "TJ",
        "TJ-SU",
        "Chkalovsk",
        ["shelter"],
        f"Manages the shelter of Chkalovsk city, awarded “Best shelter for victims of trafficking” "
        f"({_SEED_EVENT}).",
    ),
    (
        HUMAN_RIGHTS_CENTER,
        "Центр по правам человека",
        "",
        "TJ",
        "TJ-SU",
        "Khujand",
        ["hotline"],
        f"Runs a counter-trafficking hotline in Khujand, awarded “Best counter-trafficking hotline” "
        f"({_SEED_EVENT}).",
    ),
    (
        WOMEN_OF_THE_EAST,
        "Женщины Востока",
        "",
        "TJ",
        "TJ-SU",
        "Panjakent",
        ["reintegration"],
        f"Reintegration of victims of trafficking in Panjakent district, awarded “Best reintegration of "
        f"the victims of trafficking” ({_SEED_EVENT}).",
    ),
]

# Fictional NGOs: (name_en, name_ru, name_local, country, region, city, services)
FICTIONAL_NGOS = [
    ("Steppe Hope", "Надежда степи", "Дала үміті", "KZ", "KZ-75", "Almaty",
     ["shelter", "psychosocial", "reintegration"]),
    ("Open Road Women's Alliance", "Альянс женщин «Открытая дорога»", "", "KZ", "KZ-71", "Astana",
     ["hotline", "legal_aid"]),
    ("Caspian Lifeline", "Каспийская линия жизни", "Каспий өмір желісі", "KZ", "KZ-23", "Atyrau",
     ["hotline", "return_assistance"]),
    ("Bright Future Karaganda", "Светлое будущее Караганды", "", "KZ", "KZ-35", "Karaganda",
     ["vocational_training", "reintegration"]),
    ("Safe Harbour Shymkent", "Безопасная гавань Шымкента", "", "KZ", "KZ-79", "Shymkent",
     ["shelter", "medical"]),
    ("Aral Dawn", "Заря Арала", "Арал таңы", "KZ", "KZ-43", "Kyzylorda",
     ["awareness_raising", "family_tracing"]),
    ("Irtysh Family Circle", "Семейный круг Иртыша", "", "KZ", "KZ-55", "Pavlodar",
     ["psychosocial", "family_tracing"]),
    ("Turkistan Helping Hands", "Руки помощи Туркестана", "", "KZ", "KZ-61", "Turkistan",
     ["legal_aid", "return_assistance"]),
    ("Jetisu Legal Initiative", "Правовая инициатива Жетысу", "", "KZ", "KZ-33", "Taldykorgan",
     ["legal_aid"]),
    ("Northern Lights Youth Network", "Молодёжная сеть «Северное сияние»", "", "KZ", "KZ-59", "Petropavl",
     ["awareness_raising"]),
    ("Tunduk Women's Centre", "Женский центр «Тюндюк»", "", "KG", "KG-GB", "Bishkek",
     ["shelter", "psychosocial", "reintegration"]),
    ("Ala-Too Rights Line", "Правовая линия Ала-Тоо", "", "KG", "KG-GB", "Bishkek",
     ["hotline", "legal_aid"]),
    ("Osh Bridge of Trust", "Мост доверия Ош", "Ош ишеним көпүрөсү", "KG", "KG-GO", "Osh",
     ["shelter", "return_assistance"]),
    ("Blue Lake Aid", "Помощь «Голубое озеро»", "", "KG", "KG-Y", "Karakol",
     ["reintegration", "vocational_training"]),
    ("Naryn Mountain Voices", "Горные голоса Нарына", "", "KG", "KG-N", "Naryn",
     ["awareness_raising"]),
    ("Talas Open Door", "Открытая дверь Таласа", "", "KG", "KG-T", "Talas",
     ["psychosocial", "family_tracing"]),
    ("Batken Crossroads", "Перекрёсток Баткена", "", "KG", "KG-B", "Batken",
     ["return_assistance", "legal_aid"]),
    ("Jalal-Abad New Horizon", "Новый горизонт Джалал-Абада", "", "KG", "KG-J", "Jalal-Abad",
     ["vocational_training", "reintegration"]),
    ("Chüy Valley Safe Home", "Безопасный дом Чуйской долины", "", "KG", "KG-C", "Tokmok",
     ["shelter", "medical"]),
    ("Migrant Helpdesk Uzgen", "Справочная для мигрантов Узгена", "", "KG", "KG-O", "Uzgen",
     ["hotline", "awareness_raising"]),
    ("Pamir Hope", "Надежда Памира", "", "TJ", "TJ-GB", "Khorog",
     ["reintegration", "psychosocial"]),
    ("Dushanbe Legal Aid Circle", "Круг правовой помощи Душанбе", "", "TJ", "TJ-DU", "Dushanbe",
     ["legal_aid", "hotline"]),
    ("Khatlon Sunrise", "Восход Хатлона", "", "TJ", "TJ-KT", "Bokhtar",
     ["shelter", "medical"]),
    ("Vahdat Family Bridge", "Семейный мост Вахдата", "", "TJ", "TJ-RA", "Vahdat",
     ["family_tracing", "return_assistance"]),
    ("Kulob Women's Voice", "Голос женщин Куляба", "", "TJ", "TJ-KT", "Kulob",
     ["awareness_raising", "psychosocial"]),
    ("Istaravshan Open Hands", "Открытые руки Истаравшана", "", "TJ", "TJ-SU", "Istaravshan",
     ["vocational_training", "reintegration"]),
    ("Rasht Valley Support", "Поддержка Раштской долины", "", "TJ", "TJ-RA", "Gharm",
     ["awareness_raising", "legal_aid"]),
    ("Isfara Youth Initiative", "Молодёжная инициатива Исфары", "", "TJ", "TJ-SU", "Isfara",
     ["awareness_raising"]),
    ("Silk Road Shelter", "Приют «Шёлковый путь»", "Ipak yo‘li boshpanasi", "UZ", "UZ-TK", "Tashkent",
     ["shelter", "psychosocial", "medical"]),
    ("Tashkent Trust Line", "Ташкентская линия доверия", "Toshkent ishonch telefoni", "UZ", "UZ-TK",
     "Tashkent", ["hotline", "legal_aid"]),
    ("Samarkand New Life", "Новая жизнь Самарканда", "Samarqand yangi hayot", "UZ", "UZ-SA", "Samarkand",
     ["reintegration", "vocational_training"]),
    ("Bukhara Light", "Свет Бухары", "Buxoro nuri", "UZ", "UZ-BU", "Bukhara",
     ["psychosocial", "family_tracing"]),
    ("Fergana Valley Safe Path", "Безопасный путь Ферганской долины", "", "UZ", "UZ-FA", "Fergana",
     ["shelter", "return_assistance"]),
    ("Andijan Family Support", "Семейная поддержка Андижана", "", "UZ", "UZ-AN", "Andijan",
     ["family_tracing", "reintegration"]),
    ("Namangan Women's Circle", "Женский круг Намангана", "Namangan ayollar davrasi", "UZ", "UZ-NG",
     "Namangan", ["awareness_raising", "psychosocial"]),
    ("Khorezm Oasis", "Оазис Хорезма", "Xorazm vohasi", "UZ", "UZ-XO", "Urgench",
     ["legal_aid", "return_assistance"]),
    ("Aral Shore Aid", "Помощь Приаралья", "", "UZ", "UZ-QR", "Nukus",
     ["medical", "awareness_raising"]),
    ("Kashkadarya Open Future", "Открытое будущее Кашкадарьи", "", "UZ", "UZ-QA", "Karshi",
     ["vocational_training"]),
    ("Surkhan Hope", "Надежда Сурхана", "Surxon umidi", "UZ", "UZ-SU", "Termez",
     ["hotline", "reintegration"]),
    ("Ashgabat Family Harmony", "Семейная гармония Ашхабада", "", "TM", "TM-S", "Ashgabat",
     ["psychosocial", "hotline"]),
    ("Ahal Helping Hand", "Рука помощи Ахала", "", "TM", "TM-A", "Anau",
     ["shelter", "reintegration"]),
    ("Mary Oasis Support", "Поддержка оазиса Мары", "", "TM", "TM-M", "Mary",
     ["legal_aid", "return_assistance"]),
    ("Lebap Riverside", "Приречье Лебапа", "", "TM", "TM-L", "Türkmenabat",
     ["awareness_raising", "family_tracing"]),
    ("Dashoguz Open Heart", "Открытое сердце Дашогуза", "", "TM", "TM-D", "Dashoguz",
     ["vocational_training", "psychosocial"]),
    ("Balkan Coast Aid", "Помощь Балканского побережья", "", "TM", "TM-B", "Balkanabat",
     ["return_assistance", "medical"]),
    ("Karakum Youth Voice", "Голос молодёжи Каракумов", "", "TM", "TM-S", "Ashgabat",
     ["awareness_raising"]),
    ("Murgab Women's Initiative", "Женская инициатива Мургаба", "", "TM", "TM-M", "Bayramaly",
     ["reintegration", "vocational_training"]),
]  # fmt: skip

# NGOs in the main destination outside Central Asia, where referrals across the border go:
# (name_en, name_ru, name_local, country, region, city, services). No Russian region is loaded yet.
DESTINATION_NGOS = [
    (MOSCOW_MIGRANT_AID, "Помощь мигрантам Москвы", "", "RU", None, "Moscow",
     ["shelter", "legal_aid", "return_assistance"]),
    ("Ural Safe Return", "Безопасное возвращение Урал", "", "RU", None, "Yekaterinburg",
     ["return_assistance", "psychosocial"]),
]  # fmt: skip

# Fictional government bodies, one per republic: (country, region, city)
GOVERNMENT_BODIES = [
    ("KZ", "KZ-71", "Astana"),
    ("KG", "KG-GB", "Bishkek"),
    ("TJ", "TJ-DU", "Dushanbe"),
    ("TM", "TM-S", "Ashgabat"),
    ("UZ", "UZ-TK", "Tashkent"),
]

# IOM: (name_en, name_ru, country, region, city)
IOM_OFFICES = [
    ("IOM Kazakhstan", "МОМ Казахстан", "KZ", "KZ-71", "Astana"),
    ("IOM Kyrgyzstan", "МОМ Кыргызстан", "KG", "KG-GB", "Bishkek"),
    (IOM_TAJIKISTAN, "МОМ Таджикистан", "TJ", "TJ-DU", "Dushanbe"),
    ("IOM Turkmenistan", "МОМ Туркменистан", "TM", "TM-S", "Ashgabat"),
    ("IOM Uzbekistan", "МОМ Узбекистан", "UZ", "UZ-TK", "Tashkent"),
    (IOM_REGIONAL_OFFICE, "Региональное бюро МОМ в Центральной Азии", "KZ", "KZ-71", "Astana"),
]

_PHONE_PREFIX = {
    "RU": "+7 900",
    "KZ": "+7 700",
    "KG": "+996 000",
    "TJ": "+992 00",
    "TM": "+993 00",
    "UZ": "+998 00",
}


def _slug(name: str) -> str:
    return "".join(char for char in name.lower() if char.isascii() and char.isalnum())


def _upsert(*, name_en: str, country: str, services: list[str] = (), **fields) -> Organisation:
    # A command's demo data, not a request: reading the whole registry by natural key is intended.
    organisation, _ = Organisation.objects.update_or_create(name_en=name_en, country=country, defaults=fields)
    organisation.services.set([ServiceType.objects.get(code=code) for code in services])
    return organisation


def organisation(name_en: str) -> Organisation:
    """A demo organisation by its English name (for the other apps' demo steps)."""
    return Organisation.objects.get(name_en=name_en)


def load() -> str:
    """Create or update the demo organisations and the USAID/IOM programme; returns a summary line."""
    assert Region.objects.filter(code="TJ-SU").exists(), "regions are loaded by migration network 0002"
    ngos = []
    for name_en, name_ru, name_local, country, region, city, services, description in SEED_NGOS:
        ngos.append(
            _upsert(
                name_en=name_en,
                name_ru=name_ru,
                name_local=name_local,
                country=country,
                region_id=region,
                city=city,
                services=services,
                type=OrganisationType.NGO,
                description=description,
                is_active=True,
            )
        )
    for number, (name_en, name_ru, name_local, country, region, city, services) in enumerate(
        [*FICTIONAL_NGOS, *DESTINATION_NGOS], 1
    ):
        slug = _slug(name_en)
        ngos.append(
            _upsert(
                name_en=name_en,
                name_ru=name_ru,
                name_local=name_local,
                country=country,
                region_id=region,
                city=city,
                services=services,
                type=OrganisationType.NGO,
                description=f"Fictional organisation of the Amanat demo, based in {city}.",
                public_phone=f"{_PHONE_PREFIX[country]} 000 {number:02d} {number:02d}",
                public_email=f"info@{slug}.example.org",
                website=f"https://{slug}.example.org/",
                is_active=True,
            )
        )
    for country, region, city in GOVERNMENT_BODIES:
        _upsert(
            name_en=f"National Referral Coordination Unit ({country_name(country, 'en')})",
            name_ru=f"Национальный координационный отдел по перенаправлению ({country_name(country, 'ru')})",
            country=country,
            region_id=region,
            city=city,
            services=["other"],
            type=OrganisationType.CENTRAL_GOVERNMENT,
            description="Fictional government body of the Amanat demo: receives and makes referrals.",
            is_active=True,
        )
    iom_offices = [
        _upsert(
            name_en=name_en,
            name_ru=name_ru,
            short_name="IOM",
            country=country,
            region_id=region,
            city=city,
            services=["return_assistance", "awareness_raising"],
            type=OrganisationType.INTERNATIONAL,
            is_active=True,
        )
        for name_en, name_ru, country, region, city in IOM_OFFICES
    ]
    usaid = _upsert(
        name_en=USAID,
        name_ru="Агентство США по международному развитию",
        short_name="USAID",
        country="US",
        region_id=None,
        city="Washington, DC",
        type=OrganisationType.DONOR,
        is_active=True,
    )
    programme, _ = Programme.objects.update_or_create(
        name=PROGRAMME,
        defaults={
            "name_ru": "Центральноазиатская программа противодействия торговле людьми",
            "donor": usaid,
            "coordinator": iom_offices[-1],
            "start_date": datetime.date(2011, 10, 1),
            "end_date": None,
            "description": "Assistance to victims of trafficking and awareness raising in the five "
            "Central Asian republics, funded by USAID and coordinated by IOM (demo dates).",
        },
    )
    # The Central Asian programme funds the republics' NGOs, not those in Russia the victims are referred to.
    programme.members.set([*(ngo for ngo in ngos if ngo.country != "RU"), *iom_offices[:-1]])
    return (
        f"Network: {Organisation.objects.count()} organisations "
        f"({len(ngos)} NGOs), {Programme.objects.count()} programme(s)."
    )
