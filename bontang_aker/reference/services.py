"""Loading the shipped reference data; used by the data migration and `load_reference`."""

from django.apps import apps as global_apps

from bontang_aker.reference import data


def reference_load(*, apps=global_apps) -> dict[str, int]:
    """Create or update every shipped row; returns how many rows each model has afterwards.

    `apps` is the migration state's registry when called from a migration. Names are
    updated, `is_active` is left as staff set it.
    """
    Kecamatan = apps.get_model("reference", "Kecamatan")
    Kelurahan = apps.get_model("reference", "Kelurahan")
    EducationLevel = apps.get_model("reference", "EducationLevel")
    KbliCategory = apps.get_model("reference", "KbliCategory")
    KbjiGroup = apps.get_model("reference", "KbjiGroup")
    Skill = apps.get_model("reference", "Skill")

    for kecamatan_code, kecamatan_name, kelurahan_rows in data.KECAMATAN:
        kecamatan, _ = Kecamatan.objects.update_or_create(code=kecamatan_code, defaults={"name": kecamatan_name})
        for code, name in kelurahan_rows:
            Kelurahan.objects.update_or_create(code=code, defaults={"name": name, "kecamatan": kecamatan})
    for code, name, rank in data.EDUCATION_LEVELS:
        EducationLevel.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    for code, name, first, last in data.KBLI_CATEGORIES:
        KbliCategory.objects.update_or_create(
            code=code, defaults={"name": name, "division_from": first, "division_to": last}
        )
    for code, name in data.KBJI_MAJOR_GROUPS:
        KbjiGroup.objects.update_or_create(code=code, defaults={"name": name, "parent": None})
    for code, name, industry, synonyms in data.SKILLS:
        Skill.objects.update_or_create(code=code, defaults={"name": name, "industry": industry, "synonyms": synonyms})
    return {
        model.__name__: model.objects.count()
        for model in (Kecamatan, Kelurahan, EducationLevel, KbliCategory, KbjiGroup, Skill)
    }
