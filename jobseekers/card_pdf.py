"""The printable AK/I card ("kartu kuning", Permenaker 39/2016) as a one-page PDF (fpdf2).

Format: **A6 portrait** (105 × 148 mm), not the ID-1 bank-card size (85.6 × 54 mm). The paper
AK/I is a folded card whose back holds the dated report rows ("lapor") and the "diterima kerja /
terhitung tanggal" line; on ID-1 those rows, a 3×4 photo, the identity and a QR code large
enough to scan from a cheap phone do not fit in a legible type size. A6 holds them all on one
side, prints on any A4 printer (four to a sheet, or one cut out) and folds into a wallet.

Contents: the Disnaker letterhead and the form's name; the holder's photo (their newest
"photo" document, read through the storage; a marked box otherwise); card number, full name,
NIK, place and date of birth, sex, education, KTP address and kelurahan; issued, valid until,
status; one row per report, taken from the card's events (`selectors.card_report_events`);
and a QR code with the absolute URL of the public check page (`SITE_URL` + `cards:check`).

The NIK is printed in full: the card is the owner's own (and Disnaker staff's, who see NIK
anyway), and an employer or officer checks it against the KTP, as on the paper card. Whoever
scans the QR code sees only the masked name on the check page (bontang_aker.core.masking).

The card is an official Disnaker form and is printed in Indonesian (settings.LANGUAGE_CODE),
whatever the language of the page that asked for it. Fonts: bontang_aker.core.pdf decides (a
Unicode TrueType font when installed, else Latin-1 Helvetica with the text transliterated).
"""

from __future__ import annotations

import io
import logging

import segno
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image, ImageOps

from bontang_aker.core.pdf import FONT_FAMILY, portal_font, transliterate
from jobseekers import selectors
from jobseekers.models import AkiCard, Document

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = 105.0, 148.0  # A6 portrait, mm
MARGIN = 6.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PHOTO_WIDTH, PHOTO_HEIGHT = 24.0, 32.0  # 3×4
QR_SIZE = 22.0  # a version 3-4 code: about 0.55 mm a module, which any phone reads
# The paper card has three report rows; more are printed when there were more reports, up to this.
REPORT_ROWS_MIN, REPORT_ROWS_MAX = 3, 5
REPORT_HEADER_HEIGHT, REPORT_ROW_HEIGHT = 3.8, 4.2
KARTU_KUNING = (255, 234, 128)  # the header band: the card's traditional yellow
GREY = (90, 90, 90)

# Names of the government bodies and of the form: the same in every language.
LETTERHEAD = ("PEMERINTAH KOTA BONTANG", "DINAS KETENAGAKERJAAN")
FORM_TITLE = "KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA (AK/I)"
PHOTO_FORMATS = {"JPEG", "PNG"}
PHOTO_PIXELS = (300, 400)  # 3×4 at about 300 dpi for 24 × 32 mm


def card_check_url(card: AkiCard) -> str:
    """The absolute address of the card's public check page, which the QR code holds."""
    return f"{settings.SITE_URL}{reverse('cards:check', args=[card.number])}"


def card_pdf_filename(card: AkiCard) -> str:
    return f"kartu-ak1-{card.number}.pdf"


def card_pdf_response(card: AkiCard) -> HttpResponse:
    """The card's PDF as a download: the holder's page and the admin's button both answer this."""
    response = HttpResponse(aki_card_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{card_pdf_filename(card)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class CardPDF(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format=(PAGE_WIDTH, PAGE_HEIGHT))  # A6: not among fpdf2's names
        self.font_name = portal_font(self)
        self.has_unicode_font = self.font_name == FONT_FAMILY
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=False)
        self.set_creator("Disnaker Kota Bontang")

    def normalize_text(self, text: str) -> str:
        if not self.has_unicode_font:
            text = transliterate(text)
        return super().normalize_text(text)

    def font(self, size: float, style: str = "", color=(0, 0, 0)) -> None:
        self.set_font(self.font_name, style, size)
        self.set_text_color(*color)

    def fitted(self, text: str, width: float) -> str:
        """`text` on one line of `width`, cut with an ellipsis when it is longer."""
        text = " ".join(str(text).split())
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def lines(self, text: str, width: float, max_lines: int) -> list[str]:
        """`text` wrapped to `width`, at most `max_lines` lines, the last cut when there is more."""
        text = " ".join(str(text).split())
        if not text:
            return [""]
        wrapped = self.multi_cell(width, 4, text, dry_run=True, output="LINES")
        if len(wrapped) <= max_lines:
            return wrapped
        kept = wrapped[:max_lines]
        kept[-1] = self.fitted(f"{kept[-1]} {' '.join(wrapped[max_lines:])}", width - 1)
        return kept

    def field(self, x: float, y: float, width: float, label: str, value: str, *, size=8.0, style="", max_lines=1):
        """A small grey label with its value below; returns the y under it."""
        self.font(5.5, color=GREY)
        self.set_xy(x, y)
        self.cell(width, 2.8, self.fitted(label.upper(), width))
        self.font(size, style)
        line_height = size * 0.45
        y += 2.9
        for line in self.lines(value or "-", width, max_lines):
            self.set_xy(x, y)
            self.cell(width, line_height, self.fitted(line, width))
            y += line_height
        return y + 1.2


def _photo_jpeg(profile) -> bytes | None:
    """The holder's newest photo as a 3×4 JPEG, read through the storage; None without a usable one."""
    documents = Document.objects.filter(jobseeker=profile, kind=Document.Kind.PHOTO).order_by("-uploaded_at", "-pk")
    for document in documents[:3]:
        if document.extension not in ("jpg", "jpeg", "png"):
            continue
        try:
            with document.file.open("rb") as handle:
                data = handle.read(settings.DOCUMENT_UPLOAD_MAX_MB * 1024 * 1024 + 1)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in PHOTO_FORMATS:
                    continue
                photo = ImageOps.exif_transpose(image).convert("RGB")
                photo = ImageOps.fit(photo, PHOTO_PIXELS, method=Image.Resampling.LANCZOS)
                out = io.BytesIO()
                photo.save(out, format="JPEG", quality=88)
                return out.getvalue()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:  # missing or damaged file
            logger.warning(
                "AK/I card %s: photo document %s not usable (%s)", profile.pk, document.pk, type(exc).__name__
            )
    return None


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    out.seek(0)
    return out


def _date(value) -> str:
    if value is None:
        return "-"
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return date_format(value, "j F Y")


def _education(profile) -> str:
    entry = profile.highest_education
    if entry is None:
        return "-"
    parts = [entry.level.name, entry.major, entry.institution]
    return " — ".join(part for part in parts if part)


def _kelurahan(profile) -> str:
    if profile.kelurahan_id is None:
        return profile.outside_city or "-"
    kelurahan = profile.kelurahan
    return _("Kel. %(kelurahan)s, Kec. %(kecamatan)s") % {
        "kelurahan": kelurahan.name,
        "kecamatan": kelurahan.kecamatan.name,
    }


def aki_card_pdf(card: AkiCard) -> bytes:
    """The card as PDF bytes; the caller has checked who asks and that the card is printable."""
    if not selectors.card_is_printable(card):
        raise ValueError(f"AK/I card {card.pk} has no number or was never issued")
    with translation.override(settings.LANGUAGE_CODE):
        return _render(card)


def _render(card: AkiCard) -> bytes:
    profile = card.jobseeker
    pdf = CardPDF()
    pdf.set_title(f"AK/I {card.number}")
    pdf.set_subject(FORM_TITLE)
    pdf.add_page()

    # Letterhead in the yellow band.
    pdf.set_fill_color(*KARTU_KUNING)
    pdf.rect(MARGIN - 1, MARGIN - 1, CONTENT_WIDTH + 2, 20, style="F")
    pdf.set_xy(MARGIN, MARGIN)
    pdf.font(7.5, "B")
    pdf.cell(CONTENT_WIDTH, 3.6, LETTERHEAD[0], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font(9, "B")
    pdf.cell(CONTENT_WIDTH, 4.4, LETTERHEAD[1], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font(5.5)
    pdf.cell(CONTENT_WIDTH, 2.8, "Pelayanan Antar Kerja Kota Bontang", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.8)
    pdf.font(6.8, "B")
    pdf.multi_cell(CONTENT_WIDTH, 3.2, FORM_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")

    # Photo (3×4) and identity beside it.
    top = MARGIN + 21
    photo = _photo_jpeg(profile)
    if photo is not None:
        pdf.image(io.BytesIO(photo), x=MARGIN, y=top, w=PHOTO_WIDTH, h=PHOTO_HEIGHT, alt_text=_("Photo"))
    else:
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.2)
        pdf.rect(MARGIN, top, PHOTO_WIDTH, PHOTO_HEIGHT)
        pdf.font(6, color=GREY)
        pdf.set_xy(MARGIN, top + PHOTO_HEIGHT / 2 - 3)
        pdf.multi_cell(PHOTO_WIDTH, 3, _("Photo 3×4"), align="C")
    x = MARGIN + PHOTO_WIDTH + 3
    width = PAGE_WIDTH - MARGIN - x
    y = pdf.field(x, top, width, _("Card number"), card.number, size=10.5, style="B")
    y = pdf.field(x, y, width, _("Full name"), profile.full_name, size=8.5, style="B", max_lines=2)
    y = pdf.field(x, y, width, _("NIK"), profile.nik)
    birth = f"{profile.birth_place}, {_date(profile.birth_date)}"
    y = pdf.field(x, y, width, _("Place and date of birth"), birth)
    y = pdf.field(x, y, width, _("Sex"), profile.get_sex_display())

    # The rest across the card.
    y = max(y, top + PHOTO_HEIGHT + 1.5)
    y = pdf.field(MARGIN, y, CONTENT_WIDTH, _("Education"), _education(profile))
    y = pdf.field(MARGIN, y, CONTENT_WIDTH, _("Address (KTP)"), profile.ktp_address, max_lines=2)
    y = pdf.field(MARGIN, y, CONTENT_WIDTH, _("Kelurahan"), _kelurahan(profile))
    column = (CONTENT_WIDTH - 2) / 3
    pdf.field(MARGIN, y, column, _("Issued"), _date(card.issued_at))
    pdf.field(MARGIN + column + 1, y, column, _("Valid until"), _date(card.expires_on))
    y = pdf.field(MARGIN + 2 * (column + 1), y, column, _("Status"), card.get_status_display(), style="B")
    if card.placed_on:
        y = pdf.field(MARGIN, y, CONTENT_WIDTH, _("Hired from"), _date(card.placed_on), style="B")

    # Reports (lapor) on the left, the QR code on the right, above the footer.
    footer_top = PAGE_HEIGHT - MARGIN - 5.6
    y += 0.5
    table_top = y
    table_width = CONTENT_WIDTH - QR_SIZE - 3
    pdf.font(6.5, "B")
    pdf.set_xy(MARGIN, y)
    pdf.cell(table_width, 3.6, _("Reports (lapor)"))
    y += 3.8
    reports = selectors.card_report_events(card)
    # As many rows as there were reports (at least the paper card's three), as far as they fit: the latest.
    rows_fit = max(1, int((footer_top - 0.8 - y - REPORT_HEADER_HEIGHT) // REPORT_ROW_HEIGHT))
    rows = min(max(REPORT_ROWS_MIN, len(reports)), REPORT_ROWS_MAX, rows_fit)
    shown = reports[-rows:] if reports else []
    widths = (7.0, 26.0, table_width - 33.0)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.15)
    pdf.set_fill_color(245, 245, 245)
    pdf.font(5.8, "B")
    pdf.set_xy(MARGIN, y)
    for heading, cell_width in zip((_("No."), _("Date"), _("Remarks")), widths, strict=True):
        pdf.cell(cell_width, REPORT_HEADER_HEIGHT, pdf.fitted(heading, cell_width - 1), border=1, fill=True)
    y += REPORT_HEADER_HEIGHT
    pdf.font(6.5)
    first_number = len(reports) - len(shown) + 1
    for index in range(rows):
        event = shown[index] if index < len(shown) else None
        remark = ""
        if event is not None and event.from_status == AkiCard.Status.LAPSED:
            remark = _("active again")
        cells = (
            str(first_number + index) if event else "",
            _date(event.created_at) if event else "",
            remark,
        )
        pdf.set_xy(MARGIN, y)
        for text, cell_width in zip(cells, widths, strict=True):
            pdf.cell(cell_width, REPORT_ROW_HEIGHT, pdf.fitted(text, cell_width - 1), border=1)
        y += REPORT_ROW_HEIGHT
    url = card_check_url(card)
    qr_top = min(table_top, footer_top - 0.5 - QR_SIZE)
    pdf.image(_qr_png(url), x=PAGE_WIDTH - MARGIN - QR_SIZE, y=qr_top, w=QR_SIZE, h=QR_SIZE, alt_text=url)

    # Footer: where to check the card, and that the service is free.
    pdf.font(5, color=GREY)
    pdf.set_xy(MARGIN, footer_top)
    check = _("Scan the QR code or open %(url)s to check this card.") % {"url": url}
    pdf.cell(CONTENT_WIDTH, 2.6, pdf.fitted(check, CONTENT_WIDTH), align="C")
    pdf.set_xy(MARGIN, footer_top + 2.7)
    footer = _("Free of charge. Report (lapor) every %(months)d months while you are looking for work.") % {
        "months": settings.AKI_CARD_REPORT_INTERVAL_MONTHS
    }
    pdf.cell(CONTENT_WIDTH, 2.6, pdf.fitted(footer, CONTENT_WIDTH), align="C")
    return bytes(pdf.output())
