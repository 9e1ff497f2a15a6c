"""The pure helpers of scripts/dev.py (the run/test bootstrap); its processes are checked by hand and by CI."""

import gettext
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dev_runner", ROOT / "scripts" / "dev.py")
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)

SAMPLE_PO = r"""# Indonesian translation.
#
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: jobseekers/forms.py:10
msgid "A NIK has exactly 16 digits."
msgstr "NIK harus terdiri dari tepat 16 digit."

msgid ""
"A long message "
"on two lines with \"quotes\"\n"
msgstr ""
"Pesan panjang "
"dua baris dengan \"kutip\"\n"

msgctxt "month"
msgid "May"
msgstr "Mei"

msgid "%(n)s vacancy"
msgid_plural "%(n)s vacancies"
msgstr[0] "%(n)s lowongan"
msgstr[1] "%(n)s lowongan (banyak)"

#, fuzzy
msgid "Guessed"
msgstr "Tebakan"

msgid "Untranslated"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Usang"
"""


def _catalog(mo: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(mo))


def test_compiled_po_translates_like_gettext_expects():
    # given / when
    catalog = _catalog(dev.compile_po(SAMPLE_PO))
    # then
    assert catalog.gettext("A NIK has exactly 16 digits.") == "NIK harus terdiri dari tepat 16 digit."
    assert catalog.gettext('A long message on two lines with "quotes"\n') == 'Pesan panjang dua baris dengan "kutip"\n'
    assert catalog.pgettext("month", "May") == "Mei"
    assert catalog.ngettext("%(n)s vacancy", "%(n)s vacancies", 1) == "%(n)s lowongan"
    assert catalog.ngettext("%(n)s vacancy", "%(n)s vacancies", 5) == "%(n)s lowongan (banyak)"
    # fuzzy, empty and obsolete entries stay untranslated
    assert catalog.gettext("Guessed") == "Guessed"
    assert catalog.gettext("Untranslated") == "Untranslated"
    assert catalog.gettext("Obsolete") == "Obsolete"
    assert catalog.info()["content-type"] == "text/plain; charset=UTF-8"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_compiled_po_holds_the_same_messages_as_gnu_msgfmt(tmp_path):
    # given the GNU compiler's output for the same file
    po = tmp_path / "django.po"
    po.write_text(SAMPLE_PO, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(po)], check=True)
    expected = _catalog((tmp_path / "django.mo").read_bytes())
    # when
    ours = _catalog(dev.compile_po(SAMPLE_PO))
    # then
    assert ours._catalog == expected._catalog


def test_env_file_lines_are_parsed_like_a_shell_would():
    text = """
    # comment
    export DATABASE_URL=postgres://u@db:5432/aker
    DJANGO_ALLOWED_HOSTS="a.example,b.example"
    DEMO_PASSWORD='rahasia #1'
    DJANGO_DEBUG=0  # trailing comment
    NOT A VARIABLE
    """
    assert dev.parse_env_file(text) == {
        "DATABASE_URL": "postgres://u@db:5432/aker",
        "DJANGO_ALLOWED_HOSTS": "a.example,b.example",
        "DEMO_PASSWORD": "rahasia #1",
        "DJANGO_DEBUG": "0",
    }


def test_dev_settings_only_use_variables_the_settings_read():
    # A renamed setting would silently turn the laptop defaults (http, console mail) off.
    settings_source = (ROOT / "bontang_aker" / "settings" / "base.py").read_text()
    env = dev.dev_settings_env(8123)
    for name in env:
        assert f'"{name}"' in settings_source, name
    assert env["SITE_URL"] == "http://localhost:8123"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == "0"


def test_install_stamp_changes_with_requirements_and_with_a_new_venv(tmp_path):
    # given
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\n")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    first = dev.install_stamp([requirements], venv)
    # when a pin changes, then
    requirements.write_text("Django==5.2.20\n")
    assert dev.install_stamp([requirements], venv) != first
    # when the venv is recreated with the same pins, then
    requirements.write_text("Django==5.2.19\n")
    assert dev.install_stamp([requirements], venv) == first
    (venv / "pyvenv.cfg").unlink()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert dev.install_stamp([requirements], venv) != first


def test_kept_test_database_is_rebuilt_when_a_migration_changes(tmp_path, monkeypatch):
    # given a project with one migration, and files in places that do not count
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bontang_aker")
    migration = tmp_path / "employers" / "migrations" / "0001_initial.py"
    migration.parent.mkdir(parents=True)
    migration.write_text("operations = []\n")
    (tmp_path / ".venv" / "lib" / "migrations").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "migrations" / "0001_x.py").write_text("x = 1\n")
    first = dev.kept_test_db_stamp()
    # when a file outside the project changes, then nothing to rebuild
    (tmp_path / ".venv" / "lib" / "migrations" / "0001_x.py").write_text("x = 2\n")
    assert dev.kept_test_db_stamp() == first
    # when a migration is edited or added, or the server changes, then rebuild
    migration.write_text("operations = [1]\n")
    assert dev.kept_test_db_stamp() != first
    migration.write_text("operations = []\n")
    (migration.parent / "0002_more.py").write_text("operations = []\n")
    second = dev.kept_test_db_stamp()
    assert second != first
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres:@/bontang_aker?host=/tmp/x")
    assert dev.kept_test_db_stamp() != second
