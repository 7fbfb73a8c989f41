from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def home(request):
    return HttpResponse(f"Hello {request.user.email}")


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [
    path("", home),
    path("healthz/", healthz),
    path("accounts/", include("allauth.urls")),
]
