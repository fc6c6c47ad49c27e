"""API tokens: created and revoked by a region's coordinators, checked on every API request.

A token reads ``sr_<prefix>_<secret>``. Only the SHA-256 hash of the whole token is stored; the
prefix finds the row, the hash is compared in constant time. Creating, revoking and every use
are written to the audit log (uses at most once a minute per token, with the time of last use
kept exactly).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from smartregion.accounts.models import ApiToken, Membership, User
from smartregion.accounts.roles import lacks_required_totp, set_memberships
from smartregion.core import modules
from smartregion.core.models import record_event
from smartregion.regions.models import Region

PREFIX = "sr_"
LONGEST_VALIDITY = datetime.timedelta(days=366)
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once


def _writes(module: modules.Module) -> bool:
    """Whether any of the module's API operations changes something."""
    for mount in module.api:
        for path_view in import_string(mount.router).path_operations.values():
            if any(set(operation.methods) - {"GET", "HEAD", "OPTIONS"} for operation in path_view.operations):
                return True
    return False


def write_scope_choices() -> list[tuple[str, Any]]:
    """The modules whose API a token may write to: the installed modules with a writing operation."""
    return [(module.key, module.label) for module in modules.modules() if _writes(module)]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(
    *, region: Region, actor: User, name: str, write_scopes: list[str], expires_on: datetime.date
) -> NewToken:
    """A new token for the region; the returned secret is shown once and never again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie dem Schlüssel eine Bezeichnung.")})
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise ValidationError({"name": _("Die Bezeichnung darf keine Steuerzeichen enthalten.")})
    known = {key for key, _label in write_scope_choices()}
    unknown = sorted(set(write_scopes) - known)
    if unknown:
        raise ValidationError(
            {
                "write_scopes": _("Diese Schreibrechte gibt es nicht: %(scopes)s.")
                % {"scopes": ", ".join(unknown)}
            }
        )
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Das Ablaufdatum muss in der Zukunft liegen.")})
    if expires_on > today + LONGEST_VALIDITY:
        raise ValidationError({"expires_on": _("Ein Schlüssel gilt höchstens ein Jahr.")})
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    token = ApiToken.objects.create(
        region=region,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        write_scopes=sorted(set(write_scopes)),
        created_by=actor,
        expires_at=expires_at,
    )
    record_event(
        action="api_token.created",
        obj=token,
        actor=actor,
        region=region,
        details={"name": name, "write_scopes": token.write_scopes, "expires_at": expires_at.isoformat()},
    )
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("Dieser Schlüssel ist bereits widerrufen."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        action="api_token.revoked", obj=token, actor=actor, region=token.region, details={"name": token.name}
    )


def token_from_header(value: str) -> ApiToken | None:
    """The usable token an ``Authorization: Bearer …`` value names, or None."""
    scheme, _space, secret = (value or "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    prefix = secret[len(PREFIX) :].partition("_")[0]
    token = ApiToken.objects.usable().select_related("region", "created_by").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    return token


def principal_of(token: ApiToken) -> User | None:
    """The person the token acts for, limited to the token's region; None once they lost every role
    there (the token then stops working) or their account was switched off."""
    user = token.created_by
    if not user.is_active:
        return None
    memberships = list(Membership.objects.filter(user=user, region=token.region).select_related("region"))
    if not memberships:
        return None
    user.is_superuser = False  # never saved: operators' powers do not pass to a token
    user.is_staff = False
    set_memberships(user, memberships)
    return None if lacks_required_totp(user) else user


def record_use(token: ApiToken, request_method: str, path: str) -> None:
    """Keep the time of last use to the minute and write an audit entry at most once a minute per
    token, so a machine polling the API does not write on every read."""
    now = timezone.now()
    previous = token.last_used_at
    if previous is None or now - previous >= USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record_event(
            action="api_token.used",
            obj=token,
            actor=token.created_by,
            region=token.region,
            details={"method": request_method, "path": path[:200]},
        )


def tokens_of(region: Region) -> list[ApiToken]:
    """The region's tokens, newest first, each with the names of the modules it writes to."""
    labels = dict(write_scope_choices())
    found = list(ApiToken.objects.filter(region=region).select_related("created_by"))
    for token in found:
        token.scope_labels = [str(labels.get(key, key)) for key in token.write_scopes]  # type: ignore[attr-defined]
    return found


def has_write_scope(token: ApiToken, module_key: str) -> bool:
    return module_key in (token.write_scopes or ())
