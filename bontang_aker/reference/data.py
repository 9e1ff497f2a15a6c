"""Reference data shipped with the portal (../shared/domain.md, section 4).

Loaded by the reference migrations and re-applied by `manage.py load_reference`, which
updates names and adds new rows without touching rows staff have deactivated.
"""

KOTA_BONTANG_CODE = "64.74"

# (kecamatan code, name, [(kelurahan code, name), ...]) — Kemendagri codes.
KECAMATAN = [
    (
        "64.74.01",
        "Bontang Utara",
        [
            ("64.74.01.1001", "Bontang Kuala"),
            ("64.74.01.1002", "Bontang Baru"),
            ("64.74.01.1003", "Lok Tuan"),
            ("64.74.01.1004", "Guntung"),
            ("64.74.01.1005", "Gunung Elai"),
            ("64.74.01.1006", "Api-Api"),
        ],
    ),
    (
        "64.74.02",
        "Bontang Selatan",
        [
            ("64.74.02.1001", "Tanjung Laut"),
            ("64.74.02.1002", "Berbas Tengah"),
            ("64.74.02.1003", "Berbas Pantai"),
            ("64.74.02.1004", "Satimpo"),
            ("64.74.02.1005", "Bontang Lestari"),
            ("64.74.02.1006", "Tanjung Laut Indah"),
        ],
    ),
    (
        "64.74.03",
        "Bontang Barat",
        [
            ("64.74.03.1001", "Belimbing"),
            ("64.74.03.1002", "Gunung Telihan"),
            ("64.74.03.1003", "Kanaan"),
        ],
    ),
]

# (code, name, rank) — SMA and SMK kept apart: SMK graduates are a priority group.
EDUCATION_LEVELS = [
    ("TTSD", "Tidak tamat SD", 0),
    ("SD", "SD / sederajat", 10),
    ("SMP", "SMP / sederajat", 20),
    ("SMA", "SMA / MA", 30),
    ("SMK", "SMK", 31),
    ("D1", "Diploma I", 40),
    ("D2", "Diploma II", 50),
    ("D3", "Diploma III", 60),
    ("D4", "Diploma IV / Sarjana Terapan", 70),
    ("S1", "Sarjana (S1)", 71),
    ("S2", "Magister (S2)", 80),
    ("S3", "Doktor (S3)", 90),
]

# KBLI 2020 categories: (code, name, first division, last division).
KBLI_CATEGORIES = [
    ("A", "Pertanian, Kehutanan dan Perikanan", 1, 3),
    ("B", "Pertambangan dan Penggalian", 5, 9),
    ("C", "Industri Pengolahan", 10, 33),
    ("D", "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin", 35, 35),
    ("E", "Pengelolaan Air, Air Limbah, Daur Ulang Sampah dan Remediasi", 36, 39),
    ("F", "Konstruksi", 41, 43),
    ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", 45, 47),
    ("H", "Pengangkutan dan Pergudangan", 49, 53),
    ("I", "Akomodasi dan Penyediaan Makan Minum", 55, 56),
    ("J", "Informasi dan Komunikasi", 58, 63),
    ("K", "Aktivitas Keuangan dan Asuransi", 64, 66),
    ("L", "Real Estat", 68, 68),
    ("M", "Aktivitas Profesional, Ilmiah dan Teknis", 69, 75),
    ("N", "Aktivitas Penyewaan, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha", 77, 82),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", 84, 84),
    ("P", "Pendidikan", 85, 85),
    ("Q", "Aktivitas Kesehatan Manusia dan Aktivitas Sosial", 86, 88),
    ("R", "Kesenian, Hiburan dan Rekreasi", 90, 93),
    ("S", "Aktivitas Jasa Lainnya", 94, 96),
    ("T", "Aktivitas Rumah Tangga sebagai Pemberi Kerja", 97, 98),
    ("U", "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya", 99, 99),
]

# KBJI 2014 major groups (follows ISCO-08).
KBJI_MAJOR_GROUPS = [
    ("0", "TNI dan Polri"),
    ("1", "Manajer"),
    ("2", "Profesional"),
    ("3", "Teknisi dan Asisten Profesional"),
    ("4", "Tenaga Tata Usaha"),
    ("5", "Tenaga Usaha Jasa dan Tenaga Penjualan"),
    ("6", "Pekerja Terampil Pertanian, Kehutanan dan Perikanan"),
    ("7", "Pekerja Pengolahan, Kerajinan dan YBDI"),
    ("8", "Operator dan Perakit Mesin"),
    ("9", "Pekerja Kasar"),
]

# Starter skill vocabulary for Bontang's industries: (code, name, industry, synonyms).
SKILLS = [
    (
        "las-smaw",
        "Pengelasan SMAW",
        "konstruksi",
        ["las", "pengelasan", "mengelas", "welder", "welding", "tukang las", "las listrik"],
    ),
    ("las-gtaw", "Pengelasan GTAW (TIG)", "konstruksi", ["las", "pengelasan", "las argon", "tig welding", "welder"]),
    ("pipe-fitter", "Pipe fitter", "konstruksi", ["pemasangan pipa", "fitter", "pipa"]),
    ("scaffolding", "Scaffolding", "konstruksi", ["perancah", "scaffolder", "scaffolding inspector"]),
    ("rigging", "Rigging", "konstruksi", ["rigger", "pengangkatan beban"]),
    ("operator-crane", "Operator crane", "konstruksi", ["crane operator", "operator derek"]),
    ("k3-umum", "Ahli K3 Umum", "semua industri", ["k3", "hse", "keselamatan kerja", "safety officer"]),
    ("listrik-industri", "Instalasi listrik industri", "semua industri", ["electrician", "teknisi listrik"]),
    ("instrumentasi", "Instrumentasi dan kontrol", "petrokimia", ["instrument technician", "instrumentation"]),
    ("mekanik-rotating", "Mekanik rotating equipment", "petrokimia", ["mekanik", "pompa", "kompresor"]),
    ("operator-proses", "Operator proses kimia", "petrokimia", ["process operator", "operator pabrik"]),
    ("analis-lab", "Analis laboratorium kimia", "petrokimia", ["lab analyst", "analis kimia"]),
    ("operator-amonia-urea", "Operator pabrik amonia/urea", "pupuk", ["operator pupuk", "urea", "amonia"]),
    ("operator-lng", "Operator kilang LNG", "LNG", ["lng", "gas alam cair", "kilang"]),
    ("operator-alat-berat", "Operator alat berat", "batu bara", ["excavator", "dump truck", "heavy equipment"]),
    ("blasting", "Juru ledak (blasting)", "batu bara", ["peledakan", "blaster"]),
    ("surveyor-tambang", "Surveyor tambang", "batu bara", ["mine surveyor", "pengukuran"]),
    ("sopir-sim-b2", "Pengemudi SIM B2", "transportasi", ["sopir", "driver", "supir truk"]),
    ("drafter-autocad", "Drafter AutoCAD", "konstruksi", ["drafter", "autocad", "gambar teknik"]),
    ("administrasi-kantor", "Administrasi perkantoran", "jasa", ["admin", "staf administrasi", "office"]),
    ("akuntansi", "Akuntansi", "jasa", ["accounting", "pembukuan", "akuntan"]),
    ("microsoft-office", "Microsoft Office", "jasa", ["excel", "word", "komputer"]),
    ("pelayanan-pelanggan", "Pelayanan pelanggan", "jasa", ["customer service", "cs", "resepsionis"]),
    ("tata-boga", "Tata boga / juru masak", "jasa", ["cook", "koki", "masak", "catering"]),
    ("housekeeping", "Housekeeping", "jasa", ["kebersihan", "cleaning service", "cleaner"]),
    ("satpam-gada-pratama", "Satpam (Gada Pratama)", "jasa", ["security", "satpam", "keamanan"]),
    ("perawat", "Keperawatan", "kesehatan", ["perawat", "nurse", "ners"]),
    ("nelayan", "Penangkapan ikan", "perikanan", ["nelayan", "fisherman"]),
    ("bahasa-inggris", "Bahasa Inggris", "semua industri", ["english", "toefl"]),
    ("tukang-bangunan", "Tukang bangunan", "konstruksi", ["tukang batu", "mason", "tukang kayu"]),
]
