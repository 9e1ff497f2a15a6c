from django.db import migrations

# A ready version is the record of what was reported: the database itself refuses to change its
# period, data or status, to delete it, or to change or delete its files. Only the e-mail stamp
# (sent_at) and the bookkeeping columns may still move.
SQL = """
CREATE FUNCTION reports_ready_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'ready' THEN
            RAISE EXCEPTION 'report % is a ready version and cannot be deleted', OLD.id;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'ready' AND (
        NEW.status IS DISTINCT FROM OLD.status
        OR NEW.data IS DISTINCT FROM OLD.data
        OR NEW.kind IS DISTINCT FROM OLD.kind
        OR NEW.period IS DISTINCT FROM OLD.period
        OR NEW.period_start IS DISTINCT FROM OLD.period_start
        OR NEW.period_end IS DISTINCT FROM OLD.period_end
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.generated_at IS DISTINCT FROM OLD.generated_at
        OR NEW.code_version IS DISTINCT FROM OLD.code_version
    ) THEN
        RAISE EXCEPTION 'report % is a ready version and cannot be changed', OLD.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_ready_version_guard BEFORE UPDATE OR DELETE ON reports_report
    FOR EACH ROW EXECUTE FUNCTION reports_ready_version_guard();

CREATE FUNCTION reports_ready_file_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reports_report WHERE id = OLD.report_id AND status = 'ready') THEN
        RAISE EXCEPTION 'the files of ready report % cannot be changed', OLD.report_id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_ready_file_guard BEFORE UPDATE OR DELETE ON reports_reportfile
    FOR EACH ROW EXECUTE FUNCTION reports_ready_file_guard();
"""

REVERSE = """
DROP TRIGGER reports_ready_file_guard ON reports_reportfile;
DROP FUNCTION reports_ready_file_guard();
DROP TRIGGER reports_ready_version_guard ON reports_report;
DROP FUNCTION reports_ready_version_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
