"""The default ``CSRF_FAILURE_VIEW``: a 403 that says why the request was refused.

The reason (one of ``scallion.middleware.csrf.REASON_*``) is always shown: it
describes the visitor's own request and holds no secret. With DEBUG on, the
page also explains the usual causes and fixes, as Django's does.
"""

from __future__ import annotations

from html import escape

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponseForbidden

_BASE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE">
<title>403 Forbidden</title></head>
<body>
<h1>Forbidden <span>(403)</span></h1>
<p>CSRF verification failed. Request aborted.</p>
<p>Reason given for failure:</p>
<pre>{reason}</pre>
{details}
</body>
</html>
"""

_NO_REFERER_HELP = (
    "<p>You are seeing this message because this HTTPS site requires a "
    "“Referer header” to be sent by your web browser, but none was sent. "
    "This header is required for security reasons, to ensure that your browser is not "
    "being hijacked by third parties.</p>"
    "<p>If you have configured your browser to disable “Referer” headers, "
    "please re-enable them, at least for this site, or for HTTPS connections, or for "
    "“same-origin” requests.</p>"
    "<p>If you are using the &lt;meta name=&quot;referrer&quot; "
    "content=&quot;no-referrer&quot;&gt; tag or including the "
    "“Referrer-Policy: no-referrer” header, please remove them. The CSRF "
    "check compares the “Referer” header with this site (strict referer "
    "checking); to keep links to other sites private, mark those links "
    "&lt;a rel=&quot;noreferrer&quot; …&gt; instead.</p>"
)
_NO_COOKIE_HELP = (
    "<p>You are seeing this message because this site requires a CSRF cookie when "
    "submitting forms. This cookie is required for security reasons, to ensure that your "
    "browser is not being hijacked by third parties.</p>"
    "<p>If you have configured your browser to disable cookies, please re-enable them, "
    "at least for this site, or for “same-origin” requests.</p>"
)
_DEBUG_HELP = """<div id="info">
<h2>Help</h2>
<p>In general, this can occur when there is a genuine Cross Site Request Forgery, or
when scallion's CSRF mechanism has not been used correctly. For POST forms, you need to
ensure:</p>
<ul>
<li>Your browser is accepting cookies.</li>
<li>The view passes a <code>request</code> to the template's render method (or uses
<code>scallion.shortcuts.render</code>), so the template can reach the token.</li>
<li>In the template (Jinja2), there is a <code>{{ csrf_input }}</code> inside each POST
form that targets an internal URL.</li>
<li>If you are not using <code>CsrfViewMiddleware</code>, then you must use
<code>csrf_protect</code> on any view that uses the token, as well as those that accept
the POST data.</li>
<li>JavaScript clients send the token in the <code>X-CSRFToken</code> header
(<code>CSRF_HEADER_NAME</code>), read from the <code>csrftoken</code> cookie or the page.</li>
<li>The form has a valid CSRF token. After logging in in another browser tab or hitting
the back button after a login, you may need to reload the page with the form, because
the token is rotated after a login.</li>
<li>Behind a proxy or on another origin, <code>CSRF_TRUSTED_ORIGINS</code> lists the
origin (scheme and host) the browser sees, and <code>SECURE_PROXY_SSL_HEADER</code> tells
scallion when the original request was HTTPS.</li>
</ul>
<p>You are seeing the help section of this page because you have <code>DEBUG = True</code>
in your settings. Change that to <code>False</code>, and only the initial error message
will be displayed.</p>
<p>You can customize this page using the <code>CSRF_FAILURE_VIEW</code> setting.</p>
</div>"""


#: The template a project may provide for this page (Django's name); the built-in
#: page is used when no engine has it.
CSRF_FAILURE_TEMPLATE_NAME = "403_csrf.html"


def csrf_failure(
    request: HttpRequest, reason: str = "", template_name: str = CSRF_FAILURE_TEMPLATE_NAME
) -> HttpResponseForbidden:
    """The 403 sent when ``CsrfViewMiddleware`` rejects a request.

    A project's ``403_csrf.html`` (found by its template engines, rendered with the
    request, so context processors such as the CSP nonce apply) replaces the
    built-in page. Another ``template_name`` must exist: TemplateDoesNotExist
    otherwise, as in Django.
    """
    from scallion.template import TemplateDoesNotExist, loader

    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        if template_name != CSRF_FAILURE_TEMPLATE_NAME:
            raise
    else:
        return HttpResponseForbidden(
            template.render(request=request), content_type="text/html; charset=utf-8"
        )
    return _builtin_page(reason)


def _builtin_page(reason: str) -> HttpResponseForbidden:
    from scallion.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER

    details = []
    if reason == REASON_NO_REFERER:
        details.append(_NO_REFERER_HELP)
    elif reason == REASON_NO_CSRF_COOKIE:
        details.append(_NO_COOKIE_HELP)
    if settings.DEBUG:
        details.append(_DEBUG_HELP)
    body = _BASE.format(reason=escape(reason), details="\n".join(details))
    return HttpResponseForbidden(body, content_type="text/html; charset=utf-8")


__all__ = ["CSRF_FAILURE_TEMPLATE_NAME", "csrf_failure"]
