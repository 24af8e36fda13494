"""manage.py telephony_account_create ORGANISATION_ID NAME: an integration account; its token printed once."""

from django.core.management.base import BaseCommand, CommandError

from hotline import services
from network.models import Organisation


class Command(BaseCommand):
    help = "Create a telephony integration account of an organisation and print its token (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("organisation_id", type=int)
        parser.add_argument("name", help="The telephony system, e.g. 'Office PBX'.")

    def handle(self, *args, organisation_id: int, name: str, **options):
        # A command acts for the system administrator: any organisation of the registry.
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise CommandError(f"No organisation {organisation_id}.")
        account, token = services.telephony_account_create(organisation=organisation, name=name, by=None)
        self.stdout.write(f"Account {account.pk} ({account.user.username}). Token, shown once:")
        self.stdout.write(token)
