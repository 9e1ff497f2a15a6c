from django.db import migrations


class Migration(migrations.Migration):
    """AK/V letter numbers come from a sequence so concurrent referrals never collide."""

    dependencies = [("placements", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS placements_referral_letter_seq",
            "DROP SEQUENCE IF EXISTS placements_referral_letter_seq",
        )
    ]
