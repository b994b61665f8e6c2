"""Checks shared by the API: bad input gets a Chinese ValidationError before anything is written."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.models import Organisation
from core.orgs.roles import ROLE_ORG_KINDS, Role

KEY_MAX_LENGTH = 200
KEY_SEPARATOR = ":"


def check_key(key) -> str:
    if not isinstance(key, str) or not key.strip():
        raise ValidationError(_("唯一键不能为空。"), code="key_required")
    if len(key) > KEY_MAX_LENGTH:
        raise ValidationError(_("唯一键不能超过%(max)s个字符。") % {"max": KEY_MAX_LENGTH}, code="key_too_long")
    if any(ch.isspace() for ch in key):
        raise ValidationError(_("唯一键不能包含空白字符。"), code="key_whitespace")
    return key


def check_prefix(prefix) -> str:
    """A prefix must end with the separator, so that "task:1:" never matches "task:10:..."."""
    check_key(prefix)
    if not prefix.endswith(KEY_SEPARATOR) or not prefix.strip(KEY_SEPARATOR):
        raise ValidationError(
            _("键前缀必须以“%(sep)s”结尾且不能为空，例如 task:12:") % {"sep": KEY_SEPARATOR}, code="prefix_invalid"
        )
    return prefix


def check_user(user):
    if not isinstance(user, get_user_model()) or user.pk is None:
        raise ValidationError(_("接收人必须是已保存的用户。"), code="recipient_invalid")
    return user


def check_recipient(*, recipient, role, organisation):
    """One person, or a role at an organisation (every holder is reminded), never both, never none."""
    role = role or ""
    if recipient is not None and role:
        raise ValidationError(_("只能指定接收人或“角色@组织”之一，不能同时指定。"), code="recipient_ambiguous")
    if recipient is not None:
        check_user(recipient)
        if organisation is not None:
            check_organisation(organisation)
        return recipient, "", organisation
    if not role:
        raise ValidationError(_("必须指定接收人，或指定角色及其所在组织。"), code="recipient_required")
    if role not in Role.values:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role}, code="role_unknown")
    if organisation is None:
        raise ValidationError(_("按角色提醒时必须指定组织。"), code="organisation_required")
    check_organisation(organisation)
    if organisation.kind not in ROLE_ORG_KINDS[role]:
        raise ValidationError(
            _("角色“%(role)s”不能设在“%(org)s”。") % {"role": Role(role).label, "org": organisation},
            code="role_wrong_org",
        )
    return None, role, organisation


def check_organisation(organisation):
    if not isinstance(organisation, Organisation) or organisation.pk is None:
        raise ValidationError(_("组织必须是已保存的组织。"), code="organisation_invalid")
    return organisation


def target_reference(target, *, required: bool):
    """(content type, id) of a saved model instance, or (None, None) when optional and absent."""
    if target is None:
        if required:
            raise ValidationError(_("必须指定提醒所针对的对象。"), code="target_required")
        return None, None
    if not isinstance(target, models.Model) or target.pk is None:
        raise ValidationError(_("关联对象必须是已保存的记录。"), code="target_invalid")
    return ContentType.objects.get_for_model(target), target.pk


def check_params(params) -> dict:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise ValidationError(_("参数必须是字典。"), code="params_invalid")
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("参数必须能保存为 JSON：%(error)s") % {"error": exc}, code="params_invalid") from exc
    return params


def check_aware(moment, *, label: str):
    if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
        raise ValidationError(_("%(label)s必须是带时区的日期时间。") % {"label": label}, code="datetime_invalid")
    return moment


def check_choice(value, choices, *, label: str):
    if value not in choices.values:
        raise ValidationError(_("未知的%(label)s：%(value)s") % {"label": label, "value": value}, code="choice_invalid")
    return value
