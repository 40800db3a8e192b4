"""Sending email: one message per address, rendered from two templates."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_email(*, to: list[str], template: str, context: dict) -> int:
    """Render ``{template}_subject.txt`` and ``{template}.txt`` and send it to each of ``to``.

    One message per address, so nobody learns who else was sent it. Returns how many were sent.
    """
    if not to:
        return 0
    context = {"service_name": settings.SERVICE_NAME, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return sum(
        EmailMessage(subject=subject, body=body, to=[address]).send() for address in sorted(set(to))
    )
