"""`manage.py varnish`: run Varnish in front of the app with the project's VCL (foreground)."""

import signal

from django.core.management.base import BaseCommand, CommandError

from newsportal import varnish


class Command(BaseCommand):
    help = "Run varnishd with deploy/varnish/default.vcl in front of the app."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8080")
        parser.add_argument("--backend", default="127.0.0.1:8000", help="the app, host:port")
        parser.add_argument("--memory", default="256m", help="cache size (malloc)")
        parser.add_argument("--print-vcl", action="store_true", help="print the VCL and stop")

    def handle(self, *args, listen, backend, memory, print_vcl, **options):
        if print_vcl:
            self.stdout.write(varnish.render_vcl(backend))
            return
        try:
            process, workdir = varnish.start(listen, backend, memory=memory)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Varnish on http://{listen}/ in front of {backend} ({workdir})")
        # Stopping this command stops varnishd too (Ctrl-C, or a TERM from a supervisor).
        signal.signal(signal.SIGTERM, lambda *args: process.terminate())
        try:
            process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(10)
