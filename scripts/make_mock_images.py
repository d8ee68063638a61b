"""Draw the images the mock's ``/image/…`` endpoints serve (run once; the files are committed).

    python -m venv /tmp/imgvenv && /tmp/imgvenv/bin/pip install pillow
    /tmp/imgvenv/bin/python scripts/make_mock_images.py

Pillow is not a dependency of statusdex: the images are data, drawn here in the same picture
for each format (a status badge: three bars and a dot), small enough to keep the wheel light.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/statusdex/mock/httpbin/data"
SIZE = (120, 80)


def draw() -> Image.Image:
    img = Image.new("RGB", SIZE, (245, 247, 250))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((4, 4, 115, 75), radius=10, outline=(40, 60, 90), width=3)
    for i, colour in enumerate([(46, 160, 67), (219, 154, 4), (207, 34, 46)]):
        d.rectangle((16 + i * 28, 52 - i * 12, 36 + i * 28, 64), fill=colour)
    d.ellipse((92, 14, 106, 28), fill=(40, 60, 90))
    return img


def main() -> None:
    img = draw()
    img.save(OUT / "image.png", optimize=True)
    img.save(OUT / "image.jpeg", quality=80)
    img.save(OUT / "image.webp", quality=80)


if __name__ == "__main__":
    main()
