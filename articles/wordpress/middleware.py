"""Old WordPress addresses answer a permanent redirect to where their content lives now.

Like `django.contrib.redirects`, it looks only at requests that would otherwise be a 404, plus
the front-page query forms WordPress answers (`/?p=23`, `/?page_id=4`, `/?attachment_id=13`).
Unknown addresses keep the site's branded 404.
"""

from django.http import HttpResponsePermanentRedirect

from .addresses import key, new_address, query_key


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.GET:
            old = query_key(request.GET)
            if old and (target := new_address(old)):
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = new_address(key(request.path))
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
