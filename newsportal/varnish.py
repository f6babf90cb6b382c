"""Varnish for this project: the VCL in deploy/varnish/default.vcl with the app's address put
in, and varnishd started on it (`manage.py varnish`, `make serve`, the edge tests)."""

import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
INSTALL = "apt-get install varnish varnish-modules"


def varnishd():
    """The varnishd program, or None (then: INSTALL, as root)."""
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )


def probe_host():
    """A name the app answers to (the first of ALLOWED_HOSTS that is not a pattern)."""
    for name in settings.ALLOWED_HOSTS:
        name = name.lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def render_vcl(backend):
    """The VCL with the backend at `backend` ("host:port") and the probe's Host."""
    host, port = backend.rsplit(":", 1)
    text = VCL.read_text()
    text = re.sub(r'(\.host = )"[^"]*";', rf'\1"{host}";', text, count=1)
    text = re.sub(r'"Host: [^"]*"', f'"Host: {probe_host()}"', text, count=1)
    return re.sub(r'(\.port = )"[^"]*";', rf'\1"{port}";', text, count=1)


def start(listen, backend, *, workdir=None, memory="256m"):
    """Start varnishd in the foreground of a child process; returns (process, workdir) once it
    answers on `listen`."""
    program = varnishd()
    if program is None:
        raise RuntimeError(f"Varnish is not installed: {INSTALL}")
    workdir = Path(workdir or tempfile.mkdtemp(prefix="newsportal-varnish-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)  # varnishd reads the VCL as its own user
    vcl = workdir / "default.vcl"
    vcl.write_text(render_vcl(backend))
    vcl.chmod(0o644)
    process = subprocess.Popen(
        [program, "-F", "-a", listen, "-f", str(vcl), "-n", str(workdir / "state"),
         "-s", f"malloc,{memory}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"varnishd stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://{listen}/healthz", timeout=1)
            break
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer: Varnish is up
                break
            time.sleep(0.1)
    return process, workdir


def wait_until(listen, *, healthy, seconds=10):
    """Wait until Varnish's probe says the app is (or is not) healthy; True if it did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = urllib.request.urlopen(f"http://{listen}/healthz", timeout=2).status
        except OSError as error:
            status = getattr(error, "code", 0)
        if (status == 200) == healthy:
            return True
        time.sleep(0.2)
    return False
