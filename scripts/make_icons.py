"""Draw the site's icons (favicon, touch and web-app icons) with Pillow.

The motif is the header's diamond (◆) as a brocade lozenge: nested diamonds, cream on
the site's red. heritage/static/heritage/icons/icon.svg is the same drawing for browsers
that take SVG icons. Run from the project root: `.venv/bin/python scripts/make_icons.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw

RED = (138, 45, 28)
CREAM = (251, 248, 243)
ICONS = Path(__file__).resolve().parent.parent / "heritage" / "static" / "heritage" / "icons"
SCALE = 4  # drawn large, then reduced, for smooth edges


def diamond(draw, centre, radius, colour):
    x, y = centre
    draw.polygon([(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)], fill=colour)


def motif(size, rounded=True, padding=0.0):
    """The icon at `size` pixels: with rounded corners, or square for platforms that round
    or crop it themselves; `padding` keeps the motif inside a maskable icon's safe zone."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=round(big * 0.18), fill=RED)
    else:
        draw.rectangle([0, 0, big, big], fill=RED)
    centre = (big / 2, big / 2)
    unit = big * (1 - 2 * padding) / 2
    diamond(draw, centre, unit * 0.78, CREAM)
    diamond(draw, centre, unit * 0.52, RED)
    diamond(draw, centre, unit * 0.26, CREAM)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    motif(192).save(ICONS / "icon-192.png", optimize=True)
    motif(512).save(ICONS / "icon-512.png", optimize=True)
    motif(512, rounded=False, padding=0.1).save(ICONS / "icon-maskable-512.png", optimize=True)
    motif(180, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    motif(64).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    for path in sorted(ICONS.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
