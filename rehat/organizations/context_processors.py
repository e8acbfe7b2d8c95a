from django.http import HttpRequest

from rehat.organizations.permissions import roles_of


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_roles": frozenset()}
    return {"my_roles": roles_of(user)}
