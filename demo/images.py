"""Illustrations for the demo collection, drawn with Pillow.

They are abstract motifs (a brocade pattern, gongs, a ritual pole), not documentary
photographs, and their credit line says so.
"""

import io
import math
import random

from PIL import Image, ImageDraw

SIZE = (1200, 800)
CREDIT = "Hình minh hoạ do hệ thống tạo tự động (Pillow), không phải ảnh tư liệu"
CREATOR = "Bộ nạp dữ liệu mẫu (tạo tự động)"
SOURCE = "Dữ liệu mẫu của thư viện, không phải tư liệu điền dã"


def _sky_and_hills(draw, top, bottom, hill_colours, rng):
    width, height = SIZE
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for layer, colour in enumerate(hill_colours):
        base = height * (0.45 + 0.15 * layer)
        points = [(0, height)]
        phase = rng.uniform(0, math.tau)
        for x in range(0, width + 20, 20):
            y = base + 50 * math.sin(x / (180 + 60 * layer) + phase) + 25 * math.sin(x / 70 + phase * 2)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)


def _brocade(draw, rng):
    palette = [(20, 20, 24), (178, 34, 34), (240, 230, 210), (218, 165, 32), (30, 90, 140)]
    draw.rectangle([0, 0, *SIZE], fill=palette[0])
    for band, y in enumerate(range(0, SIZE[1], 80)):
        colour = palette[1 + band % 4]
        for x in range(0, SIZE[0], 80):
            cx, cy = x + 40, y + 40
            draw.polygon([(cx, cy - 32), (cx + 32, cy), (cx, cy + 32), (cx - 32, cy)], outline=colour, width=6)
            draw.polygon([(cx, cy - 12), (cx + 12, cy), (cx, cy + 12), (cx - 12, cy)], fill=palette[2])


def _gongs(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(40, 24, 16))
    for index in range(5):
        cx, cy, radius = 160 + index * 220, 400 + rng.randint(-60, 60), rng.randint(90, 120)
        for ring in range(radius, 0, -14):
            shade = 150 + (radius - ring)
            draw.ellipse([cx - ring, cy - ring, cx + ring, cy + ring], outline=(shade, int(shade * 0.75), 40), width=5)
        draw.ellipse([cx - 18, cy - 18, cx + 18, cy + 18], fill=(230, 190, 90))


def _pole_and_buffalo(draw, rng):
    _sky_and_hills(draw, (250, 214, 160), (236, 150, 90), [(90, 110, 70), (60, 80, 50)], rng)
    draw.rectangle([580, 120, 610, 640], fill=(120, 70, 30))
    for y in range(150, 420, 45):
        draw.polygon([(595, y), (700, y + 25), (595, y + 35)], fill=(178, 34, 34))
        draw.polygon([(595, y + 10), (490, y + 35), (595, y + 45)], fill=(240, 230, 210))
    draw.ellipse([330, 540, 560, 660], fill=(50, 45, 45))
    draw.ellipse([520, 520, 600, 590], fill=(50, 45, 45))
    draw.arc([500, 480, 620, 560], 200, 340, fill=(230, 220, 200), width=8)


def _field(draw, rng):
    _sky_and_hills(draw, (180, 215, 240), (240, 240, 220), [(120, 150, 80)], rng)
    for y in range(520, SIZE[1], 18):
        draw.line([(0, y), (SIZE[0], y + rng.randint(-10, 10))], fill=(214, 170, 50), width=10)


def _stripes(draw, rng, colours):
    for x in range(0, SIZE[0], 24):
        draw.rectangle([x, 0, x + 24, SIZE[1]], fill=rng.choice(colours))
    for _ in range(60):
        x, y = rng.randint(0, SIZE[0]), rng.randint(0, SIZE[1])
        draw.line([(x, y), (x + rng.randint(-20, 20), y + 120)], fill=(70, 40, 20), width=3)


def _forest(draw, rng):
    _sky_and_hills(draw, (200, 225, 215), (230, 240, 230), [(70, 120, 80), (40, 90, 60), (25, 60, 40)], rng)
    for _ in range(70):
        x, y = rng.randint(0, SIZE[0]), rng.randint(420, 780)
        draw.polygon([(x, y - 70), (x + 25, y), (x - 25, y)], fill=(20, 70 + rng.randint(0, 40), 35))


def _instrument(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(236, 226, 205))
    draw.ellipse([420, 380, 700, 660], fill=(196, 140, 60), outline=(120, 80, 30), width=6)
    for index in range(6):
        x = 470 + index * 32
        draw.rectangle([x, 120 + index * 12, x + 16, 470], fill=(170, 150, 90), outline=(110, 90, 50))


def _village(draw, rng):
    _sky_and_hills(draw, (190, 220, 245), (245, 235, 210), [(100, 130, 80)], rng)
    draw.polygon([(600, 130), (820, 480), (380, 480)], fill=(110, 80, 50))
    draw.rectangle([430, 480, 770, 620], fill=(150, 110, 70))
    for x in range(450, 760, 40):
        draw.rectangle([x, 620, x + 12, 690], fill=(90, 60, 35))


def _water(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(40, 100, 140))
    for y in range(40, SIZE[1], 40):
        points = [(x, y + 12 * math.sin(x / 40 + y)) for x in range(0, SIZE[0] + 10, 10)]
        draw.line(points, fill=(160, 210, 230), width=4)


def _basket(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(200, 160, 100))
    for x in range(0, SIZE[0], 30):
        draw.line([(x, 0), (x, SIZE[1])], fill=(150, 110, 60), width=10)
    for y in range(0, SIZE[1], 30):
        offset = 15 if (y // 30) % 2 else 0
        for x in range(offset, SIZE[0], 60):
            draw.rectangle([x, y, x + 30, y + 14], fill=(225, 190, 130))


def _jar(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(60, 40, 30))
    draw.ellipse([420, 260, 780, 720], fill=(120, 70, 40), outline=(200, 160, 90), width=8)
    draw.rectangle([540, 190, 660, 290], fill=(110, 65, 38))
    draw.line([(600, 200), (720, 40)], fill=(210, 190, 120), width=10)


MOTIFS = {
    "buffalo": ("Cây nêu và trâu trong lễ hội (hình minh hoạ)", _pole_and_buffalo),
    "rice": ("Nương lúa chín (hình minh hoạ)", _field),
    "gongs": ("Cồng chiêng (hình minh hoạ)", _gongs),
    "brocade": ("Hoa văn thổ cẩm (hình minh hoạ)", _brocade),
    "cinnamon": ("Vỏ quế (hình minh hoạ)", lambda d, r: _stripes(d, r, [(140, 80, 40), (160, 95, 50), (120, 65, 30)])),
    "forest": ("Rừng núi cao (hình minh hoạ)", _forest),
    "instrument": ("Nhạc cụ truyền thống (hình minh hoạ)", _instrument),
    "village": ("Nhà chung của làng (hình minh hoạ)", _village),
    "water": ("Bến nước (hình minh hoạ)", _water),
    "basket": ("Hoa văn đan lát (hình minh hoạ)", _basket),
    "jar": ("Ché rượu cần (hình minh hoạ)", _jar),
}


def render_motif(key, seed=0):
    """Return (title, JPEG bytes) of the named illustration."""
    title, painter = MOTIFS[key]
    rng = random.Random(f"{key}-{seed}")
    image = Image.new("RGB", SIZE)
    painter(ImageDraw.Draw(image), rng)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return title, buffer.getvalue()
