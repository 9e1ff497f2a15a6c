"""PDF documents of the portal (fpdf2): A4 portrait pages with a Unicode font and the Disnaker letterhead.

One place decides the font, so every PDF (the job-search log, the AK/I card, ...) prints names such
as "Ṣāliḥ" or "Nguyễn" the same way:

- a Unicode TrueType font when one is installed (DejaVu Sans, or Liberation Sans: Debian's
  `fonts-dejavu-core` / `fonts-liberation`), looked up in `settings.PDF_FONT_DIRS` when set, then
  in the usual system folders;
- otherwise fpdf2's core Helvetica, whose encoding is Latin-1: text is then transliterated (accents
  dropped, other letters replaced by "?"), so a PDF is always produced, never a 500.

`disnaker_pdf(title=...)` returns the document with the font set and the letterhead on every page;
callers add their content and call `pdf_bytes(pdf)`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT_FAMILY = "PortalSans"
CORE_FONT_FAMILY = "Helvetica"
DEFAULT_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/liberation",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
# (regular, bold) file names, in order of preference.
FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)

# The letterhead (kop surat): names of the government bodies, the same in every language.
LETTERHEAD_LINES = ("PEMERINTAH KOTA BONTANG", "DINAS KETENAGAKERJAAN")


def unicode_font_files() -> tuple[Path, Path] | None:
    """The regular and bold files of the first Unicode font found, or None."""
    folders = [*getattr(settings, "PDF_FONT_DIRS", ()), *DEFAULT_FONT_DIRS]
    for regular, bold in FONT_FILES:
        for folder in folders:
            regular_path, bold_path = Path(folder) / regular, Path(folder) / bold
            if regular_path.is_file():
                return regular_path, bold_path if bold_path.is_file() else regular_path
    return None


def transliterate(text: str) -> str:
    """Text that Latin-1 can hold: accents dropped, typographic marks simplified, the rest as "?"."""
    text = (
        text.replace("\u2014", "-")
        .replace("\u2013", "-")
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2026", "...")
        .replace("\u2192", "->")
    )
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)) or "?")
    return "".join(out)


def portal_font(pdf: FPDF) -> str:
    """Register the portal's Unicode font (regular and bold) on `pdf`; its family name, or the core
    font's when the font files are missing (then text is transliterated, see `pdf_text`)."""
    files = unicode_font_files()
    if files is None:
        return CORE_FONT_FAMILY
    pdf.add_font(FONT_FAMILY, "", str(files[0]))
    pdf.add_font(FONT_FAMILY, "B", str(files[1]))
    return FONT_FAMILY


class PortalPDF(FPDF):
    """An A4 portrait document with the Disnaker letterhead on each page and page numbers below."""

    def __init__(self, *, title: str, subtitle: str = ""):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document_title = title
        self.document_subtitle = subtitle
        self.font_name = portal_font(self)
        self.has_unicode_font = self.font_name == FONT_FAMILY
        self.set_title(title)
        self.set_creator("Disnaker Kota Bontang")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_font(self.font_name, size=10)

    def normalize_text(self, text: str) -> str:
        if not self.has_unicode_font:
            text = transliterate(text)
        return super().normalize_text(text)

    def header(self):
        self.set_font(self.font_name, "B", 12)
        for line in LETTERHEAD_LINES:
            self.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.font_name, "", 8)
        self.cell(0, 5, _("Job placement service (antar kerja) — Kota Bontang, East Kalimantan"), align="C")
        self.ln(6)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)
        self.set_font(self.font_name, "B", 11)
        self.cell(0, 6, self.document_title, align="C", new_x="LMARGIN", new_y="NEXT")
        if self.document_subtitle:
            self.set_font(self.font_name, "", 9)
            self.cell(0, 5, self.document_subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_font(self.font_name, "", 10)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.font_name, "", 8)
        self.cell(
            0,
            5,
            _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )


def disnaker_pdf(*, title: str, subtitle: str = "") -> PortalPDF:
    """A new A4 document with the font chosen, the letterhead and a first page."""
    pdf = PortalPDF(title=title, subtitle=subtitle)
    pdf.add_page()
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
