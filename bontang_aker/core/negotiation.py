"""The API's content negotiation (REST_FRAMEWORK's DEFAULT_CONTENT_NEGOTIATION_CLASS).

A module of its own: rest_framework.views reads the setting when it is imported, so the class
must not live in a module that imports rest_framework.views (core.api does).
"""

from rest_framework.negotiation import DefaultContentNegotiation


class FormatFirstNegotiation(DefaultContentNegotiation):
    """`?format=json` (the browsable API's own link) gives JSON whatever the Accept header says.

    DRF's default answers 406 when the Accept header lists no JSON type, as a client that asks
    only for text/html does; an explicit format in the URL is the clearer wish.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted:
            renderer = self.filter_renderers(renderers, wanted)[0]  # an unknown format stays a 404
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
