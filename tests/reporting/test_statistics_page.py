"""The public statistics count public records only, the staff report every published
record; the period and the library's filters narrow both; bad values are a 400."""

import pytest

pytestmark = pytest.mark.django_db


def table(response, key):
    return next(table for table in response.context["tables"] if table.key == key)


def test_anonymous_visitor_sees_counts_of_public_records_only(client, library):
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    summary = table(response, "summary").counts()
    assert summary["records"] == 3
    assert summary["located"] == 2
    # The community record's photo and its recording are not counted for the public.
    assert summary["images"] == 1
    assert summary["audio"] == 1 and summary["video"] == 1
    assert summary["minutes"] == 4.0  # 90 s of audio and 150 s of video
    assert table(response, "types").counts() == {"festival": 1, "custom": 1, "product": 1}
    assert table(response, "groups").counts() == {"hre": 2, "co": 1, "raglai": 1}
    assert table(response, "provinces").counts() == {"51": 2, "56": 1}
    assert "access" not in {table.key for table in response.context["tables"]}
    html = response.content.decode()
    assert "Lễ cúng rừng" not in html and "Tục kiêng kín" not in html


def test_a_community_member_still_sees_the_public_figures(client, library, community_member):
    client.force_login(community_member)
    response = client.get("/thong-ke/")
    assert table(response, "summary").counts()["records"] == 3


def test_staff_report_counts_every_published_record_with_access_levels(client, library, curator):
    client.force_login(curator)
    response = client.get("/admin/reports/statistics/")
    assert response.status_code == 200
    summary = table(response, "summary").counts()
    assert summary["records"] == 5  # the draft is not counted
    assert summary["images"] == 2 and summary["audio"] == 2
    assert summary["minutes"] == 14.0
    assert table(response, "access").counts() == {"public": 3, "community": 1, "staff": 1}


def test_staff_report_needs_staff(client, library, community_member):
    assert client.get("/admin/reports/statistics/").status_code == 302  # to the sign-in page
    client.force_login(community_member)
    response = client.get("/admin/reports/statistics/")
    assert response.status_code in (302, 403)
    assert "Tục kiêng kín" not in response.content.decode()
    for path in ("bao-cao.xlsx", "bang/summary.csv", "khu-vuc.geojson"):
        assert client.get(f"/admin/reports/statistics/{path}").status_code in (302, 403)


def test_the_statistics_menu_item_is_shown_to_staff(client, library, curator):
    client.force_login(curator)
    assert "/admin/reports/statistics/" in client.get("/admin/").content.decode()


def test_areas_in_force_and_before_the_reform(client, library):
    response = client.get("/thong-ke/")
    former = table(response, "areas-district-former")
    assert former.counts() == {"district/435": 1}
    assert former.rows[0][3] == "Xã Sơn Hà"  # now part of
    assert table(response, "areas-district-current").counts() == {"district/443": 1}
    assert table(response, "areas-province-current").counts() == {"province/51": 2}


def test_period_narrows_to_the_records_published_in_it(client, library):
    response = client.get("/thong-ke/?from=2025&to=2025")
    assert table(response, "summary").counts()["records"] == 2
    assert table(response, "years").counts() == {2025: 2}
    assert table(response, "months").counts() == {"2025-01": 1, "2025-02": 0, "2025-03": 0, "2025-04": 0, "2025-05": 1}
    assert "01/01/2025" in response.content.decode() and "31/12/2025" in response.content.decode()
    one_day = client.get("/thong-ke/?from=2024-03-08&to=2024-03-08")
    assert table(one_day, "types").counts() == {"festival": 1, "custom": 0, "product": 0}
    assert table(client.get("/thong-ke/?from=2025-05"), "summary").counts()["records"] == 1


def test_library_filters_narrow_the_figures(client, library):
    response = client.get("/thong-ke/?group=hre&type=custom")
    assert table(response, "summary").counts()["records"] == 1
    assert table(response, "groups").counts() == {"hre": 1, "co": 1}


@pytest.mark.parametrize(
    "query",
    [
        "from=abc",
        "from=2025-13",
        "from=2025-02-30",
        "to=١٢٣٤",
        "from=1800",
        "from=99999999999999999999",
        "from=2025&to=2024",
        "group=khong-co",
        "type=dictionary",
        "from=2025-01-01x",
        "from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",
    ],
)
def test_bad_period_or_filter_is_a_clear_400(client, library, query):
    response = client.get(f"/thong-ke/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    for path in ("/thong-ke/bao-cao.xlsx", "/thong-ke/bang/summary.csv", "/thong-ke/khu-vuc.geojson"):
        assert client.get(f"{path}?{query}").status_code == 400


def test_bad_period_message_says_what_is_wrong(client, library):
    response = client.get("/thong-ke/?from=2025&to=2024")
    assert "“Từ” phải trước “Đến”" in response.content.decode()


def test_footer_links_to_the_statistics(client, site_tree):
    assert 'href="/thong-ke/"' in client.get("/").content.decode()


def test_public_counts_are_cached_until_the_next_access_change(client, library, django_assert_max_num_queries):
    client.get("/thong-ke/")
    with django_assert_max_num_queries(25) as counted:
        client.get("/thong-ke/")
    first_count = len(counted.captured_queries)
    record = library["records"]["community"]
    record.access_level = "public"
    record.save_revision().publish()
    response = client.get("/thong-ke/")
    assert table(response, "summary").counts()["records"] == 4
    assert first_count < 25


def test_bad_period_in_the_staff_report_is_a_clear_400(client, library, curator):
    client.force_login(curator)
    response = client.get("/admin/reports/statistics/?from=2025-13")
    assert response.status_code == 400
    assert "không có tháng 13" in response.content.decode()


def test_other_apps_add_tables_through_the_hook(client, library):
    """The extension point the dictionary will use: a table of its own, on the page and
    in the workbook, counted for the reader's scope and the period."""
    import io

    from openpyxl import load_workbook
    from wagtail import hooks

    from reporting.statistics import Table

    seen = []

    def dictionary_tables(records, period, staff):
        seen.append((records.count(), period.key(), staff))
        return [
            Table(
                key="dictionary",
                title="Mục từ theo từ điển",
                sheet="Từ điển",
                columns=["Từ điển", "Số mục từ"],
                rows=[["Việt – Hrê", 120]],
                keys=["vi-hre"],
            )
        ]

    with hooks.register_temporarily("register_statistics_tables", dictionary_tables):
        response = client.get("/thong-ke/?from=2025")
        assert table(response, "dictionary").counts() == {"vi-hre": 120}
        assert "Mục từ theo từ điển" in response.content.decode()
        workbook = load_workbook(io.BytesIO(client.get("/thong-ke/bao-cao.xlsx?from=2025").content))
        assert workbook["Từ điển"]["A1"].value == "Mục từ theo từ điển"
    assert seen[0] == (2, ["2025-01-01", ""], False)


def test_the_page_is_english_at_its_english_address(client, library):
    response = client.get("/en/thong-ke/?from=2025")
    html = response.content.decode()
    assert "<h1>Statistics</h1>" in html
    assert "Records by ethnic group" in html and "Period of publication: since 01/01/2025" in html
