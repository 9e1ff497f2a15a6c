from celery import shared_task


# Longer than the default limits: a dump of a large database takes a while. Not retried: a failed
# night shows as a task incident in the admin and the next night tries again.
@shared_task(soft_time_limit=2 * 60 * 60, time_limit=2 * 60 * 60 + 300)
def backup_database_task():
    """The nightly backup (CELERY_BEAT_SCHEDULE "backup-database")."""
    import logging

    from bontang_aker.ops.backups import backup_database

    backup = backup_database()
    logging.getLogger(__name__).info(
        "backup written",
        extra={
            "backup": backup.path.name,
            "size_bytes": backup.size,
            "seconds": round(backup.seconds, 1),
            "pruned": len(backup.pruned),
        },
    )
    return backup.path.name
