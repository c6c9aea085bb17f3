"""django-import-export for the admin's reference tables, writing through the services.

A :class:`ServiceResource` reads and checks each row with import-export (columns, widgets, the
dry-run preview) but hands the write to the model's service, so an imported row obeys the roles
and rules a page obeys; a refusal becomes that row's error and the import writes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from .errors import ServiceError


class ServiceResource(resources.ModelResource):
    """Subclasses implement :meth:`write` (the service call) and return the saved object."""

    def write(self, instance, *, is_create: bool, by):
        raise NotImplementedError

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return  # without a transaction to roll back, a dry run must not call the service
        try:
            saved = self.write(instance, is_create=is_create, by=kwargs.get("user"))
        except ServiceError as error:
            raise ValidationError({NON_FIELD_ERRORS: [error.message]}) from None
        except PermissionDenied:
            raise ValidationError({NON_FIELD_ERRORS: [_("您的角色不能修改该数据。")]}) from None
        instance.pk = saved.pk
