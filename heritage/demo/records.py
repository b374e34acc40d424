"""The demo collection: real festivals, customs and products of ethnic minorities in
Quảng Ngãi, Quảng Nam and Khánh Hoà, written modestly.

Descriptions stay general where details vary between villages or are not certain;
coordinates are those of the district towns or communes named (approximate to about
a kilometre). Curators should verify and enrich each record before real use.
"""

QN, QNAM, KH = "51", "49", "56"

# Approximate coordinates of district towns and well-known places.
PLACES = {
    "son_ha": ("Thị trấn Di Lăng", "huyện Sơn Hà", QN, 15.044, 108.468),
    "son_tay": ("Xã Sơn Dung", "huyện Sơn Tây", QN, 14.974, 108.353),
    "ba_to": ("Thị trấn Ba Tơ", "huyện Ba Tơ", QN, 14.769, 108.727),
    "lang_teng": ("Làng Teng, xã Ba Thành", "huyện Ba Tơ", QN, 14.793, 108.742),
    "minh_long": ("Xã Long Hiệp", "huyện Minh Long", QN, 14.951, 108.702),
    "tra_bong": ("Thị trấn Trà Xuân", "huyện Trà Bồng", QN, 15.252, 108.527),
    "tay_tra": ("Xã Trà Phong", "huyện Trà Bồng (trước là Tây Trà)", QN, 15.168, 108.371),
    "tay_giang": ("Xã A Tiêng", "huyện Tây Giang", QNAM, 15.865, 107.495),
    "dong_giang": ("Thị trấn Prao", "huyện Đông Giang", QNAM, 15.933, 107.640),
    "zara": ("Làng Zara, xã Tà Lu", "huyện Đông Giang", QNAM, 15.914, 107.617),
    "nam_giang": ("Thị trấn Thạnh Mỹ", "huyện Nam Giang", QNAM, 15.758, 107.831),
    "bac_tra_my": ("Thị trấn Trà My", "huyện Bắc Trà My", QNAM, 15.337, 108.232),
    "nam_tra_my": ("Xã Trà Linh", "huyện Nam Trà My", QNAM, 15.079, 108.002),
    "phuoc_son": ("Thị trấn Khâm Đức", "huyện Phước Sơn", QNAM, 15.446, 107.799),
    "khanh_son": ("Thị trấn Tô Hạp", "huyện Khánh Sơn", KH, 12.017, 108.919),
    "khanh_vinh": ("Thị trấn Khánh Vĩnh", "huyện Khánh Vĩnh", KH, 12.275, 108.894),
}

DEMO_SOURCE = [
    {
        "citation": "Tóm lược cho bản trình diễn từ các tài liệu giới thiệu phổ biến về văn hoá các dân tộc ở địa phương",
        "note": "Cần cán bộ chuyên môn thẩm định trước khi công bố chính thức",
    }
]
DEMO_PROVENANCE = (
    "Hồ sơ mẫu của bộ dữ liệu trình diễn. Nội dung được viết ở mức khái quát; chi tiết nghi lễ "
    "có thể khác nhau giữa các làng."
)

FESTIVALS = [
    {
        "slug": "le-an-trau-nguoi-hre-son-ha",
        "title": "Lễ ăn trâu của người Hrê",
        "title_en": "Buffalo-offering rite of the Hrê",
        "summary": "Lễ hiến sinh trâu lớn nhất của cộng đồng Hrê, tổ chức để tạ ơn thần linh, cầu mùa màng "
        "và sức khoẻ cho cả làng, với tiếng chiêng, điệu múa và sự tham gia của nhiều làng lân cận.",
        "summary_en": "The largest communal buffalo offering of the Hrê, held to thank the spirits and pray for "
        "good harvests and health, with gong music, dancing and guests from neighbouring villages.",
        "groups": ["hre"], "place": "son_ha", "subjects": ["le-hoi-cong-dong", "tin-nguong", "am-nhac-cong-chieng"],
        "calendar": "seasonal", "timing_note": "Thường sau vụ thu hoạch lúa rẫy, khi làng có điều kiện",
        "frequency": "occasional",
        "participants": "Cả làng, dòng họ chủ lễ và khách mời từ các làng lân cận",
        "main_rites": "Dựng cây nêu\nCúng thần linh\nHiến sinh trâu\nĐánh chiêng, múa và chia thịt cho cộng đồng",
        "body": [
            "Lễ ăn trâu là dịp quan trọng trong đời sống tinh thần của người Hrê ở miền núi Quảng Ngãi. "
            "Con trâu được buộc vào cây nêu dựng giữa sân; già làng khấn mời thần linh về chứng giám.",
            "Tiếng chiêng và trống vang suốt các ngày lễ. Sau nghi thức hiến sinh, thịt trâu được chia cho "
            "các gia đình, thể hiện tinh thần cố kết cộng đồng.",
        ],
        "testimony": ("Làm lễ ăn trâu là để cảm ơn Yang đã cho lúa tốt, người khoẻ.", "Một già làng người Hrê", "huyện Sơn Hà"),
        "image": "buffalo", "featured": True,
    },
    {
        "slug": "le-mung-lua-moi-nguoi-hre",
        "title": "Lễ mừng lúa mới của người Hrê",
        "title_en": "New-rice rite of the Hrê",
        "summary": "Nghi lễ của từng gia đình và cả làng khi thu hoạch lúa rẫy, dâng cơm mới lên thần lúa "
        "và tổ tiên trước khi cả nhà cùng ăn.",
        "summary_en": "A household and village rite at the upland rice harvest: the first new rice is offered "
        "to the rice spirit and the ancestors before the family eats it.",
        "groups": ["hre"], "place": "ba_to", "subjects": ["nong-nghiep-mua-vu", "tin-nguong"],
        "calendar": "seasonal", "timing_note": "Khi lúa rẫy chín, cuối mùa mưa", "frequency": "annual",
        "participants": "Các gia đình trong làng", "main_rites": "Tuốt lúa đầu mùa\nNấu cơm mới\nCúng thần lúa và tổ tiên",
        "body": ["Lúa rẫy là nguồn lương thực chính của người Hrê. Lễ mừng lúa mới thể hiện lòng biết ơn "
                 "đối với thần lúa và là dịp họ hàng, láng giềng sum họp."],
        "image": "rice",
    },
    {
        "slug": "le-hoi-dam-trau-nguoi-co-tu",
        "title": "Lễ hội đâm trâu của người Cơ Tu",
        "title_en": "Buffalo festival of the Cơ Tu",
        "summary": "Lễ hội lớn của làng Cơ Tu, diễn ra quanh nhà gươl và cây nêu, tạ ơn thần linh và cầu "
        "cho làng bình yên, với múa tung tung da dá và tiếng cồng chiêng.",
        "summary_en": "A great festival of a Cơ Tu village held around the communal gươl house and the ritual "
        "pole, thanking the spirits and praying for peace, with the tung tung – da dá dance and gongs.",
        "groups": ["co-tu"], "place": "tay_giang", "subjects": ["le-hoi-cong-dong", "tin-nguong", "dan-ca-dan-vu"],
        "calendar": "seasonal", "timing_note": "Thường vào mùa khô, sau thu hoạch", "frequency": "occasional",
        "participants": "Cả làng, do già làng và các dòng họ đứng ra tổ chức",
        "main_rites": "Dựng cây nêu trước nhà gươl\nKhấn thần linh\nĐâm trâu\nMúa tung tung da dá",
        "body": ["Cây nêu của người Cơ Tu được trang trí công phu với hoa văn và các biểu tượng. "
                 "Nam giới múa tung tung, nữ giới múa da dá quanh cây nêu theo nhịp trống chiêng."],
        "image": "buffalo", "featured": True,
    },
    {
        "slug": "le-mung-lua-moi-nguoi-co-tu",
        "title": "Lễ mừng lúa mới của người Cơ Tu",
        "title_en": "New-rice rite of the Cơ Tu",
        "summary": "Nghi lễ sau vụ lúa rẫy, khi các gia đình Cơ Tu dâng lúa mới, mời họ hàng và làng xóm "
        "cùng chung vui.",
        "summary_en": "The rite after the upland rice harvest, when Cơ Tu families offer new rice and invite "
        "relatives and neighbours to celebrate.",
        "groups": ["co-tu"], "place": "dong_giang", "subjects": ["nong-nghiep-mua-vu", "le-hoi-cong-dong"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch lúa rẫy", "frequency": "annual",
        "participants": "Các gia đình và cả làng",
        "body": ["Lễ là dịp để cộng đồng tạ ơn thần lúa, trao đổi sản vật và gìn giữ các làn điệu dân ca."],
        "image": "rice",
    },
    {
        "slug": "le-bo-ma-nguoi-raglai",
        "title": "Lễ bỏ mả của người Raglai",
        "title_en": "Grave-leaving ceremony of the Raglai",
        "summary": "Nghi lễ cuối cùng dành cho người đã khuất: sau lễ, gia đình \"bỏ mả\", tiễn linh hồn về "
        "với tổ tiên. Đây là một trong những lễ lớn và giàu giá trị nghệ thuật của người Raglai.",
        "summary_en": "The final rite for the dead: after it the family leaves the grave, sending the soul to "
        "the ancestors. It is among the largest and artistically richest Raglai ceremonies.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["le-vong-doi", "tin-nguong", "am-nhac-cong-chieng"],
        "calendar": "seasonal", "timing_note": "Thường vào mùa khô, sau mùa thu hoạch", "frequency": "occasional",
        "participants": "Gia đình, dòng họ của người đã khuất và dân làng",
        "main_rites": "Làm nhà mồ\nDâng lễ vật\nTấu mã la và hát kể\nTiễn biệt người đã khuất",
        "body": ["Trong lễ bỏ mả, tiếng mã la và những bài hát kể vang lên suốt nhiều ngày đêm. "
                 "Nhà mồ được trang trí, thể hiện tình cảm của người sống với người đã khuất."],
        "image": "gongs", "featured": True,
    },
    {
        "slug": "le-mung-lua-moi-nguoi-raglai",
        "title": "Lễ mừng lúa mới của người Raglai",
        "title_en": "New-rice rite of the Raglai",
        "summary": "Lễ tạ ơn sau mùa rẫy của người Raglai vùng núi Khánh Hoà, có tiếng mã la, khèn bầu và "
        "các món ăn từ lúa, bắp mới.",
        "summary_en": "The Raglai thanksgiving after the swidden harvest in the Khánh Hoà hills, with flat "
        "gongs, gourd mouth organs and dishes of new rice and maize.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["nong-nghiep-mua-vu", "le-hoi-cong-dong"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch mùa rẫy", "frequency": "annual",
        "body": ["Lễ gắn với chu kỳ canh tác nương rẫy và niềm tin vào các vị thần bảo hộ mùa màng."],
        "image": "rice",
    },
    {
        "slug": "le-an-trau-nguoi-co-tra-bong",
        "title": "Lễ ăn trâu của người Co",
        "title_en": "Buffalo-offering rite of the Co",
        "summary": "Lễ hiến sinh trâu của người Co ở Trà Bồng, cầu mùa và gắn kết cộng đồng, với chiêng, "
        "trống và các điệu múa truyền thống.",
        "summary_en": "The Co buffalo offering in Trà Bồng, praying for good harvests and binding the "
        "community together, with gongs, drums and traditional dances.",
        "groups": ["co"], "place": "tra_bong", "subjects": ["le-hoi-cong-dong", "tin-nguong"],
        "calendar": "seasonal", "timing_note": "Thường vào đầu năm hoặc sau mùa thu hoạch", "frequency": "occasional",
        "participants": "Cả làng và khách mời",
        "body": ["Lễ ăn trâu là dịp người Co thể hiện lòng biết ơn với thần linh và tổ tiên."],
        "image": "buffalo",
    },
    {
        "slug": "le-an-trau-nguoi-ca-dong",
        "title": "Lễ ăn trâu của người Ca Dong",
        "title_en": "Buffalo-offering rite of the Ca Dong (Xơ Đăng)",
        "summary": "Lễ hiến sinh trâu của người Ca Dong, một nhóm địa phương của dân tộc Xơ Đăng ở Sơn Tây, "
        "tạ ơn thần linh và cầu bình an cho làng.",
        "summary_en": "The buffalo offering of the Ca Dong, a local group of the Xơ Đăng in Sơn Tây, thanking "
        "the spirits and praying for the village's well-being.",
        "groups": ["xo-dang"], "place": "son_tay", "subjects": ["le-hoi-cong-dong", "tin-nguong", "am-nhac-cong-chieng"],
        "calendar": "seasonal", "timing_note": "Sau mùa thu hoạch", "frequency": "occasional",
        "participants": "Cả làng",
        "body": ["Người Ca Dong ở Sơn Tây lưu giữ nhiều lễ thức gắn với cồng chiêng và nhà rông."],
        "image": "buffalo",
    },
    {
        "slug": "le-mung-lua-moi-nguoi-ca-dong",
        "title": "Lễ mừng lúa mới của người Ca Dong",
        "title_en": "New-rice rite of the Ca Dong (Xơ Đăng)",
        "summary": "Lễ của người Ca Dong khi thu hoạch lúa rẫy, dâng lúa mới và cầu mùa sau được bội thu.",
        "summary_en": "The Ca Dong rite at the upland rice harvest, offering new rice and praying for the next crop.",
        "groups": ["xo-dang"], "place": "son_tay", "subjects": ["nong-nghiep-mua-vu"],
        "calendar": "seasonal", "timing_note": "Khi thu hoạch lúa rẫy", "frequency": "annual",
        "body": ["Lễ diễn ra trong từng gia đình rồi lan ra cả làng, với rượu cần và tiếng chiêng."],
        "image": "rice",
    },
    {
        "slug": "le-mung-lua-moi-nguoi-xo-dang-bac-tra-my",
        "title": "Lễ mừng lúa mới của người Xơ Đăng ở Bắc Trà My",
        "title_en": "New-rice rite of the Xơ Đăng in Bắc Trà My",
        "summary": "Nghi lễ mùa vụ của người Xơ Đăng (nhóm Ca Dong) vùng Trà My, gắn với lúa rẫy và cây quế.",
        "summary_en": "A harvest rite of the Xơ Đăng (Ca Dong group) of the Trà My area, tied to upland rice "
        "and the cinnamon forests.",
        "groups": ["xo-dang"], "place": "bac_tra_my", "subjects": ["nong-nghiep-mua-vu"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch", "frequency": "annual",
        "body": ["Lễ là dịp con cháu trở về, cùng ăn cơm mới và nghe người già kể chuyện làng."],
        "image": "rice",
    },
    {
        "slug": "le-hoi-dam-trau-nguoi-gie-trieng",
        "title": "Lễ hội đâm trâu của người Giẻ Triêng",
        "title_en": "Buffalo festival of the Giẻ Triêng",
        "summary": "Lễ hiến sinh trâu của người Giẻ Triêng ở miền núi Quảng Nam, cầu cho làng no ấm, "
        "với cồng chiêng và múa truyền thống.",
        "summary_en": "The buffalo offering of the Giẻ Triêng in the Quảng Nam highlands, praying for a "
        "well-fed village, with gongs and traditional dances.",
        "groups": ["gie-trieng"], "place": "nam_giang", "subjects": ["le-hoi-cong-dong", "tin-nguong"],
        "calendar": "seasonal", "timing_note": "Mùa khô", "frequency": "occasional",
        "body": ["Lễ gắn với nhà rông và vai trò của già làng trong việc giữ gìn luật tục."],
        "image": "buffalo",
    },
    {
        "slug": "le-mung-lua-moi-nguoi-gie-trieng",
        "title": "Lễ mừng lúa mới của người Giẻ Triêng",
        "title_en": "New-rice rite of the Giẻ Triêng",
        "summary": "Nghi lễ mùa vụ của người Giẻ Triêng ở Phước Sơn và Nam Giang, dâng lúa mới lên thần lúa.",
        "summary_en": "The harvest rite of the Giẻ Triêng of Phước Sơn and Nam Giang, offering new rice to "
        "the rice spirit.",
        "groups": ["gie-trieng"], "place": "phuoc_son", "subjects": ["nong-nghiep-mua-vu"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch lúa rẫy", "frequency": "annual",
        "body": ["Nghi lễ phản ánh tri thức canh tác nương rẫy được truyền qua nhiều thế hệ."],
        "image": "rice",
    },
    {
        "slug": "le-cung-ben-nuoc-nguoi-e-de",
        "title": "Lễ cúng bến nước của người Ê Đê",
        "title_en": "Water-source ceremony of the Ede",
        "summary": "Lễ tạ ơn thần nước của buôn Ê Đê, cầu cho nguồn nước trong lành và buôn làng khoẻ mạnh; "
        "chủ bến nước thường là người phụ nữ theo chế độ mẫu hệ.",
        "summary_en": "The Ede village thanks the water spirit and prays for clean water and good health; "
        "the keeper of the water source is usually a woman, in line with matrilineal custom.",
        "groups": ["e-de"], "place": "khanh_vinh", "subjects": ["tin-nguong", "le-hoi-cong-dong"],
        "calendar": "seasonal", "timing_note": "Thường vào mùa khô, sau thu hoạch", "frequency": "annual",
        "body": ["Bến nước là nơi gắn với đời sống hằng ngày của cả buôn, nên việc giữ gìn bến nước là "
                 "trách nhiệm chung."],
        "image": "water",
    },
    {
        "slug": "le-mung-lua-moi-nguoi-e-de",
        "title": "Lễ mừng lúa mới của người Ê Đê",
        "title_en": "New-rice rite of the Ede",
        "summary": "Lễ mừng mùa lúa mới của các gia đình Ê Đê, với rượu cần, cồng chiêng và lời khấn cầu "
        "sức khoẻ cho các thành viên.",
        "summary_en": "The Ede family rite of the new rice, with jar wine, gongs and prayers for every "
        "member's health.",
        "groups": ["e-de"], "place": "khanh_vinh", "subjects": ["nong-nghiep-mua-vu", "am-nhac-cong-chieng"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch", "frequency": "annual",
        "body": ["Lễ diễn ra trong nhà dài của gia đình, nơi họ hàng cùng tụ họp."],
        "image": "rice",
    },
    {
        "slug": "le-mung-lua-moi-nguoi-trin",
        "title": "Lễ mừng lúa mới của người T'rin",
        "title_en": "New-rice rite of the T'rin (Cơ Ho)",
        "summary": "Nghi lễ sau vụ mùa của người T'rin, một nhóm địa phương của dân tộc Cơ Ho ở Khánh Vĩnh.",
        "summary_en": "The post-harvest rite of the T'rin, a local group of the Cơ Ho in Khánh Vĩnh.",
        "groups": ["co-ho"], "place": "khanh_vinh", "subjects": ["nong-nghiep-mua-vu", "tin-nguong"],
        "calendar": "seasonal", "timing_note": "Sau thu hoạch lúa rẫy", "frequency": "annual",
        "body": ["Cộng đồng T'rin ở Khánh Hoà còn lưu giữ nhiều nghi lễ nông nghiệp và cồng chiêng."],
        "image": "rice",
    },
    {
        "slug": "tet-nguyen-dan-trong-lang-hre",
        "title": "Tết Nguyên đán trong làng Hrê",
        "title_en": "Lunar New Year in a Hrê village",
        "summary": "Ngày nay nhiều làng Hrê đón Tết Nguyên đán cùng cả nước, kết hợp những sinh hoạt "
        "truyền thống như đánh chiêng, thăm hỏi họ hàng.",
        "summary_en": "Many Hrê villages now celebrate the Lunar New Year with the rest of the country, "
        "alongside traditional gong playing and family visits.",
        "groups": ["hre", "kinh"], "place": "minh_long", "subjects": ["le-hoi-cong-dong"],
        "calendar": "lunar", "month": 1, "day": 1, "duration_days": 3, "frequency": "annual",
        "body": ["Bản ghi minh hoạ một lễ hội tính theo âm lịch: ngày mồng Một tháng Giêng."],
        "image": "gongs",
    },
]

CUSTOMS = [
    {
        "slug": "luat-tuc-nguoi-hre", "title": "Luật tục của người Hrê", "title_en": "Customary law of the Hrê",
        "summary": "Những quy ước truyền miệng điều chỉnh quan hệ trong làng, việc sử dụng đất rừng và cách "
        "giải quyết tranh chấp, do già làng gìn giữ.",
        "summary_en": "Oral rules governing village relations, the use of forest land and the settling of "
        "disputes, kept by the village elders.",
        "groups": ["hre"], "place": "son_ha", "subjects": ["luat-tuc", "rung-va-dat-dai"],
        "category": "community_law", "vitality": "living",
        "body": ["Luật tục thường được truyền đạt bằng lời nói vần, dễ nhớ, và vẫn được vận dụng trong hoà giải ở cơ sở."],
        "image": "village",
    },
    {
        "slug": "nha-san-nguoi-hre", "title": "Nhà sàn của người Hrê", "title_en": "Stilt houses of the Hrê",
        "summary": "Ngôi nhà sàn truyền thống làm bằng gỗ, tre, nứa và lợp cỏ tranh, với cách bố trí không "
        "gian gắn với nghi lễ gia đình.",
        "summary_en": "The traditional stilt house of wood, bamboo and thatch, whose layout follows the "
        "family's rites.",
        "groups": ["hre"], "place": "minh_long", "subjects": ["kien-truc-truyen-thong"],
        "category": "household", "vitality": "rare",
        "body": ["Ngày nay nhà sàn truyền thống ít dần, nhưng kỹ thuật dựng nhà vẫn được người cao tuổi ghi nhớ."],
        "image": "village",
    },
    {
        "slug": "canh-tac-lua-ray-nguoi-hre", "title": "Canh tác lúa rẫy của người Hrê",
        "title_en": "Upland rice farming of the Hrê",
        "summary": "Chu kỳ làm rẫy từ chọn đất, phát rẫy, tỉa hạt đến thu hoạch, đi kèm các nghi lễ nông nghiệp.",
        "summary_en": "The swidden cycle from choosing land, clearing and dibbling seed to harvest, with its "
        "farming rites.",
        "groups": ["hre"], "place": "ba_to", "subjects": ["nong-nghiep-mua-vu", "rung-va-dat-dai"],
        "category": "agriculture", "vitality": "living", "occasion": "Theo mùa vụ trong năm",
        "body": ["Người Hrê còn canh tác lúa nước ở các thung lũng, bên cạnh lúa rẫy trên sườn đồi."],
        "image": "rice",
    },
    {
        "slug": "hat-ka-leu-nguoi-hre", "title": "Hát ka lêu của người Hrê", "title_en": "Ka lêu singing of the Hrê",
        "summary": "Lối hát đối đáp, kể chuyện của người Hrê, hát trong lao động, lễ hội và sinh hoạt hằng ngày.",
        "summary_en": "A Hrê style of sung dialogue and storytelling, heard at work, at festivals and in daily life.",
        "groups": ["hre"], "place": "son_ha", "subjects": ["dan-ca-dan-vu"],
        "category": "arts", "vitality": "rare",
        "body": ["Những người hát ka lêu giỏi ngày càng ít; nhiều địa phương đã mở lớp truyền dạy cho lớp trẻ."],
        "image": "gongs",
    },
    {
        "slug": "nha-guol-nguoi-co-tu", "title": "Nhà gươl của người Cơ Tu", "title_en": "The gươl communal house of the Cơ Tu",
        "summary": "Ngôi nhà chung của làng Cơ Tu, nơi hội họp, tiếp khách và tổ chức lễ hội, được trang trí "
        "bằng tượng gỗ và hoa văn.",
        "summary_en": "The communal house of a Cơ Tu village, used for meetings, guests and festivals, "
        "decorated with wooden carvings and patterns.",
        "groups": ["co-tu"], "place": "tay_giang", "subjects": ["kien-truc-truyen-thong", "luat-tuc"],
        "category": "community_law", "vitality": "living",
        "body": ["Nhà gươl thường đặt ở trung tâm làng; các ngôi nhà của dân làng quây quanh nó."],
        "image": "village", "featured": True,
    },
    {
        "slug": "mua-tung-tung-da-da", "title": "Múa tung tung da dá của người Cơ Tu",
        "title_en": "The tung tung – da dá dance of the Cơ Tu",
        "summary": "Điệu múa tập thể trong lễ hội: nam múa tung tung mạnh mẽ, nữ múa da dá uyển chuyển, "
        "theo nhịp trống và chiêng.",
        "summary_en": "The collective festival dance: men dance the vigorous tung tung, women the graceful "
        "da dá, to drums and gongs.",
        "groups": ["co-tu"], "place": "dong_giang", "subjects": ["dan-ca-dan-vu", "le-hoi-cong-dong"],
        "category": "arts", "vitality": "living",
        "body": ["Điệu múa thường diễn ra quanh cây nêu trong các lễ hội lớn của làng."],
        "image": "gongs",
    },
    {
        "slug": "tang-le-nguoi-co-tu", "title": "Tang lễ của người Cơ Tu", "title_en": "Funeral customs of the Cơ Tu",
        "summary": "Những nghi thức tang ma của người Cơ Tu. Hồ sơ chỉ dành cho thành viên cộng đồng theo "
        "đề nghị của già làng.",
        "summary_en": "Cơ Tu funeral rites. At the elders' request this record is for community members only.",
        "groups": ["co-tu"], "place": "tay_giang", "subjects": ["le-vong-doi", "tin-nguong"],
        "category": "life_cycle", "vitality": "living", "access": "community",
        "body": ["Nội dung chi tiết được chia sẻ theo sự đồng thuận của cộng đồng."],
        "licence": "community-consent",
    },
    {
        "slug": "trong-que-nguoi-co", "title": "Nghề trồng quế của người Co", "title_en": "Cinnamon growing of the Co",
        "summary": "Trồng và khai thác quế là sinh kế lâu đời của người Co vùng Trà Bồng, gắn với tri thức "
        "về rừng và đất.",
        "summary_en": "Growing and harvesting cinnamon is a long-standing livelihood of the Co of Trà Bồng, "
        "tied to their knowledge of forest and land.",
        "groups": ["co"], "place": "tay_tra", "subjects": ["nong-nghiep-mua-vu", "rung-va-dat-dai"],
        "category": "agriculture", "vitality": "living",
        "body": ["Vỏ quế được bóc, phơi và bảo quản theo kinh nghiệm truyền lại trong gia đình."],
        "image": "cinnamon",
    },
    {
        "slug": "su-thi-raglai", "title": "Sử thi Raglai (akhàt jucar)", "title_en": "Raglai epics (akhàt jucar)",
        "summary": "Những tác phẩm sử thi truyền miệng của người Raglai, được hát kể trong các dịp lễ, "
        "phản ánh thế giới quan và lịch sử cộng đồng.",
        "summary_en": "The oral epics of the Raglai, chanted on ceremonial occasions, carrying the "
        "community's world view and history.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["dan-ca-dan-vu", "tin-nguong"],
        "category": "arts", "vitality": "rare",
        "body": ["Số nghệ nhân có thể hát kể trọn vẹn sử thi ngày càng ít, nên việc ghi âm và phiên âm rất cấp thiết."],
        "image": "gongs",
    },
    {
        "slug": "ma-la-raglai", "title": "Nghệ thuật diễn tấu mã la của người Raglai",
        "title_en": "Mã la gong ensembles of the Raglai",
        "summary": "Dàn chiêng không núm (mã la) được diễn tấu trong lễ bỏ mả, lễ mừng lúa mới và nhiều "
        "sinh hoạt cộng đồng khác.",
        "summary_en": "The ensemble of flat gongs (mã la) played at the grave-leaving ceremony, the new-rice "
        "rite and other communal events.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["am-nhac-cong-chieng", "nhac-cu-truyen-thong"],
        "category": "arts", "vitality": "living",
        "body": ["Mỗi người trong dàn giữ một chiếc mã la; giai điệu hình thành từ sự phối hợp nhịp nhàng giữa họ."],
        "image": "gongs",
    },
    {
        "slug": "che-do-mau-he-nguoi-e-de", "title": "Chế độ mẫu hệ của người Ê Đê",
        "title_en": "Matrilineal kinship of the Ede",
        "summary": "Con cái mang họ mẹ, người phụ nữ giữ vai trò chủ nhà và tài sản được truyền theo dòng mẹ.",
        "summary_en": "Children take their mother's clan name, women head the household and property passes "
        "through the female line.",
        "groups": ["e-de"], "place": "khanh_vinh", "subjects": ["luat-tuc"],
        "category": "household", "vitality": "living",
        "body": ["Nhà dài truyền thống là nơi nhiều thế hệ cùng dòng mẹ sinh sống."],
        "image": "village",
    },
    {
        "slug": "truc-lua-nuong-nguoi-ca-dong", "title": "Tỉa lúa trên nương của người Ca Dong",
        "title_en": "Dibble sowing of upland rice by the Ca Dong",
        "summary": "Cách gieo hạt bằng gậy chọc lỗ, nam đi trước chọc lỗ, nữ theo sau bỏ hạt, gắn với "
        "nghi lễ đầu mùa.",
        "summary_en": "Sowing with a dibble stick: men make the holes, women follow dropping the seed, with "
        "a rite at the start of the season.",
        "groups": ["xo-dang"], "place": "son_tay", "subjects": ["nong-nghiep-mua-vu"],
        "category": "agriculture", "vitality": "living", "occasion": "Đầu mùa mưa",
        "body": ["Kỹ thuật này giúp hạn chế xói mòn đất trên sườn dốc."],
        "image": "rice",
    },
    {
        "slug": "hat-ke-khan-e-de", "title": "Hát kể khan của người Ê Đê", "title_en": "Khan epic chanting of the Ede",
        "summary": "Nghệ thuật kể sử thi (khan) của người Ê Đê, thường diễn ra bên bếp lửa nhà dài, "
        "kéo dài qua nhiều đêm.",
        "summary_en": "The Ede art of chanting epics (khan), usually by the fire in the longhouse over "
        "several nights.",
        "groups": ["e-de"], "place": "khanh_vinh", "subjects": ["dan-ca-dan-vu"],
        "category": "arts", "vitality": "rare",
        "body": ["Các bản khan nổi tiếng đã được sưu tầm và xuất bản; việc ghi âm nghệ nhân còn sống vẫn cần tiếp tục."],
        "image": "gongs",
    },
    {
        "slug": "xam-minh-nguoi-co-tu", "title": "Tục xăm mình của người Cơ Tu", "title_en": "Tattooing among the Cơ Tu",
        "summary": "Tục xăm hoa văn trên mặt và cơ thể từng phổ biến ở người Cơ Tu; nay hầu như không còn "
        "thực hành. Hồ sơ dành cho thành viên cộng đồng.",
        "summary_en": "Facial and body tattooing was once widespread among the Cơ Tu and is now hardly "
        "practised. For community members.",
        "groups": ["co-tu"], "place": "dong_giang", "subjects": ["le-vong-doi"],
        "category": "life_cycle", "vitality": "lapsed", "access": "community",
        "licence": "community-consent",
        "body": ["Thông tin chi tiết về ý nghĩa các hoa văn được chia sẻ trong cộng đồng."],
    },
]

PRODUCTS = [
    {
        "slug": "que-tra-bong", "title": "Quế Trà Bồng", "title_en": "Trà Bồng cinnamon",
        "summary": "Quế vùng Trà Bồng nổi tiếng thơm, cay, nhiều tinh dầu; là sinh kế của đồng bào Co và "
        "người Kinh ở địa phương.",
        "summary_en": "Cinnamon from Trà Bồng, known for its aroma, heat and rich oil; a livelihood of the "
        "Co and Kinh people of the district.",
        "groups": ["co", "kinh"], "place": "tra_bong", "subjects": ["nong-nghiep-mua-vu", "san-pham-ocop"],
        "kind": "agricultural", "materials": "Vỏ cây quế (Cinnamomum cassia)",
        "technique": "Bóc vỏ, ủ, phơi khô và phân loại", "makers": "Các hộ trồng quế và hợp tác xã ở Trà Bồng",
        "body": ["Quế Trà Bồng được dùng làm gia vị, dược liệu và tinh dầu."],
        "image": "cinnamon", "featured": True,
    },
    {
        "slug": "que-tra-my", "title": "Quế Trà My", "title_en": "Trà My cinnamon",
        "summary": "Quế vùng Trà My (Quảng Nam), gắn với đời sống người Ca Dong và các cộng đồng khác ở "
        "vùng núi cao.",
        "summary_en": "Cinnamon of the Trà My area in Quảng Nam, part of the life of the Ca Dong and other "
        "highland communities.",
        "groups": ["xo-dang"], "place": "bac_tra_my", "subjects": ["nong-nghiep-mua-vu", "san-pham-ocop"],
        "kind": "agricultural", "materials": "Vỏ cây quế", "technique": "Bóc vỏ, phơi khô, bảo quản",
        "body": ["Cây quế được trồng trên rẫy và trong rừng, là nguồn thu nhập quan trọng của nhiều gia đình."],
        "image": "cinnamon",
    },
    {
        "slug": "sam-ngoc-linh", "title": "Sâm Ngọc Linh", "title_en": "Ngọc Linh ginseng",
        "summary": "Loài sâm quý (Panax vietnamensis) mọc ở vùng núi Ngọc Linh, được người Xơ Đăng phát hiện "
        "và sử dụng từ lâu, nay được trồng dưới tán rừng.",
        "summary_en": "A rare ginseng (Panax vietnamensis) of the Ngọc Linh massif, long known and used by "
        "the Xơ Đăng, now grown under the forest canopy.",
        "groups": ["xo-dang"], "place": "nam_tra_my", "subjects": ["duoc-lieu", "san-pham-ocop"],
        "kind": "medicinal", "materials": "Củ và thân rễ sâm",
        "technique": "Trồng dưới tán rừng nguyên sinh ở độ cao lớn", "makers": "Các hộ và doanh nghiệp trồng sâm ở Nam Trà My",
        "body": ["Sâm Ngọc Linh sinh trưởng chậm, cần điều kiện khí hậu mát và bóng râm của rừng già."],
        "image": "forest", "featured": True,
    },
    {
        "slug": "khen-bau-raglai", "title": "Khèn bầu của người Raglai", "title_en": "The Raglai gourd mouth organ",
        "summary": "Nhạc cụ hơi gồm bầu khô và các ống trúc có lưỡi gà, gắn với đời sống âm nhạc và nghi lễ "
        "của người Raglai.",
        "summary_en": "A wind instrument of a dried gourd and bamboo pipes with free reeds, part of Raglai "
        "music and ritual life.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["nhac-cu-truyen-thong"],
        "kind": "instrument", "materials": "Quả bầu khô, ống trúc, lưỡi gà bằng kim loại",
        "technique": "Làm thủ công bởi các nghệ nhân trong làng",
        "body": ["Âm thanh khèn bầu vang trong các lễ hội và trong những lúc nghỉ ngơi trên nương."],
        "image": "instrument", "featured": True,
    },
    {
        "slug": "dan-da-khanh-son", "title": "Đàn đá Khánh Sơn", "title_en": "The Khánh Sơn lithophone",
        "summary": "Bộ đàn đá được tìm thấy ở Khánh Sơn, gắn với cộng đồng Raglai, gồm những thanh đá ghè "
        "đẽo phát ra các cao độ khác nhau.",
        "summary_en": "A lithophone found in Khánh Sơn and tied to the Raglai community: shaped stone bars "
        "that sound different pitches.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["nhac-cu-truyen-thong"],
        "kind": "instrument", "materials": "Đá",
        "body": ["Đàn đá là di sản quý; việc diễn tấu và truyền dạy đang được địa phương quan tâm."],
        "image": "instrument",
    },
    {
        "slug": "dan-chapi-raglai", "title": "Đàn chapi của người Raglai", "title_en": "The Raglai chapi zither",
        "summary": "Cây đàn ống tre có dây, nhỏ gọn, gắn bó với đời sống thường ngày của người Raglai.",
        "summary_en": "A small bamboo tube zither, close to everyday Raglai life.",
        "groups": ["raglai"], "place": "khanh_son", "subjects": ["nhac-cu-truyen-thong"],
        "kind": "instrument", "materials": "Ống tre, dây",
        "body": ["Đàn chapi thường được chơi một mình, đệm cho lời hát hoặc để tự tiêu khiển."],
        "image": "instrument",
    },
    {
        "slug": "chieng-ba-nguoi-hre", "title": "Chiêng ba của người Hrê", "title_en": "The three-gong set of the Hrê",
        "summary": "Bộ chiêng ba chiếc của người Hrê, không thể thiếu trong lễ ăn trâu, lễ mừng lúa mới "
        "và các sinh hoạt cộng đồng.",
        "summary_en": "The Hrê set of three gongs, essential to the buffalo-offering rite, the new-rice rite "
        "and communal gatherings.",
        "groups": ["hre"], "place": "son_ha", "subjects": ["am-nhac-cong-chieng", "nhac-cu-truyen-thong"],
        "kind": "instrument", "materials": "Đồng",
        "body": ["Chiêng được xem là tài sản quý của gia đình và được giữ gìn qua nhiều thế hệ."],
        "image": "gongs",
    },
    {
        "slug": "det-tho-cam-lang-teng", "title": "Dệt thổ cẩm làng Teng", "title_en": "Làng Teng brocade weaving",
        "summary": "Nghề dệt thổ cẩm truyền thống của phụ nữ Hrê ở làng Teng (Ba Tơ), với khung dệt thủ "
        "công và hoa văn đặc trưng.",
        "summary_en": "The traditional brocade weaving of Hrê women in Làng Teng (Ba Tơ), on hand looms "
        "with distinctive patterns.",
        "groups": ["hre"], "place": "lang_teng", "subjects": ["det-tho-cam", "nghe-thu-cong", "trang-phuc"],
        "kind": "textile", "materials": "Sợi bông, thuốc nhuộm", "technique": "Dệt trên khung dệt thủ công",
        "makers": "Phụ nữ Hrê làng Teng",
        "body": ["Sản phẩm gồm váy, khố, khăn và các mặt hàng lưu niệm."],
        "image": "brocade", "featured": True,
    },
    {
        "slug": "tho-cam-co-tu-zara", "title": "Thổ cẩm dệt hạt cườm của người Cơ Tu",
        "title_en": "Cơ Tu brocade woven with beads",
        "summary": "Thổ cẩm Cơ Tu nổi bật với kỹ thuật đính hạt cườm vào khi dệt; làng Zara ở Đông Giang "
        "là một điểm nghề được biết đến.",
        "summary_en": "Cơ Tu brocade stands out for beads woven into the cloth; Zara village in Đông Giang is "
        "a known weaving place.",
        "groups": ["co-tu"], "place": "zara", "subjects": ["det-tho-cam", "nghe-thu-cong", "trang-phuc"],
        "kind": "textile", "materials": "Sợi bông, hạt cườm", "technique": "Dệt khung tựa lưng, đính hạt cườm trong khi dệt",
        "makers": "Phụ nữ Cơ Tu làng Zara",
        "body": ["Hoa văn trên thổ cẩm Cơ Tu lấy cảm hứng từ thiên nhiên và đời sống của làng."],
        "image": "brocade",
    },
    {
        "slug": "ruou-ta-vat-co-tu", "title": "Rượu tà vạt của người Cơ Tu", "title_en": "Tà vạt palm wine of the Cơ Tu",
        "summary": "Thức uống lấy từ nhựa cây tà vạt, dùng để đãi khách và trong các dịp lễ của người Cơ Tu.",
        "summary_en": "A drink made from the sap of the tà vạt palm, offered to guests and at Cơ Tu festivities.",
        "groups": ["co-tu"], "place": "tay_giang", "subjects": ["am-thuc"],
        "kind": "food", "materials": "Nhựa cây tà vạt",
        "body": ["Rượu tà vạt là biểu tượng của lòng hiếu khách trong làng Cơ Tu."],
        "image": "forest",
    },
    {
        "slug": "gui-nguoi-co-tu", "title": "Gùi của người Cơ Tu", "title_en": "Cơ Tu back baskets",
        "summary": "Những chiếc gùi đan bằng mây, tre dùng trong lao động và sinh hoạt, với nhiều kiểu dáng "
        "theo công dụng.",
        "summary_en": "Rattan and bamboo back baskets for work and daily life, in shapes that follow their use.",
        "groups": ["co-tu"], "place": "dong_giang", "subjects": ["nghe-thu-cong"],
        "kind": "craft", "materials": "Mây, tre, nứa", "technique": "Đan thủ công",
        "body": ["Nghề đan lát do nam giới đảm nhận là chính."],
        "image": "basket",
    },
    {
        "slug": "dan-lat-nguoi-co", "title": "Đan lát của người Co", "title_en": "Basketry of the Co",
        "summary": "Các sản phẩm đan lát của người Co như gùi, mủng, nia phục vụ đời sống hằng ngày.",
        "summary_en": "Co basketry – back baskets, trays and winnowing baskets – for daily life.",
        "groups": ["co"], "place": "tra_bong", "subjects": ["nghe-thu-cong"],
        "kind": "craft", "materials": "Mây, tre", "technique": "Đan thủ công",
        "body": ["Người già trong làng vẫn truyền dạy kỹ thuật đan cho thanh niên."],
        "image": "basket",
    },
    {
        "slug": "ruou-can-e-de", "title": "Rượu cần của người Ê Đê", "title_en": "Ede jar wine",
        "summary": "Rượu ủ trong ché, uống bằng cần trúc, không thể thiếu trong lễ hội và khi đón khách.",
        "summary_en": "Wine brewed in jars and drunk through bamboo straws, essential at festivals and for guests.",
        "groups": ["e-de"], "place": "khanh_vinh", "subjects": ["am-thuc"],
        "kind": "food", "materials": "Gạo hoặc bắp, men lá", "technique": "Ủ men trong ché",
        "body": ["Men rượu được làm từ các loại lá, rễ theo bí quyết của từng gia đình."],
        "image": "jar",
    },
    {
        "slug": "trang-phuc-nguoi-co", "title": "Trang phục truyền thống của người Co",
        "title_en": "Traditional dress of the Co",
        "summary": "Trang phục của người Co gồm váy, áo, khố và khăn với các dải hoa văn, nay chủ yếu mặc "
        "trong lễ hội.",
        "summary_en": "Co dress – skirts, blouses, loincloths and scarves with patterned bands – now worn "
        "mostly at festivals.",
        "groups": ["co"], "place": "tay_tra", "subjects": ["trang-phuc", "det-tho-cam"],
        "kind": "textile", "materials": "Vải, sợi màu",
        "body": ["Hoa văn được sắp xếp thành dải trên nền vải sẫm màu."],
        "image": "brocade",
    },
    {
        "slug": "cay-thuoc-nguoi-hre", "title": "Cây thuốc dân gian của người Hrê",
        "title_en": "Hrê folk medicinal plants",
        "summary": "Ghi chép nội bộ về tri thức dùng cây thuốc của người Hrê, chờ sự đồng ý của các thầy "
        "thuốc trước khi công bố.",
        "summary_en": "Internal notes on Hrê knowledge of medicinal plants, awaiting the healers' consent "
        "before publication.",
        "groups": ["hre"], "place": "son_ha", "subjects": ["duoc-lieu"],
        "kind": "medicinal", "access": "staff", "licence": "all-rights-reserved",
        "body": ["Hồ sơ nội bộ: chỉ cán bộ biên tập được xem."],
    },
    {
        "slug": "ghi-chep-dien-da-sam-ngoc-linh", "title": "Ghi chép điền dã về vùng trồng sâm Ngọc Linh",
        "title_en": "Field notes on the Ngọc Linh ginseng area",
        "summary": "Ghi chép nội bộ phục vụ biên soạn, chưa công bố.",
        "summary_en": "Internal notes for editing, not yet published.",
        "groups": ["xo-dang"], "place": "nam_tra_my", "subjects": ["duoc-lieu", "rung-va-dat-dai"],
        "kind": "medicinal", "access": "staff", "licence": "all-rights-reserved",
        "body": ["Hồ sơ nội bộ: chỉ cán bộ biên tập được xem."],
    },
]

COLLECTIONS = [
    {
        "slug": "le-an-trau-cac-dan-toc-truong-son",
        "title": "Lễ ăn trâu của các dân tộc dọc Trường Sơn",
        "title_en": "Buffalo offerings of the Trường Sơn peoples",
        "summary": "Lễ hiến sinh trâu của người Hrê, Co, Cơ Tu, Xơ Đăng và Giẻ Triêng: những nét chung và riêng.",
        "records": ["le-an-trau-nguoi-hre-son-ha", "le-hoi-dam-trau-nguoi-co-tu", "le-an-trau-nguoi-co-tra-bong",
                    "le-an-trau-nguoi-ca-dong", "le-hoi-dam-trau-nguoi-gie-trieng"],
        "image": "buffalo",
    },
    {
        "slug": "nhac-cu-va-cong-chieng",
        "title": "Nhạc cụ và cồng chiêng",
        "title_en": "Instruments and gongs",
        "summary": "Khèn bầu, đàn đá, đàn chapi, chiêng ba và mã la: âm thanh của các cộng đồng miền núi.",
        "records": ["khen-bau-raglai", "dan-da-khanh-son", "dan-chapi-raglai", "chieng-ba-nguoi-hre",
                    "ma-la-raglai"],
        "image": "instrument",
    },
    {
        "slug": "san-vat-vung-cao-quang-ngai-quang-nam",
        "title": "Sản vật vùng cao Quảng Ngãi – Quảng Nam",
        "title_en": "Highland products of Quảng Ngãi and Quảng Nam",
        "summary": "Quế, sâm, thổ cẩm và đồ đan lát của các dân tộc thiểu số hai tỉnh.",
        "records": ["que-tra-bong", "que-tra-my", "sam-ngoc-linh", "det-tho-cam-lang-teng", "tho-cam-co-tu-zara"],
        "image": "cinnamon",
    },
    {
        "slug": "van-hoa-co-tu",
        "title": "Văn hoá Cơ Tu",
        "title_en": "Cơ Tu culture",
        "summary": "Nhà gươl, điệu múa, thổ cẩm, đồ đan và những tập tục của người Cơ Tu ở miền tây Quảng Nam.",
        "records": ["nha-guol-nguoi-co-tu", "mua-tung-tung-da-da", "tang-le-nguoi-co-tu", "tho-cam-co-tu-zara",
                    "ruou-ta-vat-co-tu", "gui-nguoi-co-tu"],
        "image": "village",
    },
]
