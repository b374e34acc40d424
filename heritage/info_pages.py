"""First versions of the pages about the library, for a new site and the demo.

Staff rewrite them in the admin (they are ordinary `InfoPage`s under the home page);
what is in brackets is for the operating agency to fill in. `create_info_pages` adds
the kinds that are missing and never touches a page that exists, so curators' edits
survive every run of `load_demo`.
"""

from .models import InfoPage

DRAFTS = [
    {
        "kind": InfoPage.Kind.ABOUT,
        "slug": "gioi-thieu",
        "title": "Giới thiệu thư viện",
        "title_en": "About the library",
        "body": (
            "<p>Thư viện điện tử di sản các dân tộc lưu giữ và giới thiệu lễ hội, phong tục tập quán và sản phẩm, "
            "vật phẩm tiêu biểu của đồng bào các dân tộc thiểu số dưới dạng hồ sơ số đa phương tiện, gắn với bản đồ "
            "vùng đồng bào dân tộc thiểu số.</p>"
            "<p>Thư viện được xây dựng theo Kế hoạch chuyển đổi số trong công tác dân tộc đến năm 2030 (Quyết định "
            "số 1087/QĐ-TTg năm 2024) và các kế hoạch của địa phương.</p>"
            "<h2>Ai dùng thư viện</h2>"
            "<ul><li>Mọi người: xem, tìm kiếm, chia sẻ và trích dẫn các hồ sơ công khai.</li>"
            "<li>Thành viên cộng đồng: đăng nhập để xem thêm các hồ sơ dành riêng cho cộng đồng mình.</li>"
            "<li>Cán bộ biên tập: thêm, sửa và gửi duyệt hồ sơ; cán bộ duyệt xuất bản chúng.</li></ul>"
        ),
        "body_en": (
            "<p>The e-library of ethnic heritage keeps and presents the festivals, customs and traditional products "
            "and objects of Vietnam's ethnic minorities as multimedia digital records, linked to maps of the areas "
            "where the communities live.</p>"
            "<p>It was built under the plan for digital transformation in ethnic affairs to 2030 (Decision "
            "1087/QĐ-TTg of 2024) and the provincial plans that implement it.</p>"
            "<h2>Who uses the library</h2>"
            "<ul><li>Everyone: browse, search, share and cite the public records.</li>"
            "<li>Community members: sign in to also see the records kept for their community.</li>"
            "<li>Curators: add, edit and submit records for review; reviewers publish them.</li></ul>"
        ),
    },
    {
        "kind": InfoPage.Kind.CONTACT,
        "slug": "lien-he",
        "title": "Liên hệ",
        "title_en": "Contact",
        "body": (
            "<p>Góp ý, đề nghị bổ sung hoặc sửa một hồ sơ, báo một hình ảnh hay thông tin cần gỡ xuống, và đề nghị "
            "cấp tài khoản thành viên cộng đồng, xin gửi về:</p>"
            "<p><b>[Tên cơ quan vận hành thư viện]</b><br>Địa chỉ: [địa chỉ]<br>Điện thoại: [số điện thoại]<br>"
            "Thư điện tử: [địa chỉ thư]</p>"
            "<p>Khi viết về một hồ sơ, xin ghi kèm địa chỉ ổn định của hồ sơ (dòng “Trích dẫn hồ sơ này”).</p>"
        ),
        "body_en": (
            "<p>For comments, additions or corrections to a record, an image or detail that should be taken down, "
            "or an account for a community member, write to:</p>"
            "<p><b>[Agency operating the library]</b><br>Address: [address]<br>Telephone: [number]<br>"
            "Email: [address]</p>"
            "<p>When writing about a record, please give its stable address (under “Cite this record”).</p>"
        ),
    },
    {
        "kind": InfoPage.Kind.PUBLISHER,
        "slug": "co-quan-chu-quan",
        "title": "Cơ quan chủ quản",
        "title_en": "Publisher",
        "body": (
            "<p>Cơ quan chủ quản: <b>[tên cơ quan]</b><br>Đơn vị vận hành: [tên đơn vị]<br>"
            "Người chịu trách nhiệm nội dung: [họ tên, chức vụ]<br>Địa chỉ: [địa chỉ]<br>"
            "Giấy phép thiết lập trang thông tin điện tử: [số giấy phép, ngày cấp, cơ quan cấp]</p>"
            "<p>Nội dung các hồ sơ do cán bộ biên tập và các cộng đồng cung cấp; mỗi hồ sơ ghi rõ nguồn, người đóng "
            "góp và giấy phép sử dụng.</p>"
        ),
        "body_en": (
            "<p>Publisher: <b>[agency]</b><br>Operated by: [unit]<br>Responsible for the content: [name, position]"
            "<br>Address: [address]<br>Licence for the website: [number, date, issued by]</p>"
            "<p>Records are contributed by curators and by the communities; each names its sources, contributors "
            "and licence.</p>"
        ),
    },
    {
        "kind": InfoPage.Kind.TERMS,
        "slug": "dieu-khoan-su-dung",
        "title": "Điều khoản sử dụng",
        "title_en": "Terms of use",
        "body": (
            "<h2>Sử dụng hồ sơ</h2>"
            "<p>Mỗi hồ sơ và mỗi hình ảnh ghi giấy phép riêng. Khi dùng lại, xin tuân theo giấy phép đó, ghi tên "
            "tác giả, nguồn và địa chỉ ổn định của hồ sơ.</p>"
            "<h2>Tôn trọng cộng đồng</h2>"
            "<p>Nhiều nghi lễ, nơi thờ cúng và hình ảnh thuộc về đời sống tín ngưỡng của cộng đồng. Hồ sơ dành riêng "
            "cho cộng đồng chỉ được xem khi đăng nhập và không được phát tán ra ngoài; vị trí chính xác của nơi "
            "thiêng chỉ hiện cho người được phép.</p>"
            "<h2>Tài khoản</h2>"
            "<p>Tài khoản do cán bộ thư viện cấp cho từng người; không chia sẻ mật khẩu.</p>"
            "<h2>Sai sót</h2>"
            "<p>Nếu thấy thông tin sai hoặc cần gỡ xuống, xin báo qua trang Liên hệ.</p>"
        ),
        "body_en": (
            "<h2>Using the records</h2>"
            "<p>Each record and each image states its own licence. When you reuse them, follow that licence and "
            "credit the author, the source and the record's stable address.</p>"
            "<h2>Respect for the communities</h2>"
            "<p>Many rites, places of worship and images belong to a community's religious life. Records kept for "
            "a community are seen only when signed in and must not be passed on; the exact places of sacred sites "
            "are shown only to those allowed to see them.</p>"
            "<h2>Accounts</h2>"
            "<p>Accounts are given to each person by the library's staff; do not share your password.</p>"
            "<h2>Mistakes</h2>"
            "<p>If something is wrong or should be taken down, please tell us through the Contact page.</p>"
        ),
    },
    {
        "kind": InfoPage.Kind.PRIVACY,
        "slug": "quyen-rieng-tu",
        "title": "Quyền riêng tư",
        "title_en": "Privacy",
        "body": (
            "<h2>Khi bạn chỉ xem</h2>"
            "<p>Thư viện không dùng công cụ theo dõi, quảng cáo hay thống kê của bên thứ ba; ngoài ảnh nền bản đồ "
            "(lấy từ [máy chủ bản đồ] khi bạn xem bản đồ), trang không tải gì từ máy chủ khác. Trình duyệt chỉ lưu "
            "các cookie trang cần để hoạt động: ngôn ngữ bạn chọn và một mã chống giả mạo biểu mẫu. Máy chủ ghi "
            "nhật ký truy cập (địa chỉ IP, thời gian, địa chỉ trang) để vận hành và bảo mật, lưu trong [thời hạn].</p>"
            "<h2>Khi bạn đăng nhập</h2>"
            "<p>Tài khoản giữ tên đăng nhập, họ tên và thư điện tử do cán bộ thư viện nhập khi cấp tài khoản; "
            "cookie phiên đăng nhập mất khi bạn đăng xuất.</p>"
            "<h2>Người trong ảnh và nơi thiêng</h2>"
            "<p>Ảnh có người nhận ra được chỉ được công bố khi có sự đồng ý của họ hoặc của đại diện cộng đồng. "
            "Vị trí GPS trong ảnh được xoá khi người xem không được biết nơi chính xác.</p>"
            "<h2>Quyền của bạn</h2>"
            "<p>Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, bạn có thể đề nghị xem, sửa hoặc xoá dữ liệu "
            "về mình, kể cả ảnh có mình, qua trang Liên hệ.</p>"
        ),
        "body_en": (
            "<h2>When you only read</h2>"
            "<p>The library uses no third-party tracking, advertising or analytics; apart from the base map's "
            "imagery (from [map server] when you look at a map), its pages load nothing from other servers. Your "
            "browser keeps only the cookies the site needs to work: the language you chose and a token that "
            "protects forms from forgery. The server logs requests (IP address, time, address of the page) to run "
            "and secure the site, kept for [period].</p>"
            "<h2>When you sign in</h2>"
            "<p>An account holds the username, name and email the library's staff entered when giving it; the "
            "session cookie goes when you sign out.</p>"
            "<h2>People in pictures and sacred places</h2>"
            "<p>Pictures of identifiable people are published only with their consent or that of the community's "
            "representatives. GPS positions are removed from photos for viewers who may not know the exact place."
            "</p>"
            "<h2>Your rights</h2>"
            "<p>Under Decree 13/2023/NĐ-CP on personal data protection you may ask to see, correct or delete data "
            "about you, pictures of you included, through the Contact page.</p>"
        ),
    },
]


def create_info_pages(home):
    """Publish a first version of each kind of info page missing under `home`; returns
    how many were created."""
    existing = set(InfoPage.objects.child_of(home).values_list("kind", flat=True))
    created = 0
    for draft in DRAFTS:
        if draft["kind"] in existing:
            continue
        page = home.add_child(instance=InfoPage(**draft))
        page.save_revision().publish()
        created += 1
    return created
