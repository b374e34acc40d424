import pytest

from tests.factories import make_record, make_user


@pytest.fixture
def researcher(db):
    return make_user("nha-nghien-cuu")


@pytest.fixture
def other_researcher(db):
    return make_user("nguoi-khac")


@pytest.fixture
def collection(record_index):
    """Public, community and staff records about buffalo rites, one public record with a
    protected place (a sacred forest seen only by the community)."""
    contributors = [
        ("contributor", {"name": "Nguyễn Văn Hùng", "role": "researcher", "organisation": ""}),
        ("contributor", {"name": "Đinh Thị Hoa", "role": "recorder", "organisation": ""}),
        ("contributor", {"name": "Phạm Văn Biên", "role": "editor", "organisation": ""}),
        ("contributor", {"name": "Già làng Đinh Văn A", "role": "narrator", "organisation": ""}),
    ]
    return {
        "public": make_record(
            record_index,
            title="Lễ ăn trâu của người Hrê",
            title_en="Buffalo-offering rite of the Hrê",
            summary="Lễ hội lớn nhất năm {50%} & cầu mùa_\nở Sơn Hà.",
            latitude=15.04,
            longitude=108.47,
            place_name="Sơn Hà",
            contributors=contributors,
        ),
        "sacred": make_record(
            record_index,
            title="Lễ cúng rừng thiêng ăn trâu",
            latitude=15.1234567,
            longitude=108.5432109,
            location_access="community",
        ),
        "community": make_record(record_index, title="Lễ trâu kín của cộng đồng", access_level="community"),
        "staff": make_record(record_index, title="Hồ sơ trâu nội bộ", access_level="staff"),
    }
