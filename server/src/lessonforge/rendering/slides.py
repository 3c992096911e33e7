"""One 1280x720 PNG slide per step: the scene title and the step's lines, wrapped by words (balanced, so no
line ends a paragraph alone with one word), the line being narrated highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1280, 720
MARGIN = 80
BACKGROUND = (22, 33, 62)
TEXT = (240, 244, 250)
MUTED = (150, 164, 190)
ACCENTS = {"title": (46, 196, 182), "recap": (255, 186, 73)}
DEFAULT_ACCENT = (90, 156, 255)
# DejaVu (fonts-dejavu-core) covers Latin, Greek and Cyrillic; Noto CJK, when installed, covers the rest.
FONT_FILES = {
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ),
}
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def font(size: int, *, bold: bool = False) -> Font:
    """A TrueType font at ``size`` px: DejaVu when installed, else Pillow's built-in font."""
    for path in FONT_FILES[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


HIGHLIGHT_TEXT = (16, 24, 44)


def draw_slide(
    path: Path,
    kind: str,
    title: str,
    lines: Sequence[str],
    position: tuple[int, int],
    highlight: int | None = None,
) -> None:
    """Draw one slide to ``path`` (PNG). ``position`` is (1-based scene number, scene count); ``highlight`` is
    the index of the line being narrated."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    accent = ACCENTS.get(kind, DEFAULT_ACCENT)
    draw.rectangle((0, 0, WIDTH, 12), fill=accent)
    if kind == "title":
        _centered(draw, title, lines)
    else:
        _listing(draw, title, lines, accent, highlight)
    footer = font(22)
    label = f"{position[0]} / {position[1]}"
    draw.text((WIDTH - MARGIN - draw.textlength(label, font=footer), HEIGHT - 50), label, font=footer, fill=MUTED)
    image.save(path, format="PNG", compress_level=1)


def _centered(draw: ImageDraw.ImageDraw, title: str, lines: Sequence[str]) -> None:
    big, small = font(64, bold=True), font(34)
    rows = [(row, big, TEXT) for row in wrap(title, big, WIDTH - 2 * MARGIN)[:3]]
    rows += [(row, small, MUTED) for line in lines[1:] for row in wrap(line, small, WIDTH - 2 * MARGIN)][:5]
    heights = [_line_height(f) for _, f, _ in rows]
    y = (HEIGHT - sum(heights)) // 2
    for (row, face, colour), height in zip(rows, heights, strict=True):
        draw.text(((WIDTH - draw.textlength(row, font=face)) / 2, y), row, font=face, fill=colour)
        y += height


def _listing(
    draw: ImageDraw.ImageDraw,
    title: str,
    lines: Sequence[str],
    accent: tuple[int, int, int],
    highlight: int | None,
) -> None:
    heading, body = font(50, bold=True), font(34)
    y = 60
    for row in wrap(title, heading, WIDTH - 2 * MARGIN)[:2]:
        draw.text((MARGIN, y), row, font=heading, fill=TEXT)
        y += _line_height(heading)
    draw.rectangle((MARGIN, y + 8, MARGIN + 120, y + 14), fill=accent)
    y += 44
    limit, step = HEIGHT - 70, _line_height(body)
    rows = [(index, row) for index, line in enumerate(lines) for row in wrap(line, body, WIDTH - 2 * MARGIN - 32)]
    for number, (index, row) in enumerate(rows):
        if y + 2 * step > limit and number < len(rows) - 1:
            draw.text((MARGIN, y), "…", font=body, fill=MUTED)
            break
        colour = TEXT
        if index == highlight:
            draw.rounded_rectangle((MARGIN - 16, y - 6, WIDTH - MARGIN + 16, y + step - 4), radius=10, fill=accent)
            colour = HIGHLIGHT_TEXT
        draw.text((MARGIN, y), row, font=body, fill=colour)
        y += step + (10 if number + 1 < len(rows) and rows[number + 1][0] != index else 0)


def _line_height(face: Font) -> int:
    size = getattr(face, "size", 16)
    return int(size * 1.35)


def wrap(text: str, face: Font, width: int) -> list[str]:
    """``text`` as lines no wider than ``width``, by words (characters, for scripts without spaces), balanced:
    a paragraph keeps as few lines as it needs, each as even as possible, so none ends with one word alone."""
    rows: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = _words(paragraph, face, width)
        needed = len(_greedy(words, face, width))
        low, high = 1, width
        while low < high:  # the narrowest width that still needs no more lines
            middle = (low + high) // 2
            if len(_greedy(words, face, middle)) <= needed:
                high = middle
            else:
                low = middle + 1
        rows += _no_orphan(_greedy(words, face, low), face, width)
    return [row for row in rows if row.strip()]


def _greedy(words: Sequence[str], face: Font, width: int) -> list[str]:
    rows: list[str] = []
    current = ""
    for word in words:
        joined = f"{current} {word}" if current else word
        if current and face.getlength(joined) > width:
            rows.append(current)
            joined = word
        current = joined
    return [*rows, current]


def _no_orphan(rows: list[str], face: Font, width: int) -> list[str]:
    """Move a word down when the last line is a single word and the line above can spare one."""
    if len(rows) < 2 or " " in rows[-1] or " " not in rows[-2]:
        return rows
    head, moved = rows[-2].rsplit(" ", 1)
    if face.getlength(f"{moved} {rows[-1]}") > width:
        return rows
    return [*rows[:-2], head, f"{moved} {rows[-1]}"]


def _words(paragraph: str, face: Font, width: int) -> list[str]:
    """The paragraph's words; a word wider than a line is cut into pieces that fit."""
    words: list[str] = []
    for word in paragraph.split():
        piece = ""
        for char in word:
            if piece and face.getlength(piece + char) > width:
                words.append(piece)
                piece = ""
            piece += char
        words.append(piece)
    return words
