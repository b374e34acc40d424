"""Reference data loaded by data migrations: provinces, the 54 ethnic groups,
subject headings and licences.

Provinces are the 63 units with official GSO codes in force until the July 2025 reform.
Ethnic-group populations are from the 2019 Population and Housing Census (General
Statistics Office). Alternative names and local groups follow the official list of
ethnic-group names and common usage in the literature.
"""

PROVINCES = [
    ("01", "Hà Nội", "Hà Nội"), ("02", "Hà Giang", "Hà Giang"), ("04", "Cao Bằng", "Cao Bằng"),
    ("06", "Bắc Kạn", "Bắc Kạn"), ("08", "Tuyên Quang", "Tuyên Quang"), ("10", "Lào Cai", "Lào Cai"),
    ("11", "Điện Biên", "Điện Biên"), ("12", "Lai Châu", "Lai Châu"), ("14", "Sơn La", "Sơn La"),
    ("15", "Yên Bái", "Yên Bái"), ("17", "Hoà Bình", "Hoà Bình"), ("19", "Thái Nguyên", "Thái Nguyên"),
    ("20", "Lạng Sơn", "Lạng Sơn"), ("22", "Quảng Ninh", "Quảng Ninh"), ("24", "Bắc Giang", "Bắc Giang"),
    ("25", "Phú Thọ", "Phú Thọ"), ("26", "Vĩnh Phúc", "Vĩnh Phúc"), ("27", "Bắc Ninh", "Bắc Ninh"),
    ("30", "Hải Dương", "Hải Dương"), ("31", "Hải Phòng", "Hải Phòng"), ("33", "Hưng Yên", "Hưng Yên"),
    ("34", "Thái Bình", "Thái Bình"), ("35", "Hà Nam", "Hà Nam"), ("36", "Nam Định", "Nam Định"),
    ("37", "Ninh Bình", "Ninh Bình"), ("38", "Thanh Hoá", "Thanh Hoá"), ("40", "Nghệ An", "Nghệ An"),
    ("42", "Hà Tĩnh", "Hà Tĩnh"), ("44", "Quảng Bình", "Quảng Bình"), ("45", "Quảng Trị", "Quảng Trị"),
    ("46", "Thừa Thiên Huế", "Thừa Thiên Huế"), ("48", "Đà Nẵng", "Đà Nẵng"),
    ("49", "Quảng Nam", "Quảng Nam"), ("51", "Quảng Ngãi", "Quảng Ngãi"), ("52", "Bình Định", "Bình Định"),
    ("54", "Phú Yên", "Phú Yên"), ("56", "Khánh Hoà", "Khánh Hoà"), ("58", "Ninh Thuận", "Ninh Thuận"),
    ("60", "Bình Thuận", "Bình Thuận"), ("62", "Kon Tum", "Kon Tum"), ("64", "Gia Lai", "Gia Lai"),
    ("66", "Đắk Lắk", "Đắk Lắk"), ("67", "Đắk Nông", "Đắk Nông"), ("68", "Lâm Đồng", "Lâm Đồng"),
    ("70", "Bình Phước", "Bình Phước"), ("72", "Tây Ninh", "Tây Ninh"), ("74", "Bình Dương", "Bình Dương"),
    ("75", "Đồng Nai", "Đồng Nai"), ("77", "Bà Rịa – Vũng Tàu", "Bà Rịa – Vũng Tàu"),
    ("79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City"), ("80", "Long An", "Long An"),
    ("82", "Tiền Giang", "Tiền Giang"), ("83", "Bến Tre", "Bến Tre"), ("84", "Trà Vinh", "Trà Vinh"),
    ("86", "Vĩnh Long", "Vĩnh Long"), ("87", "Đồng Tháp", "Đồng Tháp"), ("89", "An Giang", "An Giang"),
    ("91", "Kiên Giang", "Kiên Giang"), ("92", "Cần Thơ", "Cần Thơ"), ("93", "Hậu Giang", "Hậu Giang"),
    ("94", "Sóc Trăng", "Sóc Trăng"), ("95", "Bạc Liêu", "Bạc Liêu"), ("96", "Cà Mau", "Cà Mau"),
]

VM, MK = "Việt – Mường", "Môn – Khmer"
TT, KD = "Tày – Thái", "Ka Đai"
HD, ML = "Hmông – Dao", "Mã Lai – Đa Đảo"
HAN, TM = "Hán", "Tạng – Miến"
AA, TK, HM, AN, ST = "austroasiatic", "tai_kadai", "hmong_mien", "austronesian", "sino_tibetan"
A, L, S = "alternative", "local_group", "autonym"

# (name, English name, slug, family, branch, population 2019, main province codes, other names)
ETHNIC_GROUPS = [
    ("Kinh", "Kinh (Viet)", "kinh", AA, VM, 82085826, [], [("Việt", A)]),
    ("Tày", "Tày", "tay", TK, TT, 1845492, ["04", "20", "02", "06", "08"], [("Pa Dí", L), ("Thu Lao", L)]),
    ("Thái", "Thái", "thai", TK, TT, 1820950, ["14", "11", "40", "38", "12"], [("Thái Đen", L), ("Thái Trắng", L)]),
    ("Mường", "Mường", "muong", AA, VM, 1452095, ["17", "38", "25"], [("Mol", S), ("Mual", S)]),
    ("Hoa", "Hoa (Chinese)", "hoa", ST, HAN, 749466, ["79"], [("Hán", A)]),
    ("Khmer", "Khmer", "khmer", AA, MK, 1319652, ["94", "84", "91", "89"], [("Khơ-me", A), ("Khmer Krom", A)]),
    ("Nùng", "Nùng", "nung", TK, TT, 1083298, ["20", "04", "24"], []),
    ("Mông", "Mông (Hmong)", "mong", HM, HD, 1393547, ["02", "14", "11", "10"], [("Hmông", S), ("H'Mông", A)]),
    ("Dao", "Dao (Yao)", "dao", HM, HD, 891151, ["02", "08", "10", "15"], [("Kìm Miền", S), ("Kìm Mùn", S), ("Dao Đỏ", L)]),
    ("Gia Rai", "Gia Rai (Jarai)", "gia-rai", AN, ML, 513930, ["64", "62"], [("Jrai", S), ("Jarai", A)]),
    ("Ê Đê", "Ê Đê (Rhade)", "e-de", AN, ML, 398671, ["66", "54", "56"], [("Anăk Ê Đê", S), ("Rađê", A), ("Rhade", A)]),
    ("Ba Na", "Ba Na (Bahnar)", "ba-na", AA, MK, 286910, ["64", "62", "52"], [("Bahnar", A), ("Giơ Lâng", L), ("Rơ Ngao", L)]),
    ("Xơ Đăng", "Xơ Đăng (Sedang)", "xo-dang", AA, MK, 212277, ["62", "51", "49"],
     [("Xơ Teng", L), ("Tơ Đrá", L), ("Mơ Nâm", L), ("Ca Dong", L), ("Hđang", A), ("Sedang", A)]),
    ("Sán Chay", "Sán Chay", "san-chay", TK, TT, 201398, ["08", "19", "24"], [("Cao Lan", L), ("Sán Chỉ", L)]),
    ("Cơ Ho", "Cơ Ho (Koho)", "co-ho", AA, MK, 200800, ["68", "56", "58"],
     [("K'Ho", A), ("Xrê", L), ("Nốp", L), ("Cơ Don", L), ("Chil", L), ("Lạch", L), ("T'rin", L)]),
    ("Chăm", "Chăm", "cham", AN, ML, 178948, ["58", "60", "89"], [("Chàm", A), ("Hroi", L)]),
    ("Sán Dìu", "Sán Dìu", "san-diu", ST, HAN, 183004, ["19", "26", "24", "22"], [("Sán Déo", A)]),
    ("Hrê", "Hrê", "hre", AA, MK, 149460, ["51", "52"], [("Chăm Rê", A), ("Chom", A), ("Luỹ", A), ("H're", A)]),
    ("Raglai", "Raglai", "raglai", AN, ML, 146613, ["58", "56"], [("Ra Glai", A), ("Ra Clây", A), ("Rai", A)]),
    ("Mnông", "Mnông", "mnong", AA, MK, 127334, ["67", "66"], [("M'Nông", A), ("Pnông", L)]),
    ("Xtiêng", "Xtiêng (Stieng)", "xtieng", AA, MK, 100752, ["70"], [("X'Tiêng", A), ("Xa Điêng", A), ("Stiêng", A)]),
    ("Bru - Vân Kiều", "Bru - Vân Kiều", "bru-van-kieu", AA, MK, 94598, ["45", "44"],
     [("Bru", S), ("Vân Kiều", A), ("Măng Coong", L), ("Tri", L), ("Khùa", L)]),
    ("Thổ", "Thổ", "tho", AA, VM, 91430, ["40", "38"], [("Kẹo", L), ("Mọn", L), ("Cuối", L)]),
    ("Khơ Mú", "Khơ Mú (Khmu)", "kho-mu", AA, MK, 90612, ["40", "14", "11"], [("Kmụ", S), ("Xá Cẩu", A)]),
    ("Cơ Tu", "Cơ Tu (Katu)", "co-tu", AA, MK, 74173, ["49", "46", "48"], [("Ca Tu", A), ("Katu", A)]),
    ("Giáy", "Giáy", "giay", TK, TT, 67858, ["10", "02", "12"], [("Nhắng", A), ("Dẩng", A)]),
    ("Giẻ Triêng", "Giẻ Triêng", "gie-trieng", AA, MK, 63322, ["62", "49"],
     [("Giẻ", L), ("Triêng", L), ("Ve", L), ("Bnoong", L), ("Tà Riềng", L)]),
    ("Tà Ôi", "Tà Ôi", "ta-oi", AA, MK, 52356, ["46", "45"], [("Pa Cô", L), ("Pa Hy", L), ("Tôi Ôi", A)]),
    ("Mạ", "Mạ", "ma", AA, MK, 50322, ["68", "75"], []),
    ("Co", "Co (Cor)", "co", AA, MK, 40442, ["51", "49"], [("Cor", A), ("Col", A), ("Cùa", A), ("Trầu", A)]),
    ("Chơ Ro", "Chơ Ro", "cho-ro", AA, MK, 29520, ["75", "77"], [("Đơ Ro", A), ("Châu Ro", A)]),
    ("Xinh Mun", "Xinh Mun", "xinh-mun", AA, MK, 29503, ["14", "11"], [("Puộc", A), ("Pụa", A)]),
    ("Hà Nhì", "Hà Nhì", "ha-nhi", ST, TM, 25539, ["12", "11", "10"], [("U Ni", A), ("Xá U Ni", A)]),
    ("Chu Ru", "Chu Ru", "chu-ru", AN, ML, 23242, ["68", "58"], [("Chơ Ru", A), ("Churu", A)]),
    ("Lào", "Lào", "lao", TK, TT, 17532, ["11", "12", "14"], [("Lào Bốc", L), ("Lào Nọi", L)]),
    ("Kháng", "Kháng", "khang", AA, MK, 16180, ["14", "11", "12"], []),
    ("La Chí", "La Chí", "la-chi", TK, KD, 15126, ["02"], []),
    ("Phù Lá", "Phù Lá", "phu-la", ST, TM, 12471, ["10", "02"], []),
    ("La Hủ", "La Hủ", "la-hu", ST, TM, 12113, ["12"], [("Khù Xung", A)]),
    ("La Ha", "La Ha", "la-ha", TK, KD, 10157, ["14"], []),
    ("Pà Thẻn", "Pà Thẻn", "pa-then", HM, HD, 8248, ["02", "08"], []),
    ("Chứt", "Chứt", "chut", AA, VM, 7513, ["44", "42"], [("Sách", L), ("Mày", L), ("Rục", L), ("Mã Liềng", L), ("A Rem", L)]),
    ("Lự", "Lự", "lu", TK, TT, 6757, ["12"], []),
    ("Lô Lô", "Lô Lô", "lo-lo", ST, TM, 4827, ["04", "02"], []),
    ("Mảng", "Mảng", "mang", AA, MK, 4650, ["12"], []),
    ("Cờ Lao", "Cờ Lao", "co-lao", TK, KD, 4003, ["02"], []),
    ("Bố Y", "Bố Y", "bo-y", TK, TT, 3232, ["10", "02"], [("Tu Dí", A), ("Chủng Chá", A)]),
    ("Cống", "Cống", "cong", ST, TM, 2729, ["12", "11"], []),
    ("Ngái", "Ngái", "ngai", ST, HAN, 1649, [], []),
    ("Si La", "Si La", "si-la", ST, TM, 909, ["12", "11"], []),
    ("Pu Péo", "Pu Péo", "pu-peo", TK, KD, 903, ["02"], []),
    ("Rơ Măm", "Rơ Măm", "ro-mam", AA, MK, 639, ["62"], []),
    ("Brâu", "Brâu", "brau", AA, MK, 525, ["62"], []),
    ("Ơ Đu", "Ơ Đu", "o-du", AA, MK, 428, ["40"], []),
]

SUBJECTS = [
    ("le-vong-doi", "Lễ vòng đời", "Life-cycle rites"),
    ("nong-nghiep-mua-vu", "Nông nghiệp và mùa vụ", "Farming and the harvest"),
    ("tin-nguong", "Tín ngưỡng", "Belief and worship"),
    ("am-nhac-cong-chieng", "Âm nhạc cồng chiêng", "Gong music"),
    ("nhac-cu-truyen-thong", "Nhạc cụ truyền thống", "Traditional musical instruments"),
    ("det-tho-cam", "Dệt thổ cẩm", "Brocade weaving"),
    ("nghe-thu-cong", "Nghề thủ công", "Handicrafts"),
    ("am-thuc", "Ẩm thực", "Food and drink"),
    ("duoc-lieu", "Dược liệu", "Medicinal plants"),
    ("kien-truc-truyen-thong", "Kiến trúc truyền thống", "Traditional architecture"),
    ("luat-tuc", "Luật tục", "Customary law"),
    ("le-hoi-cong-dong", "Lễ hội cộng đồng", "Community festivals"),
    ("dan-ca-dan-vu", "Dân ca, dân vũ", "Folk song and dance"),
    ("trang-phuc", "Trang phục truyền thống", "Traditional dress"),
    ("san-pham-ocop", "Sản phẩm OCOP", "OCOP products"),
    ("rung-va-dat-dai", "Rừng và đất đai", "Forest and land"),
]

# (code, name, English name, URL, allows reuse)
LICENCES = [
    ("cc-by-4.0", "CC BY 4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", True),
    ("cc-by-sa-4.0", "CC BY-SA 4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", True),
    ("cc-by-nc-4.0", "CC BY-NC 4.0", "CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/", True),
    ("cc0-1.0", "CC0 1.0 (phạm vi công cộng)", "CC0 1.0 (public domain)", "https://creativecommons.org/publicdomain/zero/1.0/", True),
    ("all-rights-reserved", "Bảo lưu mọi quyền", "All rights reserved", "", False),
    ("community-consent", "Sử dụng theo đồng thuận của cộng đồng", "Use with community consent", "", False),
]
