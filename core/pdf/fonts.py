"""Finding the open-licence CJK font the PDFs embed.

Noto CJK ships as TrueType Collections holding JP, KR, SC, TC and HK faces; the index picks the
Simplified-Chinese one (index 2 in both Sans and Serif collections of `fonts-noto-cjk`), so the
glyph shapes are the mainland ones an official document uses.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Where Debian's fonts-noto-cjk puts them; the Serif face first (official documents are set in
# a Song/Ming style), Sans as the fallback the package also installs.
SEARCH_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
FACES = ("NotoSerifCJK", "NotoSansCJK")
SC_INDEX = 2
PACKAGE = "fonts-noto-cjk"


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class CJKFont:
    family: str
    regular: Path
    bold: Path | None
    index: int = SC_INDEX


@lru_cache(maxsize=1)
def cjk_font() -> CJKFont:
    for face in FACES:
        for folder in SEARCH_DIRS:
            regular = folder / f"{face}-Regular.ttc"
            if regular.exists():
                bold = folder / f"{face}-Bold.ttc"
                return CJKFont(family=face, regular=regular, bold=bold if bold.exists() else None)
    raise FontMissing(
        f"No CJK font for PDFs: install the Debian package {PACKAGE} "
        f"(looked for {', '.join(f + '-Regular.ttc' for f in FACES)} in "
        f"{', '.join(str(d) for d in SEARCH_DIRS)})."
    )
