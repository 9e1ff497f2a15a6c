"""Public pages: the home page and the friendly error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from employers.selectors import vacancy_list_public

HOME_VACANCY_COUNT = 10


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query for the vacancies (companies, education, location joined) plus one for skills.
        context["vacancies"] = list(vacancy_list_public()[:HOME_VACANCY_COUNT])
        return context


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", {"request_path": request.path}, status=404)


@requires_csrf_token
def server_error(request):
    """Rendered without a request context: the failure may be in the database or a context processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())
