"""Forms of the assessment flow; a page's form class is built from the questionnaire data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, Optional, ValidationError

from ...domain.limits import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH, comment_too_long, reason_too_long
from ...domain.model import Questionnaire, QuickCheck
from ...domain.text import BAD_TEXT, has_bad_characters
from ..i18n import content_lang
from .wizard import Answer, Page

COMMENT_MAX = COMMENT_MAX_LENGTH  # one limit for the form, the API and imports: the domain's
REASON_MAX = REASON_MAX_LENGTH


class StartForm(FlaskForm):
    """Start a full assessment or a quick check."""

    variant = HiddenField(validators=[AnyOf(("full", "quick"))])


class ActionForm(FlaskForm):
    """A bare POST with a CSRF token: submit, copy."""


def clean_characters(_form: Any, field: Any) -> None:
    """Refuse a NUL byte or lone surrogate beside the field, so the rest of the page is still saved."""
    if isinstance(field.data, str) and has_bad_characters(field.data):
        raise ValidationError(BAD_TEXT.get(content_lang()))


def rating_field(name: str) -> str:
    return f"rating-{name}"


def comment_field(name: str) -> str:
    return f"comment-{name}"


def trim_field(name: str) -> str:
    return f"trim-{name}"


def reason_field(name: str) -> str:
    return f"reason-{name}"


def make_page_form(
    page: Page,
    questionnaire: Questionnaire | QuickCheck,
    lang: str,
    *,
    notes: bool = True,
    reason_max: int = REASON_MAX,
) -> type[FlaskForm]:
    """A form class for one wizard page: rating radios, a note per item (unless not `notes`), trimming where allowed."""
    attrs: dict[str, Any] = {}
    if isinstance(questionnaire, QuickCheck):
        for section in page.sections:
            question = section.question
            assert question is not None
            choices = [SelectChoice(str(o.level), o.text.get(lang)) for o in question.options]
            attrs[rating_field(section.subdomain.id)] = RadioField(
                question.text.get(lang), choices=choices, validators=[Optional()]
            )
            if notes:
                attrs[comment_field(section.subdomain.id)] = _comment(section.subdomain.id, lang)
            _trim_fields(attrs, section.subdomain, reason_max, lang)
    else:
        scoring = questionnaire.scoring
        for section in page.sections:
            for req in section.requirements:
                choices = [SelectChoice(o.id, o.label.get(lang)) for o in scoring.answer_scale]
                if req.na_allowed:
                    choices.append(
                        SelectChoice(scoring.not_applicable.id, scoring.not_applicable.label.get(lang))
                    )
                attrs[rating_field(req.id)] = RadioField(
                    req.text.get(lang), choices=choices, validators=[Optional()]
                )
                if notes:
                    attrs[comment_field(req.id)] = _comment(req.id, lang)
            _trim_fields(attrs, section.subdomain, reason_max, lang)
    return type("PageForm", (FlaskForm,), attrs)


def _comment(item: str, lang: str) -> TextAreaField:
    """A note field whose length error names the requirement, in the reader's language."""
    too_long = comment_too_long(item).get(lang)
    return TextAreaField(_l("Note or evidence (optional)"),
                         validators=[Optional(), Length(max=COMMENT_MAX, message=too_long), clean_characters])


def _reason_message(sid: str, reason_max: int, lang: str) -> str | None:
    """The product's own limit names the sub-domain; a tighter one (the trial's) keeps WTForms' own message."""
    return reason_too_long(sid).get(lang) if reason_max == REASON_MAX else None


def _trim_fields(attrs: dict[str, Any], subdomain: Any, reason_max: int, lang: str) -> None:
    if subdomain.trimmable:
        attrs[trim_field(subdomain.id)] = BooleanField(
            _l("This sub-domain does not apply to our business (trim it)")
        )
        attrs[reason_field(subdomain.id)] = StringField(
            _l("Reason for trimming"),
            # the product's own limit names the sub-domain; a tighter one (the trial's) says its number
            validators=[Optional(), Length(max=reason_max, message=_reason_message(subdomain.id, reason_max, lang)),
                        clean_characters],
        )


def stored_data(page: Page, answers: Mapping[str, Answer], trimmed: Mapping[str, str]) -> dict[str, Any]:
    """The form's initial data from the stored draft."""
    data: dict[str, Any] = {}
    for section in page.sections:
        for item in section.item_ids:
            row = answers.get(item)
            if row is not None:
                data[rating_field(item)] = row.rating
                data[comment_field(item)] = row.comment or ""
        sid = section.subdomain.id
        if section.subdomain.trimmable:
            data[trim_field(sid)] = sid in trimmed
            data[reason_field(sid)] = trimmed.get(sid, "")
    return data


def read_page(
    form: FlaskForm, page: Page
) -> tuple[dict[str, tuple[str | None, str | None]], dict[str, str | None]]:
    """The valid part of a posted page: answers {item: (rating, note)} and trimming {sub-domain: reason|None}.

    Fields that failed validation are left out (and keep their errors), so the rest is still saved.
    A trim box ticked without a reason gets an error on the reason field.
    """
    answers: dict[str, tuple[str | None, str | None]] = {}
    trimmed: dict[str, str | None] = {}
    for section in page.sections:
        for item in section.item_ids:
            rating, comment = form[rating_field(item)], form._fields.get(comment_field(item))
            if not rating.errors and not (comment is not None and comment.errors):
                answers[item] = (rating.data or None, (comment.data or None) if comment is not None else None)
        sid = section.subdomain.id
        if section.subdomain.trimmable:
            box, reason = form[trim_field(sid)], form[reason_field(sid)]
            text = (reason.data or "").strip()
            if box.data and not text and not reason.errors:
                reason.errors = [*reason.errors, str(_l("Give a reason for trimming this sub-domain."))]
            elif not reason.errors:
                trimmed[sid] = text if box.data else None
    return answers, trimmed
