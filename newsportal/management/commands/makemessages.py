"""`makemessages` for both template engines: Django's command reads the Python code and
Django's templates; the readers' Jinja2 templates (templates/jinja2/, newsportal/templating.py)
are read by Jinja2's own extractor (Babel) into the same catalogue, so one .po holds every
message whichever engine draws it."""

import os
import subprocess
import tempfile

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po
from django.conf import settings
from django.core.management.commands import makemessages

JINJA_TEMPLATES = os.path.join("templates", "jinja2")


class Command(makemessages.Command):
    def handle(self, *args, **options):
        # Django's reader would take Jinja2's tags for its own.
        options["ignore_patterns"] = [*options["ignore_patterns"], JINJA_TEMPLATES]
        return super().handle(*args, **options)

    def build_potfiles(self):
        potfiles = super().build_potfiles()
        if self.domain == "django":
            for potfile in potfiles:
                if os.path.dirname(os.path.abspath(potfile)) in map(str, settings.LOCALE_PATHS):
                    self._add_jinja_messages(potfile)
        return potfiles

    def _add_jinja_messages(self, potfile):
        catalog = Catalog()
        found = extract_from_dir(
            JINJA_TEMPLATES,
            method_map=[("**.html", "jinja2.ext:babel_extract")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        )
        for filename, lineno, message, comments, context in found:
            path = os.path.join(JINJA_TEMPLATES, filename)
            catalog.add(message, locations=[(path, lineno)], auto_comments=comments,
                        context=context)  # fmt: skip
        with tempfile.NamedTemporaryFile(suffix=".pot") as jinja:
            write_po(jinja, catalog, omit_header=False)
            jinja.flush()
            subprocess.run(
                ["msgcat", "--use-first", "-o", potfile, potfile, jinja.name], check=True
            )
