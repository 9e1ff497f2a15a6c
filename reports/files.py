"""The files of one report version, rendered from `Report.data` alone (reports.layout): no database.

- `workbook_bytes`: an Excel workbook, a "Ringkasan" sheet then one sheet per table;
- `pdf_bytes`: an A4 landscape PDF, every table with its headings repeated on each page;
- `table_csv_bytes`: one table as CSV (UTF-8 with BOM, so Excel reads the accents right);
- `report_files`: all of them, named, as the generator stores them.

The files are official Disnaker documents and are printed in Indonesian whatever the language of
whoever asked: the headings come in Indonesian in the data, and the few words the renderers add
(sheet names, "Halaman … dari …") are Indonesian constants here, as the AK/I card's form title is.

Values are whole numbers, or percentages with one decimal (`kind` "percent", None when there was
nothing to divide). Workbooks hold plain numbers, never formulas; text that a spreadsheet would
read as a formula gets a leading apostrophe (`safe_text`).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from itertools import groupby

from django.conf import settings
from fpdf import FPDF, FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bontang_aker.core.pdf import FONT_FAMILY, portal_font, transliterate
from employers.exports import neutralise

SUMMARY_SHEET = "Ringkasan"
SUMMARY_HEADINGS = ("Kode", "Judul tabel")
GENERATED_LABEL = "Dibuat pada"
CODE_VERSION_LABEL = "Versi program"
PERIOD_LABEL = "Periode"
PAGE_LABEL = "Halaman {page} dari {pages}"
EMPTY_VALUE = "-"

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
CSV_CONTENT_TYPE = "text/csv"


def safe_text(value) -> str:
    """Text a spreadsheet shows as text: the exports' guard (a leading apostrophe before a formula)."""
    return neutralise("" if value is None else str(value))


def column_heading(column: dict) -> str:
    return " ".join(part for part in (column.get("group", ""), column["label"]) if part)


def column_groups(columns: list[dict]) -> list[tuple[str, int, int]]:
    """(group, first index, count) for each run of consecutive columns with the same group."""
    runs, index = [], 0
    for group, members in groupby(columns, key=lambda column: column.get("group", "")):
        count = len(list(members))
        runs.append((group, index, count))
        index += count
    return runs


def table_rows(table: dict) -> list[dict]:
    """The table's rows, then its total row when it has one."""
    return [*table["rows"], *([table["total"]] if table.get("total") else [])]


def generated_label(data: dict) -> str:
    value = data.get("generated_at") or ""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:  # the portal's time: WITA (UTC+8, no summer time)
        moment = moment.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        return f"{moment:%d-%m-%Y %H:%M} WITA"
    return f"{moment:%d-%m-%Y %H:%M}"


def period_label(data: dict) -> str:
    return (data.get("period") or {}).get("label", "")


# CSV -------------------------------------------------------------------------------------------


def table_csv_bytes(table: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_text(table["dimension"]), *(safe_text(column_heading(c)) for c in table["columns"])])
    for row in table_rows(table):
        writer.writerow([safe_text(row["label"]), *("" if value is None else value for value in row["values"])])
    return out.getvalue().encode("utf-8-sig")


# Excel -----------------------------------------------------------------------------------------

BOLD = Font(bold=True)
LETTERHEAD_FONT = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTERED = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_FORMATS = {"count": "#,##0", "percent": "0.0"}


def sheet_names(tables: list[dict]) -> list[str]:
    """A valid, unique sheet name for each table, from its code (at most 31 characters)."""
    taken, names = {SUMMARY_SHEET.lower()}, []
    for table in tables:
        base = SHEET_NAME_FORBIDDEN.sub("-", table["code"] or table["key"]).strip(" '")[:SHEET_NAME_MAX] or "Tabel"
        name, number = base, 1
        while name.lower() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _write(sheet: Worksheet, row: int, column: int, value, **style):
    cell = sheet.cell(row=row, column=column, value=safe_text(value) if isinstance(value, str) else value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _title_lines(sheet: Worksheet, data: dict, table: dict, width: int) -> int:
    """The letterhead, report title, period and table title, each merged across the table; the next row."""
    lines = [
        (settings.REPORT_LETTERHEAD, LETTERHEAD_FONT),
        (data.get("title", ""), BOLD),
        (f"{PERIOD_LABEL}: {period_label(data)}", None),
        (f"{table['code']} — {table['title']}", BOLD),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        _write(sheet, row, 1, text, **({"font": font} if font else {}))
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(lines) + 2


def _header(sheet: Worksheet, table: dict, top: int) -> int:
    """The group row (when a column has a group) and the label row; returns the first data row."""
    columns = table["columns"]
    grouped = any(column.get("group") for column in columns)
    bottom = top + 1 if grouped else top
    header_style = {"font": BOLD, "fill": HEADER_FILL, "alignment": CENTERED, "border": BOX}
    _write(sheet, top, 1, table["dimension"], **header_style)
    for group, first, count in column_groups(columns):
        for offset, column in enumerate(columns[first : first + count]):
            index = first + offset + 2
            if grouped and not group:  # an ungrouped column's label spans both header rows
                _write(sheet, top, index, column["label"], **header_style)
                _write(sheet, bottom, index, None, **header_style)
                sheet.merge_cells(start_row=top, start_column=index, end_row=bottom, end_column=index)
                continue
            _write(sheet, bottom, index, column["label"], **header_style)
            if grouped:
                _write(sheet, top, index, group if offset == 0 else None, **header_style)
        if grouped and group and count > 1:
            sheet.merge_cells(start_row=top, start_column=first + 2, end_row=top, end_column=first + count + 1)
    if grouped:
        sheet.merge_cells(start_row=top, start_column=1, end_row=bottom, end_column=1)
    return bottom + 1


def _body(sheet: Worksheet, table: dict, first_row: int) -> int:
    """The rows and the bold total; returns the row after them."""
    formats = [NUMBER_FORMATS.get(column.get("kind"), "#,##0") for column in table["columns"]]
    row_number = first_row
    for row in table["rows"]:
        _row(sheet, row_number, row, formats, bold=False)
        row_number += 1
    if table.get("total"):
        _row(sheet, row_number, table["total"], formats, bold=True)
        row_number += 1
    return row_number


def _row(sheet: Worksheet, row_number: int, row: dict, formats: list[str], *, bold: bool) -> None:
    font = {"font": BOLD} if bold else {}
    _write(sheet, row_number, 1, row["label"], border=BOX, alignment=Alignment(wrap_text=True), **font)
    for index, (value, number_format) in enumerate(zip(row["values"], formats, strict=False), start=2):
        _write(sheet, row_number, index, value, border=BOX, number_format=number_format, **font)


def _widths(sheet: Worksheet, table: dict) -> None:
    labels = [table["dimension"], *(row["label"] for row in table_rows(table))]
    sheet.column_dimensions["A"].width = min(60, max(16, *(len(label) + 2 for label in labels)))
    for index, column in enumerate(table["columns"], start=2):
        sheet.column_dimensions[get_column_letter(index)].width = min(18, max(9, len(column["label"]) + 2))


def _print_setup(sheet: Worksheet, header_top: int, header_bottom: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_top}:{header_bottom}"


def _table_sheet(sheet: Worksheet, data: dict, table: dict) -> None:
    width = len(table["columns"]) + 1
    header_top = _title_lines(sheet, data, table, width)
    first_row = _header(sheet, table, header_top)
    after = _body(sheet, table, first_row)
    if table.get("note"):
        _write(sheet, after + 1, 1, table["note"], font=Font(italic=True))
    sheet.freeze_panes = sheet.cell(row=first_row, column=2)
    _widths(sheet, table)
    _print_setup(sheet, header_top, first_row - 1)


def _summary_sheet(sheet: Worksheet, data: dict, names: list[str]) -> None:
    sheet.title = SUMMARY_SHEET
    _write(sheet, 1, 1, settings.REPORT_LETTERHEAD, font=LETTERHEAD_FONT)
    _write(sheet, 2, 1, data.get("title", ""), font=BOLD)
    _write(sheet, 3, 1, f"{PERIOD_LABEL}: {period_label(data)}")
    _write(sheet, 4, 1, f"{GENERATED_LABEL}: {generated_label(data)}")
    _write(sheet, 5, 1, f"{CODE_VERSION_LABEL}: {data.get('code_version', '')}")
    for column, heading in enumerate(SUMMARY_HEADINGS, start=1):
        _write(sheet, 7, column, heading, font=BOLD, fill=HEADER_FILL, border=BOX)
    for row, (table, name) in enumerate(zip(data.get("tables", []), names, strict=True), start=8):
        cell = _write(sheet, row, 1, table["code"], border=BOX)
        cell.hyperlink = f"#'{name}'!A1"
        _write(sheet, row, 2, table["title"], border=BOX)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 80


def workbook_bytes(data: dict) -> bytes:
    tables = data.get("tables", [])
    names = sheet_names(tables)
    workbook = Workbook()
    _summary_sheet(workbook.active, data, names)
    for table, name in zip(tables, names, strict=True):
        _table_sheet(workbook.create_sheet(title=name), data, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# PDF -------------------------------------------------------------------------------------------

PAGE_MARGIN = 10.0
FONT_SIZES = (9.0, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
NUMBER_COLUMN_MAX = 28.0  # mm: a table of few columns stays narrow rather than spread over the page
CELL_PADDING = 0.8
HEADER_GREY = (221, 230, 240)


def number_text(value, kind: str) -> str:
    """A value as Indonesian print shows it: 1.234 and 12,5 (None as a dash)."""
    if value is None:
        return EMPTY_VALUE
    if kind == "percent":
        return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{int(value):,}".replace(",", ".")


class ReportPDF(FPDF):
    """A4 landscape with the report letterhead on each page and "Halaman X dari Y" below."""

    def __init__(self, *, data: dict):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.data = data
        self.font_name = portal_font(self)
        self.has_unicode_font = self.font_name == FONT_FAMILY
        self.set_title(f"{data.get('title', '')} {period_label(data)}".strip())
        self.set_creator(data.get("office") or "Disnaker Kota Bontang")
        self.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.set_auto_page_break(auto=True, margin=14)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def normalize_text(self, text: str) -> str:
        if not self.has_unicode_font:
            text = transliterate(text)
        return super().normalize_text(text)

    def header(self):
        self.set_font(self.font_name, "B", 11)
        self.cell(0, 5.5, settings.REPORT_LETTERHEAD, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.font_name, "", 8)
        self.cell(0, 4.5, settings.REPORT_OFFICE_ADDRESS, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.font_name, "B", 9)
        title = f"{self.data.get('title', '')} — {PERIOD_LABEL} {period_label(self.data)}"
        self.cell(0, 5, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_line_width(0.5)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_line_width(0.2)
        self.ln(3)

    def footer(self):
        self.set_y(-10)
        self.set_font(self.font_name, "", 7)
        generated = f"{GENERATED_LABEL} {generated_label(self.data)}"
        self.cell(self.content_width / 2, 5, generated)
        self.cell(self.content_width / 2, 5, PAGE_LABEL.format(page=self.page_no(), pages="{nb}"), align="R")


def _number_texts(row: dict, table: dict) -> list[str]:
    return [
        number_text(value, column.get("kind")) for value, column in zip(row["values"], table["columns"], strict=False)
    ]


def _table_layout(pdf: ReportPDF, table: dict) -> tuple[float, list[float]]:
    """The font size and the column widths (mm) at which the table fits the page width.

    The label column takes about a fifth to a third of the page and wraps; the numeric columns
    share the rest, and the font shrinks until every number and every word of a heading fits.
    """
    count = max(1, len(table["columns"]))
    label_width = pdf.content_width * (0.32 if count <= 6 else 0.2)
    number_width = min(NUMBER_COLUMN_MAX, (pdf.content_width - label_width) / count)
    words = {word for column in table["columns"] for word in column_heading(column).split()}
    words |= {text for row in table_rows(table) for text in _number_texts(row, table)}
    for size in FONT_SIZES:
        pdf.set_font(pdf.font_name, "B", size)
        if all(pdf.get_string_width(word) <= number_width - 2 * CELL_PADDING for word in words):
            break
    return size, [label_width, *([number_width] * len(table["columns"]))]


def _pdf_header_rows(pdf_table, table: dict, heading: FontFace) -> None:
    columns = table["columns"]
    grouped = any(column.get("group") for column in columns)
    rowspan = 2 if grouped else 1
    top = pdf_table.row()
    top.cell(table["dimension"], rowspan=rowspan, style=heading, align="L")
    if not grouped:
        for column in columns:
            top.cell(column["label"], style=heading)
        return
    for group, first, count in column_groups(columns):
        if group:
            top.cell(group, colspan=count, style=heading)
        else:
            for column in columns[first : first + count]:
                top.cell(column["label"], rowspan=2, style=heading)
    labels = pdf_table.row()
    for column in columns:
        if column.get("group"):
            labels.cell(column["label"], style=heading)


def _pdf_table(pdf: ReportPDF, table: dict) -> None:
    size, widths = _table_layout(pdf, table)
    grouped = any(column.get("group") for column in table["columns"])
    pdf.set_font(pdf.font_name, "B", 10)
    pdf.multi_cell(0, 5, f"{table['code']} — {table['title']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(pdf.font_name, "", size)
    heading = FontFace(emphasis="BOLD", fill_color=HEADER_GREY)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=widths,
        width=min(sum(widths), pdf.epw),
        align="LEFT",
        text_align=("LEFT", *(["RIGHT"] * len(table["columns"]))),
        line_height=size * 0.45,
        padding=CELL_PADDING,
        num_heading_rows=2 if grouped else 1,
        repeat_headings=1,
        headings_style=heading,
    ) as pdf_table:
        _pdf_header_rows(pdf_table, table, heading)
        for row in table_rows(table):
            style = bold if row is table.get("total") else None
            cells = pdf_table.row(style=style)
            cells.cell(row["label"])
            for text in _number_texts(row, table):
                cells.cell(text)
    if table.get("note"):
        pdf.ln(1)
        pdf.set_font(pdf.font_name, "", 7.5)
        pdf.multi_cell(0, 3.8, table["note"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def pdf_bytes(data: dict) -> bytes:
    pdf = ReportPDF(data=data)
    pdf.add_page()
    for index, table in enumerate(data.get("tables", [])):
        if index and pdf.will_page_break(40):  # a table title never ends a page alone
            pdf.add_page()
        _pdf_table(pdf, table)
    return bytes(pdf.output())


# All files of a version ------------------------------------------------------------------------


def report_files(data: dict, *, kind: str, slug: str, version: int) -> list[tuple[str, str, str, bytes]]:
    """(format, table key or "", file name, content) for the workbook, the PDF and each table's CSV."""
    stem = f"{kind}-{slug}-v{version}"
    files = [
        ("xlsx", "", f"{stem}.xlsx", workbook_bytes(data)),
        ("pdf", "", f"{stem}.pdf", pdf_bytes(data)),
    ]
    for table in data.get("tables", []):
        files.append(("csv", table["key"], f"{stem}-{table['key']}.csv", table_csv_bytes(table)))
    return files
