"""JSON endpoints of the vault, for the signed-in employee's own vault only.

Session + CSRF (X-CSRFToken from <meta name="csrf-token">). Every body is checked
against a strict shape here before the domain functions see it; errors have one
shape, {"error": "<message>", "code": "<code>"}.
"""

import base64
import binascii
import json
import re
import uuid
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.organizations.models import Employee
from rehat.organizations.permissions import EMPLOYEE, role_required
from rehat.vault import domain
from rehat.vault.domain import Keys, VaultError

_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
# AES-GCM: 12-byte IV, 16-byte tag; a wrapped 256-bit key is 12 + 32 + 16 bytes.
IV_BYTES, TAG_BYTES, KEY_BYTES = 12, 16, 32
WRAPPED_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES
MAX_BODY = 2 * 1024 * 1024


class Malformed(Exception):
    pass


def _error(error: VaultError) -> JsonResponse:
    return JsonResponse({"error": error.message, "code": error.code}, status=error.status)


def _malformed() -> JsonResponse:
    message = _("Format data yang dikirim tidak benar.")
    return JsonResponse({"error": message, "code": "malformed"}, status=400)


def _body(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY:
        raise Malformed
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise Malformed from None
    if not isinstance(data, dict):
        raise Malformed
    return data


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Malformed
    return value


def _b64(data: dict[str, Any], key: str, *, low: int, high: int, max_chars: int = 128) -> str:
    """A base64 string of `low`..`high` decoded bytes (max_chars caps it before decoding)."""
    value = data.get(key)
    if not isinstance(value, str) or len(value) > max_chars or not _B64.fullmatch(value):
        raise Malformed
    try:
        size = len(base64.b64decode(value, validate=True))
    except binascii.Error:
        raise Malformed from None
    if not low <= size <= high:
        raise Malformed
    return value


def _keys(data: Any) -> Keys:
    if not isinstance(data, dict):
        raise Malformed
    salt = _b64(data, "salt", low=16, high=64)
    wrapped = _b64(data, "wrapped_key", low=WRAPPED_BYTES, high=WRAPPED_BYTES)
    return Keys(salt=salt, wrapped_key=wrapped)


def _ciphertext(data: dict[str, Any]) -> str:
    return _b64(
        data,
        "ciphertext",
        low=IV_BYTES + TAG_BYTES,
        high=domain.MAX_ITEM_CHARS,
        max_chars=domain.MAX_ITEM_CHARS,
    )


def _code(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise Malformed
    try:
        code = uuid.UUID(value)
    except ValueError:
        raise Malformed from None
    if str(code) != value or code.version != 4:
        raise Malformed
    return code


def _employee(request: AuthenticatedHttpRequest) -> Employee:
    return Employee.objects.get(user=request.user)


def _state(employee: Employee) -> JsonResponse:
    vault = domain.get_vault(employee=employee)
    if vault is None:
        return JsonResponse(
            {"vault": None, "items": [], "iterations": domain.required_iterations()}
        )
    items = [domain.item_to_dict(item) for item in vault.items.order_by("code")]
    return JsonResponse(
        {
            "vault": domain.vault_to_dict(vault),
            "items": items,
            "iterations": domain.required_iterations(),
        }
    )


@never_cache
@require_http_methods(["GET", "POST", "DELETE"])
@role_required(EMPLOYEE)
def vault(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET the whole vault (ciphertext), POST to create it, DELETE to destroy it."""
    employee = _employee(request)
    try:
        if request.method == "POST":
            data = _body(request)
            domain.create_vault(
                employee=employee,
                iterations=_int(data, "iterations"),
                passphrase=_keys(data.get("passphrase")),
                recovery=_keys(data.get("recovery")),
            )
            response = _state(employee)
            response.status_code = 201
            return response
        if request.method == "DELETE":
            if _body(request).get("confirm") is not True:
                raise Malformed
            domain.delete_vault(employee=employee)
            return HttpResponse(status=204)
    except Malformed:
        return _malformed()
    except VaultError as e:
        return _error(e)
    return _state(employee)


@never_cache
@require_POST
@role_required(EMPLOYEE)
def keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Re-wrap the vault key: a new passphrase, and after a recovery a new recovery code."""
    try:
        data = _body(request)
        recovery = data.get("recovery")
        vault = domain.change_keys(
            employee=_employee(request),
            version=_int(data, "version"),
            iterations=_int(data, "iterations"),
            passphrase=_keys(data.get("passphrase")),
            recovery=None if recovery is None else _keys(recovery),
            recovery_id=str(recovery.get("replaces", "")) if isinstance(recovery, dict) else "",
        )
    except Malformed:
        return _malformed()
    except VaultError as e:
        return _error(e)
    return JsonResponse({"vault": domain.vault_to_dict(vault)})


@never_cache
@require_POST
@role_required(EMPLOYEE)
def items(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add many new blobs at once (import)."""
    try:
        rows = _body(request).get("items")
        if not isinstance(rows, list) or not 1 <= len(rows) <= domain.MAX_BATCH:
            raise Malformed
        parsed = []
        for row in rows:
            if not isinstance(row, dict):
                raise Malformed
            parsed.append((_code(row.get("id")), _ciphertext(row)))
        if len({code for code, _c in parsed}) != len(parsed):
            raise Malformed
        created = domain.add_items(employee=_employee(request), items=parsed)
    except Malformed:
        return _malformed()
    except VaultError as e:
        return _error(e)
    return JsonResponse({"items": [domain.item_to_dict(item) for item in created]}, status=201)


@never_cache
@require_http_methods(["PUT", "DELETE"])
@role_required(EMPLOYEE)
def item(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """PUT one blob (revision 0 creates it), or DELETE it."""
    try:
        parsed = _code(code)
        if request.method == "DELETE":
            domain.delete_item(employee=_employee(request), code=parsed)
            return HttpResponse(status=204)
        data = _body(request)
        stored = domain.put_item(
            employee=_employee(request),
            code=parsed,
            revision=_int(data, "revision"),
            ciphertext=_ciphertext(data),
        )
    except Malformed:
        return _malformed()
    except VaultError as e:
        return _error(e)
    return JsonResponse(domain.item_to_dict(stored))
