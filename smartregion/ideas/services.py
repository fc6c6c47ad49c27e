"""Writes of ideas: submission and e-mail confirmation, moderation, merging, support and comments.

Permissions are the caller's business (views and API check the named rules); these functions
check the state of the data and raise ValidationError with German messages. Mails go out after
the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q, TextField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.core.mail import send_mail
from smartregion.core.models import record_event
from smartregion.core.modules import Erased, Retained
from smartregion.core.scoping import across_regions, scopes_disabled
from smartregion.core.validators import validate_single_line
from smartregion.ideas.images import checked_image
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction

# How long the link in a confirmation mail works.
CONFIRMATION_DAYS = 7
MAX_REASON_LENGTH = 2000
MAX_EMAIL_LENGTH = 254  # the length of the EmailField columns
# Model fields that full_clean need not look at when an idea is submitted.
_NOT_CLEANED = [
    "region",
    "field",
    "municipality",
    "author",
    "author_email",
    "merged_into",
    "confirmation_token",
    "image",
]

Errors = dict[str, list[str]]


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _normalise_email(email: str, errors: Errors, field: str = "author_email") -> str:
    address = (email or "").strip().lower()
    try:
        validate_email(address)
        if len(address) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
    except ValidationError:
        _add(errors, field, _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    return address


def _link(url_name: str, region: Region, token: str) -> str:
    return settings.SITE_URL + reverse(url_name, kwargs={"region_slug": region.slug, "token": token})


def _expired(created_at: Any) -> bool:
    return bool(created_at < timezone.now() - timedelta(days=CONFIRMATION_DAYS))


# Submission


def _check_place(
    region: Region, field: FieldOfAction | None, municipality: Municipality | None, errors: Errors
) -> None:
    """Field and municipality must belong to the region; each is required where the region has any."""
    region_fields = FieldOfAction.objects.filter(strategy__region=region)
    if field is not None and not region_fields.filter(pk=field.pk).exists():
        _add(errors, "field", _("Bitte wählen Sie ein Handlungsfeld dieser Region."))
    elif field is None and region_fields.exists():
        _add(errors, "field", _("Bitte wählen Sie ein Handlungsfeld."))
    if municipality is not None and municipality.region_id != region.pk:
        _add(errors, "municipality", _("Bitte wählen Sie eine Kommune dieser Region."))
    elif municipality is None and Municipality.objects.filter(region=region).exists():
        _add(errors, "municipality", _("Bitte wählen Sie die Kommune, die Ihre Idee betrifft."))


def _check_author(idea: Idea, author: Any, errors: Errors) -> None:
    if _signed_in(author):
        # The account stands for the person; name and address given beside it are not used.
        idea.author = author
        idea.author_name = getattr(author, "name", "") or ""
        idea.author_email = ""
        idea.status = IdeaStatus.SUBMITTED
        return
    idea.status = IdeaStatus.UNCONFIRMED
    if not idea.author_name:
        _add(errors, "author_name", _("Bitte geben Sie Ihren Namen an."))
    idea.author_email = _normalise_email(idea.author_email, errors)


def _check_title(idea: Idea, errors: Errors) -> None:
    # The title goes into mail subjects and headings: one line only.
    try:
        validate_single_line(idea.title)
    except ValidationError as error:
        _add(errors, "title", error.messages[0])


def _checked_upload(image: UploadedFile | None, image_alt: str, errors: Errors) -> Any:
    if image is None:
        return None
    if not image_alt:
        _add(errors, "image_alt", _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist."))
    try:
        return checked_image(image)
    except ValidationError as error:
        for message in error.messages:
            _add(errors, "image", message)
    return None


def _full_clean(instance: Model, errors: Errors, exclude: list[str]) -> None:
    """Model validation, plus what it leaves to forms: the length of text fields and NUL characters
    (which PostgreSQL refuses). A field that already has an error keeps only that one."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.name in exclude or field.name in errors or not isinstance(value, str):
            continue
        if "\x00" in value:
            _add(errors, field.name, _("Der Text enthält ein unzulässiges Steuerzeichen."))
        elif isinstance(field, TextField) and field.max_length and len(value) > field.max_length:
            _add(
                errors,
                field.name,
                _("Höchstens %(limit)d Zeichen sind erlaubt, es sind %(count)d.")
                % {"limit": field.max_length, "count": len(value)},
            )
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors[name] = list(messages)


def submit_idea(
    *,
    region: Region,
    author: Any,
    title: str,
    description: str,
    field: FieldOfAction | None = None,
    municipality: Municipality | None = None,
    place: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    author_name: str = "",
    author_email: str = "",
) -> Idea:
    """Save a new idea.

    From a signed-in person it waits for moderation (``submitted``); without an account it is
    ``unconfirmed`` until the address in ``author_email`` is confirmed by the link mailed to it.
    Every problem is reported at once, by field; nothing is saved then.
    """
    idea = Idea(
        region=region,
        title=(title or "").strip(),
        description=(description or "").strip(),
        field=field,
        municipality=municipality,
        place=(place or "").strip(),
        image_alt=(image_alt or "").strip(),
        author_name=(author_name or "").strip(),
        author_email=author_email or "",
    )
    errors: Errors = {}
    _check_title(idea, errors)
    _check_author(idea, author, errors)
    _check_place(region, field, municipality, errors)
    upload = _checked_upload(image, idea.image_alt, errors)
    _full_clean(idea, errors, _NOT_CLEANED)
    if errors:
        raise ValidationError(errors)
    if upload is None:
        idea.image_alt = ""
    with transaction.atomic():
        if upload is not None:
            idea.image.save(upload.name, upload, save=False)
        idea.save()
        record_event(
            action="idea.submitted", obj=idea, actor=author, region=region, details={"status": idea.status}
        )
        if idea.status == IdeaStatus.UNCONFIRMED:
            idea_id = idea.pk
            transaction.on_commit(lambda: _send_idea_confirmation(idea_id))
    return idea


@transaction.atomic
def confirm_idea_email(*, region: Region, token: str) -> Idea:
    """Confirm the author's address: the idea moves to the moderation queue.

    Using the link again changes nothing. An unknown or expired link raises ValidationError.
    """
    idea = Idea.objects.select_for_update().filter(region=region, confirmation_token=token).first()
    if idea is None:
        raise ValidationError(_("Dieser Bestätigungslink ist ungültig."), code="invalid_token")
    if idea.status != IdeaStatus.UNCONFIRMED:
        return idea
    if _expired(idea.created_at):
        raise ValidationError(
            _("Dieser Bestätigungslink ist abgelaufen. Bitte reichen Sie Ihre Idee noch einmal ein."),
            code="expired",
        )
    idea.status = IdeaStatus.SUBMITTED
    idea.save(update_fields=["status"])
    record_event(action="idea.email_confirmed", obj=idea, region=region)
    return idea


# Moderation


def _locked(idea: Idea) -> Idea:
    return Idea.objects.select_for_update().select_related("region").get(pk=idea.pk)


@transaction.atomic
def publish_idea(*, idea: Idea, actor: Any) -> Idea:
    """Publish an idea from the moderation queue; only ``submitted`` ideas can be published."""
    idea = _locked(idea)
    if idea.status != IdeaStatus.SUBMITTED:
        raise ValidationError(
            _("Nur Ideen, die auf Freigabe warten, können veröffentlicht werden."), code="not_submitted"
        )
    idea.status = IdeaStatus.PUBLISHED
    idea.published_at = timezone.now()
    idea.save(update_fields=["status", "published_at"])
    record_event(action="idea.published", obj=idea, actor=actor, region=idea.region)
    return idea


@transaction.atomic
def reject_idea(*, idea: Idea, actor: Any, reason: str) -> Idea:
    """Reject a waiting or published idea with a reason; the author gets it by mail after commit."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    if "\x00" in reason:
        raise ValidationError({"reason": _("Der Text enthält ein unzulässiges Steuerzeichen.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Die Begründung darf höchstens %(limit)d Zeichen lang sein.")
                % {"limit": MAX_REASON_LENGTH}
            }
        )
    idea = _locked(idea)
    if idea.status not in (IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED):
        raise ValidationError(_("Diese Idee kann nicht mehr abgelehnt werden."), code="not_rejectable")
    idea.status = IdeaStatus.REJECTED
    idea.rejection_reason = reason
    idea.save(update_fields=["status", "rejection_reason"])
    record_event(
        action="idea.rejected", obj=idea, actor=actor, region=idea.region, details={"reason": reason}
    )
    idea_id = idea.pk
    transaction.on_commit(lambda: _send_rejection(idea_id))
    return idea


@transaction.atomic
def merge_ideas(*, duplicate: Idea, target: Idea, actor: Any) -> Idea:
    """Merge a duplicate into a published idea of the same region and return the target.

    The duplicate's supports move over; a person who supports both counts once. The duplicate
    gets the status ``merged`` and points to the target; its comments stay where they are.
    """
    if duplicate.pk == target.pk:
        raise ValidationError({"target": _("Eine Idee kann nicht mit sich selbst zusammengeführt werden.")})
    if duplicate.region_id != target.region_id:
        raise ValidationError({"target": _("Es können nur Ideen derselben Region zusammengeführt werden.")})
    # Lock in a fixed order, so two merges of the same pair cannot deadlock.
    locked = {
        i.pk: i
        for i in Idea.objects.select_for_update().filter(pk__in=[duplicate.pk, target.pk]).order_by("pk")
    }
    duplicate, target = locked[duplicate.pk], locked[target.pk]
    if duplicate.status not in (IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED):
        raise ValidationError(_("Diese Idee kann nicht mehr zusammengeführt werden."), code="not_mergeable")
    if target.status != IdeaStatus.PUBLISHED:
        raise ValidationError(
            {"target": _("Zusammenführen ist nur mit einer veröffentlichten Idee möglich.")}
        )
    # Supports of people who deleted their account count without a row (``erase_person``): they move too.
    anonymous = (
        duplicate.support_count
        - IdeaSupport.objects.filter(idea=duplicate, confirmed_at__isnull=False).count()
    )
    moved = _move_supports(duplicate, target) + max(anonymous, 0)
    duplicate.status = IdeaStatus.MERGED
    duplicate.merged_into = target
    duplicate.support_count = 0
    duplicate.save(update_fields=["status", "merged_into", "support_count"])
    Idea.objects.filter(pk=target.pk).update(support_count=F("support_count") + moved)
    record_event(
        action="idea.merged",
        obj=duplicate,
        actor=actor,
        region=duplicate.region,
        details={"into": target.pk, "supports_moved": moved},
    )
    target.refresh_from_db()
    return target


def _move_supports(duplicate: Idea, target: Idea) -> int:
    """Move the duplicate's supports to the target, keeping one per person; return the confirmed moved."""
    on_target = list(IdeaSupport.objects.filter(idea=target).only("user_id", "email", "confirmed_at"))
    by_user = {s.user_id: s for s in on_target if s.user_id}
    by_email = {s.email: s for s in on_target if s.email}
    drop: list[int] = []
    move: list[IdeaSupport] = []
    for support in IdeaSupport.objects.filter(idea=duplicate).only("user_id", "email", "confirmed_at"):
        same_person = {by_user.get(support.user_id or 0), by_email.get(support.email)} - {None}
        if not same_person:
            move.append(support)
        elif support.confirmed_at and not any(s.confirmed_at for s in same_person if s):
            # Only the duplicate's support was confirmed: it replaces the unconfirmed one.
            drop.extend(s.pk for s in same_person if s)
            move.append(support)
        else:
            drop.append(support.pk)
    IdeaSupport.objects.filter(pk__in=drop).delete()
    IdeaSupport.objects.filter(pk__in=[s.pk for s in move]).update(idea=target)
    return sum(1 for s in move if s.confirmed_at)


# Support


def support_idea(*, idea: Idea, user: Any = None, email: str = "") -> IdeaSupport:
    """Support a published idea once per person.

    A signed-in person's support counts at once. A support by e-mail counts only after the
    address is confirmed by the link mailed to it; asking again for an unconfirmed address sends
    the link again. ``support_count`` changes in the same transaction.
    """
    with transaction.atomic():
        # The lock serialises supports of one idea, so the checks below cannot race.
        idea = Idea.objects.select_for_update().select_related("region").get(pk=idea.pk)
        if idea.status != IdeaStatus.PUBLISHED:
            raise ValidationError(
                _("Nur veröffentlichte Ideen können unterstützt werden."), code="not_published"
            )
        if _signed_in(user):
            return _support_by_account(idea, user)
        return _support_by_email(idea, email)


def _support_by_account(idea: Idea, user: Any) -> IdeaSupport:
    address = (user.email or "").strip().lower()
    same_person = IdeaSupport.objects.filter(idea=idea).filter(Q(user=user) | Q(email=address))
    if any(s.user_id == user.pk or s.confirmed_at for s in same_person):
        raise ValidationError(_("Sie unterstützen diese Idee bereits."), code="already_supported")
    # An unconfirmed support by the same address: the account proves the address, so it is replaced.
    same_person.delete()
    support = _create_support(idea, user=user, email=address, confirmed_at=timezone.now())
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    return support


def _support_by_email(idea: Idea, email: str) -> IdeaSupport:
    errors: Errors = {}
    address = _normalise_email(email, errors, field="email")
    if errors:
        raise ValidationError(errors)
    support = IdeaSupport.objects.filter(idea=idea, email=address).first()
    if support is not None and support.confirmed_at:
        raise ValidationError(
            {"email": _("Mit dieser E-Mail-Adresse wurde die Idee bereits unterstützt.")},
            code="already_supported",
        )
    if support is None:
        support = _create_support(idea, user=None, email=address, confirmed_at=None)
    support_id = support.pk
    transaction.on_commit(lambda: _send_support_confirmation(support_id))
    return support


def _create_support(idea: Idea, *, user: Any, email: str, confirmed_at: Any) -> IdeaSupport:
    try:
        with transaction.atomic():
            return IdeaSupport.objects.create(idea=idea, user=user, email=email, confirmed_at=confirmed_at)
    except IntegrityError as exc:
        raise ValidationError(
            _("Diese Idee wird von Ihnen bereits unterstützt."), code="already_supported"
        ) from exc


@transaction.atomic
def confirm_support(*, region: Region, token: str) -> IdeaSupport:
    """Confirm a support by e-mail; from then on it counts. Using the link again changes nothing."""
    found = (
        IdeaSupport.objects.filter(idea__region=region, confirmation_token=token)
        .values_list("idea_id", flat=True)
        .first()
    )
    if found is None:
        raise ValidationError(_("Dieser Bestätigungslink ist ungültig."), code="invalid_token")
    idea = Idea.objects.select_for_update().get(pk=found)
    support = IdeaSupport.objects.select_for_update().get(confirmation_token=token)
    if support.confirmed_at is not None:
        return support
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(_("Diese Idee kann nicht mehr unterstützt werden."), code="not_published")
    if _expired(support.created_at):
        raise ValidationError(
            _("Dieser Bestätigungslink ist abgelaufen. Bitte unterstützen Sie die Idee noch einmal."),
            code="expired",
        )
    support.confirmed_at = timezone.now()
    support.save(update_fields=["confirmed_at"])
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    return support


# Comments


def comment_on_idea(
    *, idea: Idea, text: str, author: Any = None, author_name: str = "", publish: bool = False
) -> IdeaComment:
    """Add a comment to a published idea. It waits for moderation unless ``publish`` is set."""
    errors: Errors = {}
    comment = IdeaComment(
        idea=idea,
        text=(text or "").strip(),
        author=author if _signed_in(author) else None,
        author_name=(author_name or "").strip()
        or (getattr(author, "name", "") if _signed_in(author) else ""),
        status=CommentStatus.PUBLISHED if publish else CommentStatus.PENDING,
    )
    if not _signed_in(author) and not comment.author_name:
        _add(errors, "author_name", _("Bitte geben Sie Ihren Namen an."))
    _full_clean(comment, errors, ["idea", "author"])
    with transaction.atomic():
        status = Idea.objects.select_for_update().values_list("status", flat=True).get(pk=idea.pk)
        if status != IdeaStatus.PUBLISHED:
            raise ValidationError(
                _("Kommentare sind nur zu veröffentlichten Ideen möglich."), code="idea_not_published"
            )
        if errors:
            raise ValidationError(errors)
        comment.save()
    return comment


@transaction.atomic
def moderate_comment(*, comment: IdeaComment, actor: Any, publish: bool) -> IdeaComment:
    """Publish a comment, or hide it (it stays stored and can be published later)."""
    comment = IdeaComment.objects.select_for_update().select_related("idea__region").get(pk=comment.pk)
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.HIDDEN
    comment.save(update_fields=["status"])
    record_event(
        action="idea_comment.published" if publish else "idea_comment.hidden",
        obj=comment,
        actor=actor,
        region=comment.idea.region,
        details={"idea": comment.idea_id},
    )
    return comment


# Mails, sent after commit


def _send_idea_confirmation(idea_id: int) -> None:
    idea = Idea.objects.select_related("region").get(pk=idea_id)
    context = {
        "idea": idea,
        "link": _link("ideas:idea_confirm", idea.region, idea.confirmation_token),
        "days": CONFIRMATION_DAYS,
    }
    send_mail(
        subject=_("Bitte bestätigen Sie Ihre Idee %(name_in)s")
        % {"region": idea.region.name, "name_in": idea.region.name_in},
        message=render_to_string("ideas/email/idea_confirmation.txt", context),
        from_email=None,
        recipient_list=[idea.author_email],
    )


def _send_rejection(idea_id: int) -> None:
    idea = Idea.objects.select_related("region", "author").get(pk=idea_id)
    address = idea.author.email if idea.author else idea.author_email
    if not address:
        return
    link = settings.SITE_URL + reverse(
        "ideas:idea", kwargs={"region_slug": idea.region.slug, "idea_id": idea.pk}
    )
    send_mail(
        subject=_("Ihre Idee „%(title)s“ wurde nicht veröffentlicht") % {"title": idea.title},
        message=render_to_string("ideas/email/idea_rejected.txt", {"idea": idea, "link": link}),
        from_email=None,
        recipient_list=[address],
    )


def _send_support_confirmation(support_id: int) -> None:
    support = IdeaSupport.objects.select_related("idea__region").get(pk=support_id)
    region = support.idea.region
    context = {
        "idea": support.idea,
        "link": _link("ideas:support_confirm", region, support.confirmation_token),
        "days": CONFIRMATION_DAYS,
    }
    send_mail(
        subject=_("Bitte bestätigen Sie Ihre Unterstützung für „%(title)s“") % {"title": support.idea.title},
        message=render_to_string("ideas/email/support_confirmation.txt", context),
        from_email=None,
        recipient_list=[support.email],
    )


def _remove_ideas(ideas: Any) -> int:
    """Delete ideas with their supports and comments; their images go after the commit."""
    images = [idea.image.name for idea in ideas.only("pk", "image") if idea.image]
    _total, by_model = ideas.delete()
    storage = Idea._meta.get_field("image").storage
    for name in images:
        transaction.on_commit(partial(storage.delete, name))
    return by_model.get(Idea._meta.label, 0)


@transaction.atomic
@across_regions
def erase_person(user: Any, emails: frozenset[str], removes: Callable[[int], bool]) -> list[Erased]:
    """The person deletes their account: their ideas, comments and supports are removed where the
    idea's region says so, else kept without name, address and account. A confirmed support keeps
    counting (``support_count``) without the row that named the person; unconfirmed ideas go."""
    ideas = Idea.objects.filter(Q(author=user) | Q(author_email__in=emails))
    comments = IdeaComment.objects.filter(author=user)
    supports = IdeaSupport.objects.filter(Q(user=user) | Q(email__in=emails))
    region_ids = (
        set(ideas.values_list("region_id", flat=True))
        | set(comments.values_list("idea__region_id", flat=True))
        | set(supports.values_list("idea__region_id", flat=True))
    )
    removing = {region_id for region_id in region_ids if removes(region_id)}
    counted: dict[int, int] = {}
    for idea_id in supports.filter(idea__region_id__in=removing, confirmed_at__isnull=False).values_list(
        "idea_id", flat=True
    ):
        counted[idea_id] = counted.get(idea_id, 0) + 1
    for idea_id, count in counted.items():
        Idea.objects.filter(pk=idea_id, support_count__gte=count).update(
            support_count=F("support_count") - count
        )
    ideas_removed = _remove_ideas(ideas.filter(Q(region_id__in=removing) | Q(status=IdeaStatus.UNCONFIRMED)))
    ideas_kept = ideas.update(author=None, author_name="", author_email="")
    comments_removed, _comments = comments.filter(idea__region_id__in=removing).delete()
    comments_kept = comments.update(author=None, author_name="")
    supports_removed, _supports = supports.delete()
    return [
        Erased(_("Ideen"), anonymised=ideas_kept, removed=ideas_removed),
        Erased(_("Kommentare"), anonymised=comments_kept, removed=comments_removed),
        Erased(_("Unterstützungen von Ideen"), removed=supports_removed),
    ]


def apply_retention(now: datetime) -> list[Retained]:
    """Ideas and supports whose address was never confirmed go once their link has expired."""
    expired = now - timedelta(days=CONFIRMATION_DAYS)
    with scopes_disabled():
        ideas = _remove_ideas(Idea.objects.filter(status=IdeaStatus.UNCONFIRMED, created_at__lt=expired))
        supports, _by_model = IdeaSupport.objects.filter(
            confirmed_at__isnull=True, created_at__lt=expired
        ).delete()
    return [
        Retained(_("Unbestätigte Ideen"), ideas),
        Retained(_("Unbestätigte Unterstützungen"), supports),
    ]
