"""A notice tells one person about a change that concerns them, in the portal and by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """Written once per (recipient, key) by `notice_send`; only `read_at` and `emailed_at` change later."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    key = models.CharField(
        _("key"),
        max_length=100,
        help_text=_("What the notice is about, e.g. akicard:12:issued; one notice per recipient and key."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    url = models.CharField(_("link"), max_length=300, blank=True, help_text=_("A path inside the portal."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notice_once_per_recipient_key")]
        # The header's unread count on every page: recipient = … AND read_at IS NULL.
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
            # The sweep of notices still to e-mail (notices_email_unsent): only the unsent ones.
            models.Index(fields=["created_at"], name="notice_unsent_created", condition=models.Q(emailed_at=None)),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
