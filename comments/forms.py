"""The «اترك تعليقاً» form: name*, email*, website, comment*, a remember-me box, a honeypot."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import Comment
from .rules import clean_text


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(label=_("Email"), max_length=254)
    url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label=_("Save my name and email in this browser for the next time I comment."),
        required=False,
    )
    # Left empty by people (it is hidden from them); filled by bots that fill every field.
    website_confirm = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["text"].max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["text"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH
        for name in ("name", "text"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["email"].widget.attrs["dir"] = "ltr"
        self.fields["url"].widget.attrs["dir"] = "ltr"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["url"].widget.attrs["autocomplete"] = "url"
        self.fields["website_confirm"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Please write a comment."), code="required")
        if len(text) > settings.COMMENTS_MAX_LENGTH:
            raise forms.ValidationError(
                _("Comments may be at most %(limit)d characters; yours has %(length)d."),
                params={"limit": settings.COMMENTS_MAX_LENGTH, "length": len(text)},
                code="max_length",
            )
        return text

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you reply to is not available."))
        # At the deepest level a reply goes beside its comment, as WordPress does, under the
        # nearest ancestor readers can still see.
        while parent is not None and (
            parent.depth >= settings.COMMENTS_THREAD_DEPTH
            or parent.status != Comment.Status.APPROVED
        ):
            parent = parent.parent
        return parent

    def clean_website_confirm(self):
        if self.cleaned_data["website_confirm"]:
            raise forms.ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        text, email = cleaned.get("text"), cleaned.get("email")
        if (
            text
            and email
            and Comment.objects.filter(
                article=self.article, email=email, text_hash=Comment.hash_text(text)
            ).exists()
        ):
            raise forms.ValidationError(
                _("This comment has already been posted on this article."), code="duplicate"
            )
        return cleaned
