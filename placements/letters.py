"""The numbered letters of the single channel as A4 PDFs: the AK/V referral letter and the AK/IV call-up.

Both have the Disnaker letterhead (bontang_aker.core.pdf), the number and the date (WITA, in
Indonesian like every official form: settings.LANGUAGE_CODE whatever the page's language), the
vacancy (title, company, KBJI occupation, work location), the person (name, AK/I card number,
education — never the NIK, phone or address: the letter goes to the company), what is asked,
the signature block and a QR code to the public check page `/surat/<slug>/`.

The slug is the letter number with "/" replaced by "-" (`AK.V-000123-DISNAKER-BTG-05-2026`):
stable, readable on paper, and parsed back by its fixed pattern (`letter_for_slug`). The check
page tells the number, date, company, vacancy, whether the letter is valid and the person's
masked name (bontang_aker.core.masking, as the card check does), nothing else.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bontang_aker.core.masking import mask_name
from bontang_aker.core.pdf import disnaker_pdf, pdf_bytes
from jobseekers.models import JobseekerProfile
from placements.models import Application, CallUp, Referral

REFERRAL_TITLE = "SURAT PENGANTAR KERJA (AK/V)"
CALLUP_TITLE = "SURAT PANGGILAN PENCARI KERJA (AK/IV)"
INSTITUTION = "Dinas Ketenagakerjaan Kota Bontang"
QR_SIZE = 32.0  # mm
# The numbers services.py and callups.py give: AK.V/000123/DISNAKER-BTG/05/2026, AK.IV/... alike.
SLUG_PATTERN = re.compile(r"(?P<kind>AK\.V|AK\.IV)-(?P<seq>\d{6,})-DISNAKER-BTG-(?P<month>\d{2})-(?P<year>\d{4})")


def letter_slug(letter_number: str) -> str:
    """The URL-safe form of a letter number: each "/" becomes "-"."""
    return letter_number.replace("/", "-")


def letter_check_path(letter_number: str) -> str:
    return reverse("letters:check", args=[letter_slug(letter_number)])


def letter_check_url(letter_number: str) -> str:
    """The absolute address of the check page, which the QR code holds."""
    return f"{settings.SITE_URL}{letter_check_path(letter_number)}"


def letter_for_slug(slug: str) -> Referral | CallUp | None:
    """The referral or call-up whose letter number has this slug; None for anything else."""
    match = SLUG_PATTERN.fullmatch(slug or "")
    if match is None:
        return None
    number = f"{match['kind']}/{match['seq']}/DISNAKER-BTG/{match['month']}/{match['year']}"
    if match["kind"] == "AK.V":
        return (
            Referral.objects.select_related("application__jobseeker", "application__vacancy__company")
            .filter(letter_number=number)
            .first()
        )
    return CallUp.objects.select_related("jobseeker", "vacancy__company").filter(letter_number=number).first()


@dataclass(frozen=True)
class LetterCheck:
    """What anyone holding the letter (or its QR code) may learn: no NIK, no contact data, no full name."""

    form: str  # "AK/V" or "AK/IV"
    number: str
    date: object
    company: str
    vacancy_title: str
    name: str  # masked
    valid: bool
    status_display: str
    explanation: str


def letter_public_check(letter: Referral | CallUp) -> LetterCheck:
    if isinstance(letter, Referral):
        application = letter.application
        valid = application.status != Application.Status.WITHDRAWN
        return LetterCheck(
            form="AK/V",
            number=letter.letter_number,
            date=timezone.localdate(letter.created_at),
            company=application.vacancy.company.name,
            vacancy_title=application.vacancy.title,
            name=mask_name(application.jobseeker.full_name),
            valid=valid,
            status_display=_("Valid") if valid else _("Withdrawn"),
            explanation=_("Disnaker Kota Bontang referred this jobseeker to the company's selection.")
            if valid
            else _("The jobseeker withdrew the application: the letter is no longer valid."),
        )
    valid = letter.status in {CallUp.Status.SENT, CallUp.Status.APPLIED}
    return LetterCheck(
        form="AK/IV",
        number=letter.letter_number,
        date=timezone.localdate(letter.created_at),
        company=letter.vacancy.company.name,
        vacancy_title=letter.vacancy.title,
        name=mask_name(letter.jobseeker.full_name),
        valid=valid,
        status_display=_("Valid") if valid else _("Withdrawn"),
        explanation=_("Disnaker Kota Bontang called this jobseeker up to apply for the vacancy.")
        if valid
        else _("The call-up was declined or the vacancy closed: the letter is no longer valid."),
    )


def _card_number(jobseeker: JobseekerProfile) -> str:
    card = jobseeker.aki_cards.active().exclude(number=None).first()
    if card is None:
        card = jobseeker.aki_cards.exclude(number=None).order_by("-issued_at", "-pk").first()
    return card.number if card is not None else "-"


def _education(jobseeker: JobseekerProfile) -> str:
    entry = jobseeker.highest_education
    if entry is None:
        return "-"
    return " — ".join(part for part in (entry.level.name, entry.major, entry.institution) if part)


def _work_location(vacancy) -> str:
    parts = [vacancy.work_location]
    if vacancy.work_kelurahan_id:
        parts.append(_("Kel. %(kelurahan)s") % {"kelurahan": vacancy.work_kelurahan.name})
    return ", ".join(part for part in parts if part) or "-"


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    out.seek(0)
    return out


def _rows(pdf, rows: list[tuple[str, str]]) -> None:
    label_width = 48
    for label, value in rows:
        pdf.set_font(pdf.font_name, "", 10)
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin + 5)
        pdf.cell(label_width, 6, label)
        pdf.set_xy(pdf.l_margin + 5 + label_width, y)
        pdf.multi_cell(0, 6, f": {value or '-'}", new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf, text: str, *, style: str = "") -> None:
    pdf.set_font(pdf.font_name, style, 10)
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _letter(
    *, title: str, number: str, created_at, addressee: list[str], opening: str, vacancy, jobseeker, asks, officer
) -> bytes:
    pdf = disnaker_pdf(title=title, subtitle=_("Number: %(number)s") % {"number": number})
    pdf.set_font(pdf.font_name, "", 10)
    place_date = _("Bontang, %(date)s") % {"date": date_format(timezone.localdate(created_at), "j F Y")}
    pdf.cell(0, 6, place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for line in addressee:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _paragraph(pdf, opening)
    _paragraph(pdf, _("Vacancy"), style="B")
    occupation = vacancy.occupation
    _rows(
        pdf,
        [
            (_("Job title"), vacancy.title),
            (_("Company"), vacancy.company.name),
            (_("Occupation (KBJI 2014)"), f"{occupation.code} — {occupation.name}"),
            (_("Work location"), _work_location(vacancy)),
        ],
    )
    pdf.ln(2)
    _paragraph(pdf, _("Jobseeker"), style="B")
    _rows(
        pdf,
        [
            (_("Name"), jobseeker.full_name),
            (_("AK/I card number"), _card_number(jobseeker)),
            (_("Education"), _education(jobseeker)),
        ],
    )
    pdf.ln(2)
    for index, ask in enumerate(asks, start=1):
        _paragraph(pdf, f"{index}. {ask}")
    _paragraph(pdf, _("The placement service of Disnaker is free of charge; report any levy to Disnaker."))

    # Signature block on the right, the QR code on the left at the same height.
    if pdf.get_y() > pdf.h - 18 - QR_SIZE - 8:
        pdf.add_page()
    top = pdf.get_y() + 2
    url = letter_check_url(number)
    pdf.image(_qr_png(url), x=pdf.l_margin, y=top, w=QR_SIZE, h=QR_SIZE, alt_text=url)
    pdf.set_font(pdf.font_name, "", 7.5)
    pdf.set_xy(pdf.l_margin, top + QR_SIZE + 1)
    pdf.multi_cell(80, 3.6, _("Scan the QR code or open %(url)s to check this letter.") % {"url": url})
    x = pdf.w - pdf.r_margin - 75
    pdf.set_font(pdf.font_name, "", 10)
    pdf.set_xy(x, top)
    pdf.cell(75, 5.5, _("Job placement officer (Pengantar Kerja),"), align="C")
    pdf.set_xy(x, top + 24)
    pdf.set_font(pdf.font_name, "B", 10)
    pdf.cell(75, 5.5, officer.full_name or _("Job placement officer"), align="C")
    pdf.set_font(pdf.font_name, "", 10)
    pdf.set_xy(x, top + 29.5)
    pdf.cell(75, 5.5, INSTITUTION, align="C")
    return pdf_bytes(pdf)


def referral_letter_pdf(referral: Referral) -> bytes:
    """The AK/V letter of a referral; the caller checked who asks."""
    application = referral.application
    vacancy = application.vacancy
    with translation.override(settings.LANGUAGE_CODE):
        return _letter(
            title=REFERRAL_TITLE,
            number=referral.letter_number,
            created_at=referral.created_at,
            addressee=[_("To the management of"), vacancy.company.name, _("in Bontang")],
            opening=_(
                "Disnaker Kota Bontang refers the jobseeker below, who applied through the portal and holds "
                "an AK/I card, to your selection for this vacancy:"
            ),
            vacancy=vacancy,
            jobseeker=application.jobseeker,
            asks=[
                _(
                    "Please record each step and the result of the selection for this candidate on the portal "
                    "(your vacancy's referred candidates): Disnaker publishes the results."
                ),
                _("If you hire the candidate, report the hire on the portal within %(days)d days of the start date.")
                % {"days": settings.PLACEMENT_REPORT_DEADLINE_DAYS},
            ],
            officer=referral.referred_by,
        )


def callup_letter_pdf(callup: CallUp) -> bytes:
    """The AK/IV letter of a call-up; the caller checked who asks."""
    with translation.override(settings.LANGUAGE_CODE):
        return _callup_letter(callup)


def _callup_letter(callup: CallUp) -> bytes:
    vacancy = callup.vacancy
    jobseeker = callup.jobseeker
    asks = [
        _("Apply for this vacancy on the portal before %(date)s: %(url)s")
        % {
            "date": date_format(vacancy.close_date, "j F Y"),
            "url": f"{settings.SITE_URL}{reverse('placements:apply', args=[vacancy.pk])}",
        },
        _("Bring this letter and your AK/I card when Disnaker or the company invites you."),
    ]
    if callup.message:
        asks.insert(0, " ".join(callup.message.split()))
    return _letter(
        title=CALLUP_TITLE,
        number=callup.letter_number,
        created_at=callup.created_at,
        addressee=[_("To"), jobseeker.full_name, _("in Bontang")],
        opening=_("Disnaker Kota Bontang invites you to apply for the vacancy below, which matches your profile:"),
        vacancy=vacancy,
        jobseeker=jobseeker,
        asks=asks,
        officer=callup.created_by,
    )


def letter_pdf_response(content: bytes, letter_number: str) -> HttpResponse:
    """A letter as a download, never kept by a shared cache (it names a person)."""
    response = HttpResponse(content, content_type="application/pdf")
    filename = "surat-" + letter_slug(letter_number).lower().replace(".", "") + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def referral_letter_response(referral: Referral) -> HttpResponse:
    return letter_pdf_response(referral_letter_pdf(referral), referral.letter_number)


def callup_letter_response(callup: CallUp) -> HttpResponse:
    return letter_pdf_response(callup_letter_pdf(callup), callup.letter_number)
