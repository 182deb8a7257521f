"""Date-based archive views: by year, month, week and day, today, and one dated object.

Each view parses the date parts from the URL (or the query string) with a
``strptime`` format, filters a query-set-like object with Django's look-up
keywords (``<date_field>__gte``/``__lt``/``__lte``) and lists the dates that
have objects with ``dates()`` (or ``datetimes()`` for a date-time field).
scallion has no ORM: the query set is whatever your data layer provides with
that interface. Parsing, validation, next/previous links and their error
messages are Django's.
"""

from __future__ import annotations

import datetime
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404, HttpRequest
from scallion.utils import timezone
from scallion.utils.functional import cached_property
from scallion.utils.translation import gettext as _
from scallion.views.generic.base import View
from scallion.views.generic.detail import BaseDetailView, SingleObjectTemplateResponseMixin
from scallion.views.generic.list import MultipleObjectMixin, MultipleObjectTemplateResponseMixin

#: ``week_format`` → the ``%w`` weekday its weeks start on.
_WEEK_STARTS = {"%W": "1", "%U": "0", "%V": "1"}


def _url_value(view: Any, attribute: str, missing: str) -> Any:
    """The view's fixed value, else the URL keyword, else the query string; 404 if none."""
    value = getattr(view, attribute)
    if value is not None:
        return value
    try:
        return view.kwargs[attribute]
    except KeyError:
        try:
            return view.request.GET[attribute]
        except KeyError:
            raise Http404(missing) from None


class YearMixin:
    """The year a view shows (``year``, ``year_format``) and its neighbours."""

    year_format = "%Y"
    year: Any = None

    def get_year_format(self) -> str:
        return self.year_format

    def get_year(self) -> Any:
        return _url_value(self, "year", _("No year specified"))

    def get_next_year(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=False, period="year")

    def get_previous_year(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=True, period="year")

    def _get_next_year(self, date: datetime.date) -> datetime.date:
        """The first day of the next year (the interval's exclusive end)."""
        try:
            return date.replace(year=date.year + 1, month=1, day=1)
        except ValueError:
            raise Http404(_("Date out of range")) from None

    def _get_current_year(self, date: datetime.date) -> datetime.date:
        return date.replace(month=1, day=1)


class MonthMixin:
    """The month a view shows (``month``, ``month_format``) and its neighbours."""

    month_format = "%b"
    month: Any = None

    def get_month_format(self) -> str:
        return self.month_format

    def get_month(self) -> Any:
        return _url_value(self, "month", _("No month specified"))

    def get_next_month(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=False, period="month")

    def get_previous_month(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=True, period="month")

    def _get_next_month(self, date: datetime.date) -> datetime.date:
        if date.month == 12:
            try:
                return date.replace(year=date.year + 1, month=1, day=1)
            except ValueError:
                raise Http404(_("Date out of range")) from None
        return date.replace(month=date.month + 1, day=1)

    def _get_current_month(self, date: datetime.date) -> datetime.date:
        return date.replace(day=1)


class DayMixin:
    """The day a view shows (``day``, ``day_format``) and its neighbours."""

    day_format = "%d"
    day: Any = None

    def get_day_format(self) -> str:
        return self.day_format

    def get_day(self) -> Any:
        return _url_value(self, "day", _("No day specified"))

    def get_next_day(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=False, period="day")

    def get_previous_day(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=True, period="day")

    def _get_next_day(self, date: datetime.date) -> datetime.date:
        return date + datetime.timedelta(days=1)

    def _get_current_day(self, date: datetime.date) -> datetime.date:
        return date


class WeekMixin:
    """The week a view shows (``week``, ``week_format``: ``%U``, ``%W`` or ``%V``)."""

    week_format = "%U"
    week: Any = None

    def get_week_format(self) -> str:
        return self.week_format

    def get_week(self) -> Any:
        return _url_value(self, "week", _("No week specified"))

    def get_next_week(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=False, period="week")

    def get_previous_week(self, date: datetime.date) -> datetime.date | None:
        return _get_next_prev(self, date, is_previous=True, period="week")

    def _get_next_week(self, date: datetime.date) -> datetime.date:
        try:
            return date + datetime.timedelta(days=7 - self._get_weekday(date))
        except OverflowError:
            raise Http404(_("Date out of range")) from None

    def _get_current_week(self, date: datetime.date) -> datetime.date:
        return date - datetime.timedelta(self._get_weekday(date))

    def _get_weekday(self, date: datetime.date) -> int:
        """0 for the first day of the week format's week, 6 for the last."""
        week_format = self.get_week_format()
        if week_format in {"%W", "%V"}:  # weeks start on Monday
            return date.weekday()
        if week_format == "%U":  # weeks start on Sunday
            return (date.weekday() + 1) % 7
        raise ValueError(f"unknown week format: {week_format}")


class DateMixin:
    """The date field the views filter on, and whether future objects are shown."""

    date_field: str | None = None
    allow_future = False
    model: Any
    get_queryset: Any

    def get_date_field(self) -> str:
        if self.date_field is None:
            raise ImproperlyConfigured(f"{type(self).__name__}.date_field is required.")
        return self.date_field

    def get_allow_future(self) -> bool:
        return self.allow_future

    @cached_property
    def uses_datetime_field(self) -> bool:
        """True when the date field holds date-times (a ``DateTimeField``), not dates."""
        model = self.get_queryset().model if self.model is None else self.model
        field = model._meta.get_field(self.get_date_field())
        get_type = getattr(field, "get_internal_type", None)
        if callable(get_type):
            return bool(get_type() == "DateTimeField")
        return any(cls.__name__ == "DateTimeField" for cls in type(field).__mro__)

    def _make_date_lookup_arg(self, value: datetime.date) -> datetime.date:
        """``value`` as the start of its day when the field holds date-times.

        With ``USE_TZ`` the day is taken in the current time zone, so that the
        objects shown match the date in the URL.
        """
        if self.uses_datetime_field:
            moment = datetime.datetime.combine(value, datetime.time.min)
            return timezone.make_aware(moment) if settings.USE_TZ else moment
        return value

    def _make_single_date_lookup(self, date: datetime.date) -> dict[str, Any]:
        date_field = self.get_date_field()
        if self.uses_datetime_field:
            return {
                f"{date_field}__gte": self._make_date_lookup_arg(date),
                f"{date_field}__lt": self._make_date_lookup_arg(date + datetime.timedelta(days=1)),
            }
        return {date_field: date}


class BaseDateListView(MultipleObjectMixin, DateMixin, View):
    """A list of dated objects; subclasses say which (``get_dated_items``)."""

    allow_empty = False
    date_list_period = "year"
    date_list: Any

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.date_list, self.object_list, extra_context = self.get_dated_items()
        context = self.get_context_data(
            object_list=self.object_list, date_list=self.date_list, **extra_context
        )
        return self.render_to_response(context)  # type: ignore[attr-defined]

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        """``(date list, objects, extra context)`` for this request."""
        raise NotImplementedError("A DateView must provide an implementation of get_dated_items()")

    def get_ordering(self) -> Any:
        """Newest first by the date field, unless ``ordering`` says otherwise."""
        return f"-{self.get_date_field()}" if self.ordering is None else self.ordering

    def get_dated_queryset(self, **lookup: Any) -> Any:
        """The objects matching ``lookup``, without future ones unless allowed; 404 if empty."""
        qs = self.get_queryset().filter(**lookup)
        date_field = self.get_date_field()
        paginate_by = self.get_paginate_by(qs)
        if not self.get_allow_future():
            now = timezone.now() if self.uses_datetime_field else timezone_today()
            qs = qs.filter(**{f"{date_field}__lte": now})
        if not self.get_allow_empty():
            # With pagination, ask whether there are rows rather than load them all.
            is_empty = not qs if paginate_by is None else not qs.exists()
            if is_empty:
                raise Http404(
                    _("No %(verbose_name_plural)s available")
                    % {"verbose_name_plural": qs.model._meta.verbose_name_plural}
                )
        return qs

    def get_date_list_period(self) -> str:
        """How ``date_list`` groups dates: ``year``, ``month`` or ``day``."""
        return self.date_list_period

    def get_date_list(
        self, queryset: Any, date_type: str | None = None, ordering: str = "ASC"
    ) -> Any:
        """The distinct periods that have objects (``queryset.dates()``/``datetimes()``)."""
        date_field = self.get_date_field()
        if date_type is None:
            date_type = self.get_date_list_period()
        if self.uses_datetime_field:
            date_list = queryset.datetimes(date_field, date_type, ordering)
        else:
            date_list = queryset.dates(date_field, date_type, ordering)
        if date_list is not None and not date_list and not self.get_allow_empty():
            raise Http404(
                _("No %(verbose_name_plural)s available")
                % {"verbose_name_plural": queryset.model._meta.verbose_name_plural}
            )
        return date_list


class BaseArchiveIndexView(BaseDateListView):
    """The latest objects, and the years that have objects."""

    context_object_name = "latest"

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        qs = self.get_dated_queryset()
        date_list = self.get_date_list(qs, ordering="DESC")
        if not date_list:
            qs = qs.none()
        return date_list, qs, {}


class ArchiveIndexView(MultipleObjectTemplateResponseMixin, BaseArchiveIndexView):
    """The top of a date archive: ``<app>/<model>_archive.html``."""

    template_name_suffix = "_archive"


class BaseYearArchiveView(YearMixin, BaseDateListView):
    """The months of one year that have objects (and the objects with ``make_object_list``)."""

    date_list_period = "month"
    make_object_list = False

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        date = _date_from_string(self.get_year(), self.get_year_format())
        qs = self.get_dated_queryset(**_interval_lookup(self, date, self._get_next_year(date)))
        date_list = self.get_date_list(qs)
        if not self.get_make_object_list():
            # Still a query set: the template-name and context logic look at its model.
            qs = qs.none()
        return (
            date_list,
            qs,
            {
                "year": date,
                "next_year": self.get_next_year(date),
                "previous_year": self.get_previous_year(date),
            },
        )

    def get_make_object_list(self) -> bool:
        return self.make_object_list


class YearArchiveView(MultipleObjectTemplateResponseMixin, BaseYearArchiveView):
    """One year: ``<app>/<model>_archive_year.html``."""

    template_name_suffix = "_archive_year"


class BaseMonthArchiveView(YearMixin, MonthMixin, BaseDateListView):
    """The objects of one month, and its days that have objects."""

    date_list_period = "day"

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        date = _date_from_string(
            self.get_year(), self.get_year_format(), self.get_month(), self.get_month_format()
        )
        qs = self.get_dated_queryset(**_interval_lookup(self, date, self._get_next_month(date)))
        return (
            self.get_date_list(qs),
            qs,
            {
                "month": date,
                "next_month": self.get_next_month(date),
                "previous_month": self.get_previous_month(date),
            },
        )


class MonthArchiveView(MultipleObjectTemplateResponseMixin, BaseMonthArchiveView):
    """One month: ``<app>/<model>_archive_month.html``."""

    template_name_suffix = "_archive_month"


class BaseWeekArchiveView(YearMixin, WeekMixin, BaseDateListView):
    """The objects of one week."""

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        year = self.get_year()
        week = self.get_week()
        week_format = self.get_week_format()
        try:
            week_start = _WEEK_STARTS[week_format]
        except KeyError:
            raise ValueError(
                f"Unknown week format {week_format!r}. Choices are: "
                f"{', '.join(sorted(_WEEK_STARTS))}"
            ) from None
        year_format = self.get_year_format()
        if week_format == "%V" and year_format != "%G":
            raise ValueError(
                f"ISO week directive '{week_format}' is incompatible with the year directive "
                f"'{year_format}'. Use the ISO year '%G' instead."
            )
        date = _date_from_string(year, year_format, week_start, "%w", week, week_format)
        qs = self.get_dated_queryset(**_interval_lookup(self, date, self._get_next_week(date)))
        return (
            None,
            qs,
            {
                "week": date,
                "next_week": self.get_next_week(date),
                "previous_week": self.get_previous_week(date),
            },
        )


class WeekArchiveView(MultipleObjectTemplateResponseMixin, BaseWeekArchiveView):
    """One week: ``<app>/<model>_archive_week.html``."""

    template_name_suffix = "_archive_week"


class BaseDayArchiveView(YearMixin, MonthMixin, DayMixin, BaseDateListView):
    """The objects of one day."""

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        date = _date_from_string(
            self.get_year(),
            self.get_year_format(),
            self.get_month(),
            self.get_month_format(),
            self.get_day(),
            self.get_day_format(),
        )
        return self._get_dated_items(date)

    def _get_dated_items(self, date: datetime.date) -> tuple[Any, Any, dict[str, Any]]:
        qs = self.get_dated_queryset(**self._make_single_date_lookup(date))
        return (
            None,
            qs,
            {
                "day": date,
                "previous_day": self.get_previous_day(date),
                "next_day": self.get_next_day(date),
                "previous_month": self.get_previous_month(date),
                "next_month": self.get_next_month(date),
            },
        )


class DayArchiveView(MultipleObjectTemplateResponseMixin, BaseDayArchiveView):
    """One day: ``<app>/<model>_archive_day.html``."""

    template_name_suffix = "_archive_day"


class BaseTodayArchiveView(BaseDayArchiveView):
    """Today's objects."""

    def get_dated_items(self) -> tuple[Any, Any, dict[str, Any]]:
        return self._get_dated_items(datetime.date.today())


class TodayArchiveView(MultipleObjectTemplateResponseMixin, BaseTodayArchiveView):
    """Today: ``<app>/<model>_archive_day.html``."""

    template_name_suffix = "_archive_day"


class BaseDateDetailView(YearMixin, MonthMixin, DayMixin, DateMixin, BaseDetailView):
    """One object, found by its date in the URL as well as its pk or slug."""

    def get_object(self, queryset: Any = None) -> Any:
        date = _date_from_string(
            self.get_year(),
            self.get_year_format(),
            self.get_month(),
            self.get_month_format(),
            self.get_day(),
            self.get_day_format(),
        )
        qs = self.get_queryset() if queryset is None else queryset
        if not self.get_allow_future() and date > datetime.date.today():
            raise Http404(
                _(
                    "Future %(verbose_name_plural)s not available because "
                    "%(class_name)s.allow_future is False."
                )
                % {
                    "verbose_name_plural": qs.model._meta.verbose_name_plural,
                    "class_name": type(self).__name__,
                }
            )
        qs = qs.filter(**self._make_single_date_lookup(date))
        return super().get_object(queryset=qs)


class DateDetailView(SingleObjectTemplateResponseMixin, BaseDateDetailView):
    """One dated object: ``<app>/<model>_detail.html``."""

    template_name_suffix = "_detail"


def _interval_lookup(view: Any, since: datetime.date, until: datetime.date) -> dict[str, Any]:
    """The look-up keywords for ``since <= date_field < until``."""
    date_field = view.get_date_field()
    return {
        f"{date_field}__gte": view._make_date_lookup_arg(since),
        f"{date_field}__lt": view._make_date_lookup_arg(until),
    }


def _date_from_string(
    year: Any,
    year_format: str,
    month: Any = "",
    month_format: str = "",
    day: Any = "",
    day_format: str = "",
    delim: str = "__",
) -> datetime.date:
    """The date the URL's parts spell in their formats; 404 for anything else."""
    format = year_format + delim + month_format + delim + day_format
    datestr = f"{year}{delim}{month}{delim}{day}"
    try:
        return datetime.datetime.strptime(datestr, format).date()
    except ValueError:
        raise Http404(
            _("Invalid date string “%(datestr)s” given format “%(format)s”")
            % {"datestr": datestr, "format": format}
        ) from None


def _get_next_prev(
    view: Any, date: datetime.date, is_previous: bool, period: str
) -> datetime.date | None:
    """The start of the next (or previous) period worth linking to, or None.

    With ``allow_empty`` any neighbouring period will do (not a future one unless
    ``allow_future``). Otherwise the neighbour is the nearest period that has an
    object, which takes one query.
    """
    date_field = view.get_date_field()
    allow_future = view.get_allow_future()
    get_current = getattr(view, f"_get_current_{period}")
    get_next = getattr(view, f"_get_next_{period}")
    start, end = get_current(date), get_next(date)

    if view.get_allow_empty():
        result: datetime.date = (
            get_current(start - datetime.timedelta(days=1)) if is_previous else end
        )
        return result if allow_future or result <= timezone_today() else None

    if is_previous:
        lookup = {f"{date_field}__lt": view._make_date_lookup_arg(start)}
        ordering = f"-{date_field}"
    else:
        lookup = {f"{date_field}__gte": view._make_date_lookup_arg(end)}
        ordering = date_field
    if not allow_future:
        lookup[f"{date_field}__lte"] = (
            timezone.now() if view.uses_datetime_field else timezone_today()
        )
    qs = view.get_queryset().filter(**lookup).order_by(ordering)
    try:
        found = getattr(qs[0], date_field)
    except IndexError:
        return None
    if view.uses_datetime_field:
        if settings.USE_TZ:
            found = timezone.localtime(found)
        found = found.date()
    first_day: datetime.date = get_current(found)
    return first_day


def timezone_today() -> datetime.date:
    """Today in the current time zone (with ``USE_TZ``), else the local date."""
    if settings.USE_TZ:
        return timezone.localdate()
    return datetime.date.today()
