"""Test support for tenant models: factories write and read rows across organisations."""

import factory


class TenantModelFactory(factory.django.DjangoModelFactory):
    """A factory whose model is tenant data: it uses ``Model.unscoped`` (tests arrange every organisation)."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        manager = super()._get_manager(model_class)
        unscoped = getattr(model_class, "unscoped", None)
        if unscoped is None:
            return manager
        return unscoped.db_manager(manager.db)
