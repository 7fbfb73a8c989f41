"""
An upload too large for the recovery form is refused before anything reads its body
(the CSRF check would spool it to disk): a page in Indonesian, status 413.
"""

from django.shortcuts import render
from django.urls import reverse

# Two images of 5 MB each, plus the text fields and the multipart framing.
MAX_BODY_BYTES = 11 * 1024 * 1024


class RecoveryUploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and self._too_large(request):
            context = {"max_megabytes": 5}
            return render(request, "support/upload_too_large.html", context, status=413)
        return self.get_response(request)

    @staticmethod
    def _too_large(request) -> bool:
        if not request.path.startswith(reverse("support:start")):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return True
        return length > MAX_BODY_BYTES
