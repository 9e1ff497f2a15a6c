"""Response headers that Django's own SecurityMiddleware does not set."""

from django.conf import settings

# The portal uses none of these browser features; a page (or an injected script) cannot ask for them.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
    "interest-cohort": "()",
    "browsing-topics": "()",
}


class PermissionsPolicyMiddleware:
    """Sets the Permissions-Policy header on every response that does not set its own.

    The policy is the `PERMISSIONS_POLICY` setting (feature → allowlist), by default every
    feature above switched off.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.header = ", ".join(f"{feature}={allowlist}" for feature, allowlist in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
