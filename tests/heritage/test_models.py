import unicodedata

import pytest
from django.core.exceptions import ValidationError

from heritage.data.vocabularies import ETHNIC_GROUPS
from heritage.lunar import LunarDate
from heritage.models import EthnicGroup, FestivalPage, Licence, ProductPage, Province
from heritage.text import ascii_slug, fold_diacritics
from tests.factories import make_record


class TestLunarDate:
    def test_label_names_first_and_last_months(self):
        assert LunarDate(1, 15).label_vi() == "ngày 15 tháng Giêng âm lịch"
        assert LunarDate(12).label_vi() == "tháng Chạp âm lịch"
        assert LunarDate(4, 8, leap_month=True).label_en() == "day 8 of lunar month 4 (leap)"

    @pytest.mark.parametrize("month, day", [(0, 1), (13, 1), (5, 31), (5, 0)])
    def test_impossible_lunar_dates_are_refused(self, month, day):
        with pytest.raises(ValidationError):
            LunarDate(month, day)


class TestVocabularies:
    @pytest.mark.django_db
    def test_all_54_ethnic_groups_are_loaded_with_populations(self):
        assert EthnicGroup.objects.count() == 54
        assert EthnicGroup.objects.filter(is_minority=True).count() == 53
        assert EthnicGroup.objects.filter(population_2019__isnull=True).count() == 0
        assert sum(group[5] for group in ETHNIC_GROUPS) == pytest.approx(96_208_984, rel=0.001)

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        "slug, other_name",
        [("hre", "Chăm Rê"), ("co", "Cùa"), ("xo-dang", "Ca Dong"), ("co-tu", "Katu"), ("co-ho", "T'rin")],
    )
    def test_alternative_names_and_autonyms_are_loaded(self, slug, other_name):
        assert other_name in EthnicGroup.objects.get(slug=slug).alternative_names

    @pytest.mark.django_db
    def test_the_63_provinces_have_official_codes(self):
        assert Province.objects.count() == 63
        assert Province.objects.get(code="51").name == "Quảng Ngãi"
        assert Province.objects.get(code="48").slug == "da-nang"

    def test_slugs_fold_vietnamese_letters(self):
        assert fold_diacritics("Đắk Lắk") == "Dak Lak"
        assert ascii_slug("Lễ hội đâm trâu") == "le-hoi-dam-trau"


@pytest.mark.django_db
class TestRecordValidation:
    def build(self, model=FestivalPage, **fields):
        values = {
            "title": "Lễ hội thử",
            "slug": "le-hoi-thu",
            "summary": "Tóm tắt",
            "licence": Licence.objects.get(code="cc-by-4.0"),
            "calendar": "lunar",
            "frequency": "annual",
        }
        if model is ProductPage:
            values = {key: value for key, value in values.items() if key not in ("calendar", "frequency")}
            values["kind"] = "craft"
        values.update(fields)
        return model(**values)

    def errors_of(self, page):
        with pytest.raises(ValidationError) as caught:
            page.full_clean(
                exclude=["path", "depth", "content_type", "url_path", "draft_title", "translation_key", "locale"]
            )
        return caught.value.message_dict

    @pytest.mark.parametrize("latitude, longitude, field", [(35.0, 105.0, "latitude"), (15.0, 95.0, "longitude")])
    def test_coordinates_outside_vietnam_are_refused(self, latitude, longitude, field):
        assert field in self.errors_of(self.build(latitude=latitude, longitude=longitude))

    def test_latitude_without_longitude_is_refused(self):
        assert "longitude" in self.errors_of(self.build(latitude=15.0))

    def test_day_without_month_is_refused(self):
        assert "month" in self.errors_of(self.build(day=10))

    def test_leap_month_only_for_lunar_calendar(self):
        assert "leap_month" in self.errors_of(self.build(calendar="solar", month=3, leap_month=True))

    def test_periodic_festival_needs_its_interval(self):
        assert "frequency_years" in self.errors_of(self.build(frequency="every_n_years"))

    @pytest.mark.parametrize("stars", [1, 2, 6])
    def test_ocop_rating_is_three_to_five_stars(self, stars):
        assert "ocop_stars" in self.errors_of(self.build(ProductPage, ocop_stars=stars))

    def test_period_cannot_end_before_it_starts(self):
        assert "period_end_year" in self.errors_of(self.build(period_start_year=2000, period_end_year=1990))

    def test_valid_festival_passes(self):
        self.build(latitude=15.04, longitude=108.47, month=1, day=15).full_clean(
            exclude=["path", "depth", "content_type", "url_path", "draft_title", "translation_key", "locale"]
        )


@pytest.mark.django_db
def test_text_is_stored_nfc_normalised(record_index):
    decomposed = unicodedata.normalize("NFD", "Lễ hội đâm trâu của người Cơ Tu")
    page = make_record(record_index, title=decomposed, summary=decomposed)
    page.refresh_from_db()
    assert page.title == unicodedata.normalize("NFC", decomposed)
    assert unicodedata.is_normalized("NFC", page.summary)


@pytest.mark.django_db
def test_festival_describes_its_lunar_date(record_index):
    page = make_record(record_index, month=1, day=15, timing_note="")
    assert page.lunar_date == LunarDate(1, 15)
    assert page.when_label == "ngày 15 tháng Giêng âm lịch"
