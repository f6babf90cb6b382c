"""The reader's search page: the form (words, section, dates, order) and the results, with
snippets. The engine is articles/search.py."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from . import edge, search, snippets
from .models import Article, Section

# Dates the archive can hold (and datetime arithmetic can reach in any time zone).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), required=False, strip=True)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("There is no such section; all were searched.")},
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match first")), ("newest", _("Newest first"))],
    )

    def _bounded(self, name):
        day = self.cleaned_data[name]
        if day and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Pick a date between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.year, "last": LAST_DAY.year}
            )
        return day

    def clean_since(self):
        return self._bounded("since")

    def clean_until(self):
        return self._bounded("until")

    def clean_q(self):
        return search.clean(self.cleaned_data["q"])

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return self.cleaned_data


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class SearchView(ListView):
    """Ranked results with snippets, filtered by section and dates; spelling-insensitive (see
    articles/search.py). Results are not indexed by search engines."""

    template_name = "articles/search.html"
    paginate_by = 20
    LATEST = 5

    def get_queryset(self):
        """The matching stories' ids, in order; the page's stories are loaded afterwards."""
        self.form = SearchForm(self.request.GET)
        self.form.is_valid()
        # Filters that did not validate are left out (their error is shown), the rest apply;
        # a refused date is not put back in its date field (it is not a date).
        data = self.form.cleaned_data
        if {"since", "until"} & set(self.form.errors):
            self.form.data = self.form.data.copy()
            for name in {"since", "until"} & set(self.form.errors):
                self.form.data.pop(name)
        self.query = search.parse(data.get("q", ""))
        found = search.find(
            self.query,
            language=get_language(),
            section=data["section"].pk if data.get("section") else None,
            since=_day_start(data["since"]) if data.get("since") else None,
            until=_day_start(data["until"] + timedelta(days=1)) if data.get("until") else None,
            order=data.get("sort") or "relevance",
        )
        self.capped = len(found) > search.RANK_WINDOW
        return found[: search.RANK_WINDOW]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query.text, **kwargs)
        # Results show headline, section, date and snippet: no authors or pictures to load.
        stories = Article.objects.select_related("section").in_bulk(context["object_list"])
        articles = [stories[pk] for pk in context["object_list"] if pk in stories]
        for article in articles:
            article.snippet = snippets.best_snippet([article.body, article.standfirst], self.query)
        edge.tag(self.request, "search")
        edge.tag_cards(self.request, articles)
        context.update(articles=articles, capped=self.capped)
        if self.query and not self.object_list:
            latest = list(Article.objects.published().for_listing()[: self.LATEST])
            edge.tag_cards(self.request, latest)
            context["latest"] = latest
        return context
