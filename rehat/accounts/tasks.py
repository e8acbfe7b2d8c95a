from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    send_mail(subject, body, None, to)
