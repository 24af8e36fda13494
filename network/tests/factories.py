import datetime

import factory

from network.models import Organisation, OrganisationType, Programme


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True  # the services hook only adds M2M rows

    name_en = factory.Sequence(lambda n: f"Test NGO {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая НПО {n}")
    type = OrganisationType.NGO
    country = "TJ"
    region_id = "TJ-SU"
    city = "Khujand"
    is_active = True

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        """``services=["shelter", "hotline"]``: codes of the services offered."""
        if create and extracted:
            self.services.set(extracted)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Counter-trafficking programme {n}")
    donor = factory.SubFactory(OrganisationFactory, type=OrganisationType.DONOR, country="US", region_id=None)
    start_date = datetime.date(2024, 1, 1)
