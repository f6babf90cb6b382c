"""The reader's search page: the form (words, section, dates, order) and the results, with
snippets. The engine is articles/search.py."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from . import edge, search
from .models import Article, Section
from .views import PublishedArticlesMixin


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

    def clean_q(self):
        return search.clean(self.cleaned_data["q"])

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return self.cleaned_data


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class SearchView(PublishedArticlesMixin, ListView):
    """Ranked results with snippets, filtered by section and dates; spelling-insensitive (see
    articles/search.py). Results are not indexed by search engines."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    LATEST = 5

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.form.is_valid()
        # Filters that did not validate are left out (their error is shown), the rest apply.
        data = self.form.cleaned_data
        self.query = search.parse(data.get("q", ""))
        articles = super().get_queryset()
        if data.get("section"):
            articles = articles.filter(section=data["section"])
        if data.get("since"):
            articles = articles.filter(published_at__gte=_day_start(data["since"]))
        if data.get("until"):
            articles = articles.filter(
                published_at__lt=_day_start(data["until"] + timedelta(days=1))
            )
        if data.get("sort") == "newest":
            return search.matching(articles, self.query, language=get_language(), rank=False)
        return search.ranked(articles, self.query, language=get_language())

    def get_context_data(self, **kwargs):
        edge.tag(self.request, "search")
        context = super().get_context_data(form=self.form, query=self.query.text, **kwargs)
        for article in context["articles"]:
            article.snippet = search.best_snippet([article.body, article.standfirst], self.query)
        if self.query and not context["paginator"].count:
            latest = list(Article.objects.published().for_listing()[: self.LATEST])
            edge.tag_cards(self.request, latest)
            context["latest"] = latest
        return context
