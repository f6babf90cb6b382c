"""Cursor pages for the API (a django-ninja pagination class): keyset pagination on the list's
whole ordering (for stories, publication time then id), so a page boundary stays exact when
stories share a time or new ones are published meanwhile, and a page costs the same at any
depth. `next` and `previous` are full addresses; a cursor that does not decode is a 422 like
any other bad parameter, never a 500.

(ninja's own CursorPagination stands on the first ordering field plus an offset, which goes
wrong going back over stories published in the same second.)"""

import base64
import binascii
import json
from datetime import datetime
from functools import reduce
from operator import and_, or_
from typing import Any
from urllib import parse

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase


class CursorPagination(PaginationBase):
    ordering = ("-id",)  # unique as a whole: its last field is a key
    items_attribute = "results"

    class Input(Schema):
        cursor: str | None = Field(None, description="From a list's `next` or `previous`")
        page_size: int | None = Field(
            None, ge=1, le=settings.API_MAX_PAGE_SIZE, description="Items per page"
        )

    class Output(Schema):
        previous: str | None
        next: str | None
        results: list[Any]

    def __init__(self, *, ordering=None, **kwargs):
        super().__init__(**kwargs)
        self.ordering = ordering or self.ordering

    def paginate_queryset(self, queryset, pagination, request, **params):
        size = min(pagination.page_size or settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)
        position, backwards = self._decode(pagination.cursor)
        order = [_flip(field) for field in self.ordering] if backwards else self.ordering
        queryset = queryset.order_by(*order)
        try:
            if position is not None:  # the values are checked as the filter is built
                queryset = queryset.filter(_beyond(order, position))
            rows = list(queryset[: size + 1])
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as error:
            raise _invalid() from error
        more, rows = len(rows) > size, rows[:size]
        if backwards:
            rows.reverse()
        further = more if not backwards else position is not None
        earlier = position is not None if not backwards else more
        self.after_page(request, rows)
        return {
            "next": _link(request, self._position(rows[-1]), False) if rows and further else None,
            "previous": _link(request, self._position(rows[0]), True) if rows and earlier else None,
            "results": rows,
        }

    def after_page(self, request, results):
        """Load what the page's items need in bulk (subclasses)."""

    def _position(self, item):
        values = [getattr(item, field.lstrip("-")) for field in self.ordering]
        return [value.isoformat() if isinstance(value, datetime) else value for value in values]

    def _decode(self, cursor):
        if not cursor:
            return None, False
        try:
            data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
            position, backwards = data["p"], data["r"]
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError) as error:
            raise _invalid() from error
        if not isinstance(position, list) or len(position) != len(self.ordering):
            raise _invalid()
        if not all(type(value) in (str, int) for value in position):  # bool is an int
            raise _invalid()
        return position, bool(backwards)


def _flip(field):
    return field[1:] if field.startswith("-") else f"-{field}"


def _beyond(order, position):
    """Rows after `position` in `order`: (a, b) after (x, y) is a beyond x, or a = x and b
    beyond y."""
    ways = []
    for n, field in enumerate(order):
        name = field.lstrip("-")
        same = [Q(**{f.lstrip("-"): v}) for f, v in zip(order[:n], position[:n], strict=True)]
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": position[n]})
        ways.append(reduce(and_, [*same, step]))
    return reduce(or_, ways)


def _link(request, position, backwards):
    """This list's address with the cursor for `position`, from the parameters as read
    (a query sent as raw UTF-8 is written back percent-encoded, once)."""
    cursor = json.dumps({"p": position, "r": backwards}, separators=(",", ":"))
    query = {
        **dict(request.GET.lists()),
        "cursor": [base64.urlsafe_b64encode(cursor.encode()).decode()],
    }
    query = parse.urlencode(sorted(query.items()), doseq=True)
    return f"{request.build_absolute_uri(request.path)}?{query}"


def _invalid():
    message = _("This cursor is not valid; start again from the first page.")
    return ValidationError([{"loc": ("query", "cursor"), "msg": message}])
