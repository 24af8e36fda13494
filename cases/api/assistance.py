"""Assistance services delivered, follow-ups after return and reintegration assessments.

Free-text notes and outcomes are personal data: they may be written here but are read on the case's
pages only, where each read is logged."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.settings import api_settings

from accounts import selectors as accounts_selectors
from accounts.models import User
from cases import selectors, services
from cases.api.common import (
    ERROR_RESPONSES,
    InputSerializer,
    RolePermission,
    VisibleCaseField,
    answer,
    organisation_field,
    post_action,
    validated_input,
)
from cases.models import Assessment, AssistanceService, FollowUp, ReintegrationGoal, choices
from network.models import Programme

# Assistance services ------------------------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = AssistanceService
        fields = [
            "id",
            "case",
            "case_code",
            "type",
            "provider",
            "provider_name",
            "started_on",
            "ended_on",
            "quantity",
            "unit",
            "cost",
            "currency",
            "programme",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ServiceInputSerializer(InputSerializer):
    output_class = ServiceSerializer

    case = VisibleCaseField(label=_("case"))
    type = serializers.ChoiceField(label=_("service"), choices=choices.ServiceType.choices)
    provider = organisation_field(
        label=_("provided by"),
        required=False,
        allow_null=True,
        help_text=_("By default the case's organisation."),
    )
    started_on = serializers.DateField(label=_("from"), required=False)
    ended_on = serializers.DateField(label=_("until"), required=False, allow_null=True)
    quantity = serializers.DecimalField(
        label=_("quantity"), max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    unit = serializers.CharField(label=_("unit"), max_length=32, required=False, allow_blank=True)
    cost = serializers.DecimalField(
        label=_("cost"), max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(
        label=_("currency (ISO 4217)"), max_length=3, required=False, allow_blank=True
    )
    programme = serializers.PrimaryKeyRelatedField(
        label=_("funding programme"), queryset=Programme.objects.all(), required=False, allow_null=True
    )
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True, write_only=True)


class ServiceUpdateSerializer(ServiceInputSerializer):
    case = None  # a service stays with its case
    provider = organisation_field(label=_("provided by"), required=False)


class ServiceFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")
    type = django_filters.MultipleChoiceFilter(label=_("service"), choices=choices.ServiceType.choices)
    started_after = django_filters.DateFilter(label=_("from"), field_name="started_on", lookup_expr="gte")
    started_before = django_filters.DateFilter(label=_("until"), field_name="started_on", lookup_expr="lte")

    class Meta:
        model = AssistanceService
        fields = ["case", "type", "started_after", "started_before"]


@extend_schema_view(
    list=extend_schema(summary=_("List assistance services delivered"), tags=["services"]),
    retrieve=extend_schema(
        summary=_("Show a service delivered"),
        tags=["services"],
        responses={200: ServiceSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Record a service delivered to the victim"),
        tags=["services"],
        request=ServiceInputSerializer,
        responses={201: ServiceSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Correct a service delivered"),
        tags=["services"],
        request=ServiceUpdateSerializer,
        responses={200: ServiceSerializer, **ERROR_RESPONSES},
    ),
)
class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"default": "cases.view_service", "create": "cases.add_service"}
    object_permissions = {"partial_update": "cases.change_service"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = ServiceFilter
    ordering_fields = ["started_on", "created_at"]
    queryset = AssistanceService.objects.none()

    def get_queryset(self):
        return selectors.service_list(user=self.request.user)

    def get_serializer_class(self):
        return {"create": ServiceInputSerializer, "partial_update": ServiceUpdateSerializer}.get(
            self.action, ServiceSerializer
        )

    def perform_create(self, serializer):
        serializer.instance = services.service_record(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.service_update(
            service=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# Follow-ups ------------------------------------------------------------------------------------------


class FollowUpSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    has_outcome = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "case",
            "case_code",
            "due_on",
            "months_after_return",
            "assigned_to",
            "done_on",
            "cancelled",
            "is_overdue",
            "has_outcome",
        ]
        read_only_fields = fields

    def get_has_outcome(self, followup) -> bool:
        return bool(followup.outcome)


class FollowUpUpdateSerializer(InputSerializer):
    """Reschedule, record the outcome (with the day it was done), reassign or cancel a follow-up."""

    output_class = FollowUpSerializer

    due_on = serializers.DateField(label=_("due on"), required=False)
    done_on = serializers.DateField(label=_("done on"), required=False)
    outcome = serializers.CharField(label=_("outcome"), required=False, allow_blank=True, write_only=True)
    assigned_to = serializers.PrimaryKeyRelatedField(
        label=_("caseworker"), queryset=User.objects.none(), required=False
    )
    cancelled = serializers.BooleanField(label=_("cancelled"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["assigned_to"].queryset = accounts_selectors.user_list(user=request.user)


class FollowUpFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")
    assigned_to = django_filters.NumberFilter(label=_("caseworker"), field_name="assigned_to_id")
    pending = django_filters.BooleanFilter(label=_("pending"), method="filter_pending")
    due = django_filters.BooleanFilter(label=_("due (pending, due today or earlier)"), method="filter_due")
    overdue = django_filters.BooleanFilter(
        label=_("overdue (pending, due before today)"), method="filter_overdue"
    )

    class Meta:
        model = FollowUp
        fields = ["case", "assigned_to", "pending", "due", "overdue"]

    def _split(self, queryset, matching, value):
        return matching if value else queryset.exclude(pk__in=matching.values("pk"))

    def filter_pending(self, queryset, name, value):
        return self._split(queryset, queryset.pending(), value)

    def filter_due(self, queryset, name, value):
        return self._split(queryset, queryset.due(timezone.localdate()), value)

    def filter_overdue(self, queryset, name, value):
        return self._split(queryset, queryset.pending().filter(due_on__lt=timezone.localdate()), value)


@extend_schema_view(
    list=extend_schema(summary=_("List follow-ups"), tags=["followups"]),
    retrieve=extend_schema(
        summary=_("Show a follow-up"),
        tags=["followups"],
        responses={200: FollowUpSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Record a follow-up's outcome, reschedule, reassign or cancel it"),
        tags=["followups"],
        request=FollowUpUpdateSerializer,
        responses={200: FollowUpSerializer, **ERROR_RESPONSES},
    ),
)
class FollowUpViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "patch", "head", "options"]
    action_permissions = {"default": "cases.view_followup"}
    object_permissions = {"partial_update": "cases.change_followup"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = FollowUpFilter
    ordering_fields = ["due_on", "done_on"]
    queryset = FollowUp.objects.none()

    def get_queryset(self):
        return selectors.followup_list(user=self.request.user)

    def get_serializer_class(self):
        return FollowUpUpdateSerializer if self.action == "partial_update" else FollowUpSerializer

    def perform_update(self, serializer):
        serializer.instance = services.followup_update(
            followup=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# Assessments -----------------------------------------------------------------------------------------


SCORE = {"max_digits": 4, "decimal_places": 3, "read_only": True, "allow_null": True}


class AssessmentSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)
    answers = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_("The Reintegration Sustainability Survey: each indicator's code and the answer's code."),
    )
    economic = serializers.DecimalField(label=_("economic"), **SCORE)
    social = serializers.DecimalField(label=_("social"), **SCORE)
    psychosocial = serializers.DecimalField(label=_("psychosocial"), **SCORE)
    composite = serializers.DecimalField(label=_("composite"), **SCORE)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "case_code",
            "followup",
            "assessed_on",
            "answers",
            "economic",
            "social",
            "psychosocial",
            "composite",
            "legacy",
            "retrafficked",
            "assessed_by",
        ]
        read_only_fields = fields


class AssessmentInputSerializer(InputSerializer):
    output_class = AssessmentSerializer

    case = VisibleCaseField(label=_("case"))
    followup = serializers.PrimaryKeyRelatedField(
        label=_("follow-up"), queryset=FollowUp.objects.none(), required=False, allow_null=True
    )
    assessed_on = serializers.DateField(label=_("assessed on"), required=False)
    answers = serializers.DictField(
        label=_("answers"),
        child=serializers.IntegerField(),
        help_text=_(
            "One answer per indicator of the Reintegration Sustainability Survey: "
            "{indicator code: answer code}, every answer within its scale."
        ),
    )
    retrafficked = serializers.BooleanField(label=_("re-trafficked"), required=False, default=False)
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True, write_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A cancelled follow-up is no longer one to assess.
            followups = selectors.followup_list(user=request.user)
            self.fields["followup"].queryset = followups.filter(cancelled=False)


class AssessmentFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")
    assessed_after = django_filters.DateFilter(
        label=_("assessed on or after"), field_name="assessed_on", lookup_expr="gte"
    )
    assessed_before = django_filters.DateFilter(
        label=_("assessed on or before"), field_name="assessed_on", lookup_expr="lte"
    )
    retrafficked = django_filters.BooleanFilter(label=_("re-trafficked"), field_name="retrafficked")

    class Meta:
        model = Assessment
        fields = ["case", "assessed_after", "assessed_before", "retrafficked"]


@extend_schema_view(
    list=extend_schema(summary=_("List reintegration assessments"), tags=["assessments"]),
    retrieve=extend_schema(
        summary=_("Show an assessment"),
        tags=["assessments"],
        responses={200: AssessmentSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Record a Reintegration Sustainability Survey; the scores are computed"),
        tags=["assessments"],
        request=AssessmentInputSerializer,
        responses={201: AssessmentSerializer, **ERROR_RESPONSES},
    ),
)
class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"default": "cases.view_assessment", "create": "cases.add_assessment"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = AssessmentFilter
    ordering_fields = ["assessed_on"]
    queryset = Assessment.objects.none()

    def get_queryset(self):
        return selectors.assessment_list(user=self.request.user)

    def get_serializer_class(self):
        return AssessmentInputSerializer if self.action == "create" else AssessmentSerializer

    def perform_create(self, serializer):
        try:
            serializer.instance = services.assessment_record(
                by=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            # The service names the indicator; the API names it inside "answers", where the client sent it.
            raise DjangoValidationError(
                {
                    name if name in serializer.fields else f"answers.{name}": messages
                    for name, messages in error.error_dict.items()
                }
            ) from None


# Goals -----------------------------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)

    class Meta:
        model = ReintegrationGoal
        fields = [
            "id",
            "case",
            "case_code",
            "dimension",
            "target_date",
            "status",
            "status_changed_on",
            "status_changed_by",
        ]
        read_only_fields = fields


class GoalStatusSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("on"), required=False, help_text=_("Today unless given."))


class GoalFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")
    status = django_filters.ChoiceFilter(label=_("status"), choices=choices.GoalStatus.choices)

    class Meta:
        model = ReintegrationGoal
        fields = ["case", "status"]


GOAL_TAGS = ["goals"]


@extend_schema_view(
    list=extend_schema(summary=_("List reintegration goals with their status"), tags=GOAL_TAGS),
    retrieve=extend_schema(
        summary=_("Show a reintegration goal"),
        tags=GOAL_TAGS,
        responses={200: GoalSerializer, **ERROR_RESPONSES},
    ),
)
class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Goals of the reintegration plans; their text is personal and read on the case's page only."""

    action_permissions = {"default": "cases.view_case"}
    object_permissions = {"achieve": "cases.change_case", "drop": "cases.change_case"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = GoalFilter
    ordering_fields = ["target_date", "status_changed_on"]
    queryset = ReintegrationGoal.objects.none()

    def get_queryset(self):
        return selectors.goal_list(user=self.request.user)

    def get_serializer_class(self):
        return GoalStatusSerializer if self.action in ("achieve", "drop") else GoalSerializer

    @post_action(
        summary=_("Mark a goal achieved"),
        tags=GOAL_TAGS,
        request=GoalStatusSerializer,
        response=GoalSerializer,
    )
    def achieve(self, request, pk=None):
        goal = services.goal_achieve(
            goal=self.get_object(), by=request.user, **validated_input(self, request)
        )
        return answer(self, GoalSerializer, goal)

    @post_action(
        summary=_("Drop a goal"), tags=GOAL_TAGS, request=GoalStatusSerializer, response=GoalSerializer
    )
    def drop(self, request, pk=None):
        goal = services.goal_drop(goal=self.get_object(), by=request.user, **validated_input(self, request))
        return answer(self, GoalSerializer, goal)
