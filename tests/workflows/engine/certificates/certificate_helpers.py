"""A certificate issued by the sample accreditation flow's approval (tenure_helpers), and what
reads it back: its verification address from the PDF's text, and the QR code decoded from the
rendered page (poppler's pdftoppm draws it; the modules are read from the pixels)."""

import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from core.pdf import pdf_text
from workflows.engine.certificates.files import ensure_file
from workflows.engine.certificates.models import Certificate

URL_IN_TEXT = re.compile(r"扫码或访问以下网址查验：(\S+?/verify/[A-Za-z0-9_-]+/)")


def certificate_of(item) -> Certificate:
    return Certificate.objects.select_related("tenure", "item").get(item=item)


def pdf_of(certificate) -> bytes:
    """Its PDF, rendered now as the task after the approval would."""
    with ensure_file(certificate).file.open("rb") as handle:
        return handle.read()


def url_in_text(data: bytes) -> str:
    match = URL_IN_TEXT.search(pdf_text(data))
    assert match, "the PDF writes its verification address under the QR code"
    return match.group(1)


def code_in(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def page_image(data: bytes, dpi: int = 200) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "c.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(source), str(Path(folder) / "p")],
                       check=True)
        return Image.open(Path(folder) / "p.png").convert("RGB").copy()


def qr_modules(image: Image.Image) -> list[list[bool]]:
    """The QR symbol's modules read from the page: the bounding box of the black pixels (the red
    frame is not black), the module size from the top-left finder pattern (7 modules wide), and
    each module's centre sampled."""
    width, height = image.size
    pixels = image.load()

    def black(x, y):
        red, green, blue = pixels[x, y]
        return red < 90 and green < 90 and blue < 90

    # The QR is the only black drawing in the page's lower-left part.
    xs, ys = [], []
    for y in range(height * 7 // 10, height):
        for x in range(0, width // 2):
            if black(x, y):
                xs.append(x)
                ys.append(y)
    left, right, top = min(xs), max(xs), min(ys)
    run = 0
    while black(left + run, top + 1):
        run += 1
    module = run / 7
    count = round((right - left + 1) / module)
    return [[black(int(left + (col + 0.5) * module), int(top + (row + 0.5) * module)) for col in range(count)]
            for row in range(count)]
