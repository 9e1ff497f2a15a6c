import csv
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from reports import files
from reports.tests.sample import LONG_LABEL, sample_data

LETTERHEAD = "PEMERINTAH KOTA BONTANG — DINAS KETENAGAKERJAAN"


def workbook(data=None):
    return load_workbook(io.BytesIO(files.workbook_bytes(data or sample_data())))


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_workbook_has_a_summary_then_one_sheet_per_table(settings):
    # given the letterhead setting
    settings.REPORT_LETTERHEAD = LETTERHEAD
    # when the workbook is rendered
    book = workbook()
    # then the sheets are the summary and each table's code made sheet-safe ("/" is not allowed)
    assert book.sheetnames == ["Ringkasan", "IPK III-1", "IPK III-5", "IPK III-3"]
    summary = book["Ringkasan"]
    assert summary["A1"].value == LETTERHEAD
    assert ("IPK III/3", "Lowongan menurut golongan jabatan (KBJI)") in list(summary.iter_rows(values_only=True))
    assert any("a8d29e9" in str(cell) for row in summary.iter_rows(values_only=True) for cell in row)


def test_table_sheet_has_letterhead_titles_and_grouped_headings(settings):
    # given
    settings.REPORT_LETTERHEAD = LETTERHEAD
    # when
    sheet = workbook()["IPK III-1"]
    # then the letterhead is bold and spans the 16 columns, above the title, period and table
    assert sheet["A1"].value == LETTERHEAD and sheet["A1"].font.b
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert "A1:P1" in merged
    assert sheet["A2"].value == "Laporan Bulanan Pelayanan Antar Kerja"
    assert "Maret 2026" in sheet["A3"].value
    assert sheet["A4"].value.startswith("IPK III/1")
    # and each group heading spans its L/P/Jumlah, the dimension both header rows
    assert {"B6:D6", "E6:G6", "H6:J6", "K6:M6", "N6:P6", "A6:A7"} <= merged
    assert sheet["E6"].value == "Terdaftar bulan ini"
    assert [sheet.cell(row=7, column=c).value for c in (2, 3, 4)] == ["L", "P", "Jumlah"]


def test_table_sheet_holds_plain_numbers_a_bold_total_and_frozen_headers():
    # when
    book = workbook()
    sheet = book["IPK III-1"]
    # then the first data row (15-19) holds numbers, not text or formulas
    assert sheet["A8"].value == "15-19"
    assert sheet["B8"].value == 10 and sheet["D8"].value == 15
    # and the total row comes after the six rows, bold, with the column sums
    assert sheet["A14"].value == "Jumlah" and sheet["A14"].font.b
    assert sheet["D14"].value == sum(15 * (i + 1) for i in range(6))
    assert sheet.freeze_panes == "B8"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    # and the note is below the table
    assert sheet["A16"].value.startswith("Sisa akhir bulan ini")
    # and a percentage shows one decimal, an undefined one is an empty cell
    rates = book["IPK III-5"]
    assert rates["D8"].value == 27.8 and rates["D8"].number_format == "0.0"
    assert rates["D9"].value is None
    assert rates.freeze_panes == "B7"  # no group row


def test_workbook_has_no_formula_anywhere():
    # given a row label that a spreadsheet would run as a formula
    # when
    book = workbook()
    # then no cell starts with "=": the label was kept as text behind an apostrophe
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [value for value in values if isinstance(value, str) and value.startswith("=")]
    assert '\'=HYPERLINK("http://x.example")' in values
    assert LONG_LABEL in values


def test_sheet_names_are_safe_short_and_unique():
    # given codes with forbidden characters, too long, or the same once cleaned
    tables = [{"code": "IPK III/1", "key": "a"}, {"code": "IPK III:1", "key": "b"}, {"code": "X" * 40, "key": "c"}]
    # when
    names = files.sheet_names(tables)
    # then
    assert names == ["IPK III-1", "IPK III-1 (2)", "X" * 31]


def test_pdf_has_letterhead_tables_and_page_numbers(settings):
    # given
    settings.REPORT_LETTERHEAD = LETTERHEAD
    # when
    content = files.pdf_bytes(sample_data())
    # then
    assert content.startswith(b"%PDF")
    pages, text = pdf_text(content)
    assert text.count(LETTERHEAD) == pages
    assert "IPK III/1 — Pencari kerja menurut golongan umur dan jenis kelamin" in text
    assert "IPK III/5 — Tingkat penempatan menurut pendidikan" in text
    assert f"Halaman 1 dari {pages}" in text
    # and numbers are printed the Indonesian way, a missing percentage as a dash
    assert "SMA/SMK 1.200 333 27,8" in text
    assert "S2 0 0 -" in text
    # and the long label is wrapped rather than cut
    assert "Bontang\nLestari" in text or "Bontang Lestari" in text


def test_long_table_breaks_across_pages_repeating_its_headings():
    # given a flow table of 15 numeric columns and 120 rows
    data = sample_data()
    table = data["tables"][0]
    table["rows"] = [{**row, "label": f"Baris {n}"} for n, row in enumerate(table["rows"] * 20, start=1)]
    data["tables"] = [table]
    # when
    pages, text = pdf_text(files.pdf_bytes(data))
    # then it takes several pages, each with the group headings, and every row is there
    assert pages >= 3
    assert text.count("Sisa akhir bulan lalu Terdaftar bulan ini") == pages
    assert "Baris 1 " in text and "Baris 120 " in text
    assert f"Halaman {pages} dari {pages}" in text


def test_wide_table_fits_the_landscape_width():
    # given 15 numeric columns plus the label column
    data = sample_data()
    pdf = files.ReportPDF(data=data)
    # when
    size, widths = files._table_layout(pdf, data["tables"][0])
    # then the columns fill at most the printable width, in a legible type size
    assert len(widths) == 16
    assert sum(widths) <= pdf.epw + 0.01
    assert 5 <= size <= 9


def test_csv_has_bom_header_rows_and_total():
    # when
    content = files.table_csv_bytes(sample_data()["tables"][0])
    # then
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Golongan umur",
        "Sisa akhir bulan lalu L",
        "Sisa akhir bulan lalu P",
        "Sisa akhir bulan lalu Jumlah",
    ]
    assert len(rows[0]) == 16
    assert rows[1][:4] == ["15-19", "10", "5", "15"]
    assert rows[-1][0] == "Jumlah" and rows[-1][3] == str(sum(15 * (i + 1) for i in range(6)))
    assert len(rows) == 1 + 6 + 1


def test_csv_guards_against_formula_injection():
    # given labels starting with each character a spreadsheet reads as a formula
    table = sample_data()["tables"][1]
    table["rows"] = [{"label": start + "1+1", "code": "", "values": [1, 1, 100.0]} for start in "=+-@\t\r"]
    table["rows"].append({"label": "SD", "code": "", "values": [1, 0, None]})
    # when
    rows = list(csv.reader(io.StringIO(files.table_csv_bytes(table).decode("utf-8-sig"), newline="")))
    # then each gets a leading apostrophe, other labels are unchanged and numbers stay numbers
    labels = [row[0] for row in rows[1:-1]]
    assert labels == ["'=1+1", "'+1+1", "'-1+1", "'@1+1", "'\t1+1", "'\r1+1", "SD"]
    assert rows[-2][1:] == ["1", "0", ""]


def test_report_files_names_every_file_of_the_version():
    # when
    stored = files.report_files(sample_data(), kind="ipk", slug="2026-03", version=2)
    # then the workbook, the PDF and one CSV per table
    assert [(fmt, table, name) for fmt, table, name, _content in stored] == [
        ("xlsx", "", "ipk-2026-03-v2.xlsx"),
        ("pdf", "", "ipk-2026-03-v2.pdf"),
        ("csv", "iii_1_jobseekers", "ipk-2026-03-v2-iii_1_jobseekers.csv"),
        ("csv", "iii_5_placement_rate", "ipk-2026-03-v2-iii_5_placement_rate.csv"),
        ("csv", "iii_3_occupations", "ipk-2026-03-v2-iii_3_occupations.csv"),
    ]
    contents = {fmt: content for fmt, _table, _name, content in stored}
    assert contents["xlsx"].startswith(b"PK") and contents["pdf"].startswith(b"%PDF")
    assert re.search(rb"/Type\s*/Pages", contents["pdf"])


def test_ungrouped_column_beside_groups_spans_both_header_rows():
    # given a table whose last column has no group, and a table without rows
    data = sample_data()
    table = data["tables"][0]
    table["columns"].append({"key": "note", "label": "Lowongan", "group": "", "kind": "count"})
    for row in files.table_rows(table):
        row["values"].append(7)
    data["tables"].append({**data["tables"][1], "key": "empty", "code": "IPK III/9", "rows": [], "total": None})
    # when
    sheet = workbook(data)["IPK III-1"]
    pages, text = pdf_text(files.pdf_bytes(data))
    # then the workbook merges the heading down both header rows, and the PDF prints it
    assert "Q6:Q7" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet["Q6"].value == "Lowongan" and sheet["Q8"].value == 7
    assert "Lowongan" in text and "IPK III/9" in text
