"""What the API sends, declared once: each serializer is both the answer and its
OpenAPI description (drf-spectacular reads these classes), so the documentation cannot
drift from what is sent. Nothing here decides access: the views hand in records read
through `heritage.access`, with the point each caller may see already annotated
(`RecordQuerySet.with_location_for`)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from heritage.access import AccessLevel
from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage
from heritage.models.vocab import LanguageFamily

RECORD_TYPES = ("festival", "custom", "product")


# ----------------------------------------------------------------- small references


class EthnicGroupReference(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class ProvinceReference(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class SubjectReference(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class LicenceReference(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    url = serializers.CharField(help_text="Address of the licence text; empty when none.")


class AreaReference(serializers.Serializer):
    level = serializers.ChoiceField(choices=["province", "district", "commune", "region"])
    code = serializers.CharField()
    name = serializers.CharField()


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


# -------------------------------------------------------------------------- records


class RecordSummary(serializers.Serializer):
    """A record as lists show it. `latitude`/`longitude` are the point the caller may
    see: the exact place, or for a protected place (a sacred forest, a burial ground)
    the generalised point of its commune or district (`location_exact` false)."""

    id = serializers.IntegerField()
    type = serializers.SerializerMethodField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    summary = serializers.CharField()
    summary_en = serializers.CharField()
    url = serializers.SerializerMethodField()
    permalink = serializers.SerializerMethodField()
    ethnic_groups = EthnicGroupReference(many=True)
    subjects = SubjectReference(many=True)
    province = ProvinceReference(allow_null=True)
    latitude = serializers.FloatField(source="shown_latitude", allow_null=True)
    longitude = serializers.FloatField(source="shown_longitude", allow_null=True)
    location_exact = serializers.SerializerMethodField()
    licence = LicenceReference()
    access_level = serializers.ChoiceField(choices=AccessLevel.choices)
    first_published = serializers.DateTimeField(source="first_published_at", allow_null=True)
    last_published = serializers.DateTimeField(source="last_published_at", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=RECORD_TYPES))
    def get_type(self, record):
        return self.context["record_types"][record.content_type_id]

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="The record's page on the site."))
    def get_url(self, record):
        url = record.get_url(request=self.context.get("request"))
        return absolute(self.context.get("request"), url) if url else None

    @extend_schema_field(serializers.URLField(help_text="The stable address to cite: /r/<id>/."))
    def get_permalink(self, record):
        return record.stable_url(self.context.get("request"))

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_location_exact(self, record):
        if record.shown_latitude is None:
            return None
        return bool(record.location_exact)


class FestivalDetails(serializers.Serializer):
    calendar = serializers.ChoiceField(choices=FestivalPage.Calendar.choices)
    month = serializers.IntegerField(allow_null=True)
    day = serializers.IntegerField(allow_null=True)
    leap_month = serializers.BooleanField()
    when = serializers.CharField(source="when_label", help_text="When, in words (the active language).")
    timing_note = serializers.CharField()
    duration_days = serializers.IntegerField(allow_null=True)
    frequency = serializers.ChoiceField(choices=FestivalPage.Frequency.choices)
    frequency_years = serializers.IntegerField(allow_null=True)
    participants = serializers.CharField()
    main_rites = serializers.CharField()


class CustomDetails(serializers.Serializer):
    category = serializers.ChoiceField(choices=CustomPage.Category.choices)
    vitality = serializers.ChoiceField(choices=CustomPage.Vitality.choices)
    occasion = serializers.CharField()


class ProductDetails(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProductPage.Kind.choices)
    materials = serializers.CharField()
    technique = serializers.CharField()
    makers = serializers.CharField()
    ocop_stars = serializers.IntegerField(allow_null=True)


class ShownLocation(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    exact = serializers.BooleanField()
    area = serializers.JSONField(
        allow_null=True, help_text="For a generalised place: the GeoJSON geometry of the area it stands for."
    )


class Image(serializers.Serializer):
    url = serializers.URLField(help_text="A JPEG from the IIIF Image API.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()


class CollectionReference(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_en = serializers.CharField()


class RecordDetail(RecordSummary):
    place_name = serializers.CharField()
    admin_unit = serializers.CharField()
    location = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    recorded_on = serializers.DateField(allow_null=True)
    period_label = serializers.CharField()
    period_start_year = serializers.IntegerField(allow_null=True)
    period_end_year = serializers.IntegerField(allow_null=True)
    provenance = serializers.CharField()
    rights_holder = serializers.CharField()
    rights_statement = serializers.CharField()
    festival = serializers.SerializerMethodField()
    custom = serializers.SerializerMethodField()
    product = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    iiif_manifest = serializers.SerializerMethodField()
    collections = serializers.SerializerMethodField()

    @extend_schema_field(ShownLocation(allow_null=True))
    def get_location(self, record):
        location = record.location_for(self.context["request"].user)
        return ShownLocation(location).data if location else None

    @extend_schema_field(AreaReference(many=True))
    def get_areas(self, record):
        """The districts and communes holding the place (what every surface shows, also
        for a protected place)."""
        areas = record.areas.filter(level__in=("district", "commune")).order_by("level", "code")
        return AreaReference(areas, many=True).data

    def _specific(self, record, model, serializer):
        specific = record.specific
        return serializer(specific).data if isinstance(specific, model) else None

    @extend_schema_field(FestivalDetails(allow_null=True))
    def get_festival(self, record):
        return self._specific(record, FestivalPage, FestivalDetails)

    @extend_schema_field(CustomDetails(allow_null=True))
    def get_custom(self, record):
        return self._specific(record, CustomPage, CustomDetails)

    @extend_schema_field(ProductDetails(allow_null=True))
    def get_product(self, record):
        return self._specific(record, ProductPage, ProductDetails)

    @extend_schema_field(Image(allow_null=True))
    def get_image(self, record):
        return record.share_image(self.context.get("request"), width=1200)

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="IIIF Presentation 3.0 manifest."))
    def get_iiif_manifest(self, record):
        from heritage.blocks import images_shown

        if not images_shown(record.main_image if record.main_image_id else None, record.body):
            return None
        return absolute(self.context.get("request"), reverse("iiif_record_manifest", args=[record.pk]))

    @extend_schema_field(CollectionReference(many=True))
    def get_collections(self, record):
        from heritage.models import CollectionPage

        found = CollectionPage.objects.live().filter(items__record=record).distinct().order_by("title")
        return CollectionReference(found, many=True).data


# ------------------------------------------------------------------- ethnic groups


class OtherName(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["autonym", "alternative", "local_group"])


class EthnicGroupSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    other_names = OtherName(many=True, help_text="Autonyms, alternative names and spellings, local groups.")
    is_minority = serializers.BooleanField()
    language_family = serializers.ChoiceField(choices=LanguageFamily.choices)
    language_branch = serializers.CharField()
    population_2019 = serializers.IntegerField(allow_null=True)
    main_provinces = serializers.SerializerMethodField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    records = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text="Province codes."))
    def get_main_provinces(self, group):
        return [province.code for province in group.main_provinces.all()]

    @extend_schema_field(serializers.IntegerField(help_text="Records the caller may see."))
    def get_records(self, group):
        return self.context["group_counts"].get(group.pk, 0)

    @extend_schema_field(serializers.URLField(help_text="The group's page on the site."))
    def get_url(self, group):
        return absolute(self.context.get("request"), group.get_absolute_url())


# --------------------------------------------------------------------------- areas


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.ChoiceField(choices=["province", "district", "commune", "region"])
    name = serializers.CharField()
    parent = serializers.SerializerMethodField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    bbox = serializers.SerializerMethodField()
    records = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The parent area's code."))
    def get_parent(self, area):
        return area.parent.code if area.parent_id else None

    @extend_schema_field(
        serializers.ListField(
            child=serializers.FloatField(), min_length=4, max_length=4, help_text="west, south, east, north"
        )
    )
    def get_bbox(self, area):
        return [round(value, 5) for value in area.bbox]

    @extend_schema_field(serializers.IntegerField(help_text="Records the caller may see linked to the area."))
    def get_records(self, area):
        return self.context["area_counts"].get(area.pk, 0)

    @extend_schema_field(serializers.URLField())
    def get_url(self, area):
        return absolute(self.context.get("request"), reverse("api:area-detail", args=[area.level, area.code]))


class AreaDetailSerializer(AreaSerializer):
    successors = AreaReference(many=True)
    predecessors = AreaReference(many=True)
    ethnic_groups = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text="Ethnic group slugs."))
    def get_ethnic_groups(self, area):
        return [group.slug for group in area.ethnic_groups.all()]

    geometry = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(help_text="The area's page on the site, with its map."))
    def get_page(self, area):
        return absolute(self.context.get("request"), reverse("area", args=[area.level, area.code]))

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_geometry(self, area):
        """GeoJSON geometry (EPSG:4326), as the view chose it."""
        return self.context["geometry"]


# --------------------------------------------------------------------- collections


class CollectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    summary = serializers.CharField()
    summary_en = serializers.CharField()
    url = serializers.SerializerMethodField()
    records = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, collection):
        url = collection.get_url(request=self.context.get("request"))
        return absolute(self.context.get("request"), url) if url else None

    @extend_schema_field(serializers.IntegerField(help_text="Records of the collection the caller may see."))
    def get_records(self, collection):
        return self.context["collection_counts"].get(collection.pk, 0)


class CollectionDetailSerializer(CollectionSerializer):
    introduction = serializers.CharField(help_text="HTML (rich text).")
    items = serializers.SerializerMethodField()

    @extend_schema_field(RecordSummary(many=True))
    def get_items(self, collection):
        """The records the caller may see, in the curator's order."""
        return RecordSummary(self.context["items"], many=True, context=self.context).data


def record_type_keys():
    """content type id → record type key, to name each record's type without a query."""
    from django.contrib.contenttypes.models import ContentType

    return {ContentType.objects.get_for_model(model).pk: key for key, model in RecordPage.record_types().items()}
