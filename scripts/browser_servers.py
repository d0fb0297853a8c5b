"""The front ends' servers for scripts/browser_test.py and scripts/widgets_test.py: JupyterLab 4
(this Python's venv) or the classic Notebook 6 (Debian's), each on 127.0.0.1 with a free port, a
random token and private config, runtime, settings and workspace folders, GOMLXNET_FAST=1 for its
kernels; and browser_session, a server with a browser driving it, closed whatever happens.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from browser_drivers import Failure, make_driver, wait_for

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(port, token, tmp):
    """jupyter lab from this Python's environment, with settings for a test: no autosave, no
    news, every cell attached to the page (so that the screenshot and the checks see them all)."""
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        raise Failure(f"no {jupyter}: run this test with the project's venv python (scripts/setup.sh)")
    settings = {
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, value in settings.items():
        f = tmp / "settings" / (name + ".jupyterlab-settings")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))
    return [str(jupyter), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={REPO}",
            "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={tmp / 'settings'}",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]


def classic_command(port, token, tmp):
    return ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
            f"--port={port}", "--port-retries=0", f"--NotebookApp.token={token}",
            f"--notebook-dir={REPO}"]


def start_server(frontend, tmp, fast=True):
    """Starts the front end's server; its kernels run in fast mode (GOMLXNET_FAST=1) unless fast is
    False (then GOMLXNET_FAST is unset for them)."""
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, GOMLXNET_FAST="1", JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp / "config"))
    if not fast:
        del env["GOMLXNET_FAST"]
    cmd = (lab_command if frontend == "lab" else classic_command)(port, token, tmp)
    log = tmp / "server.log"
    server = subprocess.Popen(cmd, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def up():
        if server.poll() is not None:
            raise Failure("the server exited:\n" + log.read_text()[-2000:])
        with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
            return json.loads(r.read())
    wait_for(f"the {frontend} server", up, 90)
    return server, base, token


def stop(proc):
    """Stops a process this script started, with its process group (it was started in its own)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def shutdown_kernels(base, token):
    """Shuts the sessions' kernels down through the server (GoNB then removes its temporary folder)."""
    try:
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as r:
            sessions = json.loads(r.read())
        for s in sessions:
            req = urllib.request.Request(f"{base}/api/sessions/{s['id']}?token={token}", method="DELETE")
            urllib.request.urlopen(req, timeout=20).close()
    except OSError:
        pass


@contextlib.contextmanager
def browser_session(frontend, driver_name, chromium, prefix, fast=True):
    """Starts the front end's server (start_server) in a new temporary folder named with prefix, and
    a browser (make_driver); yields (driver, base URL, token). Afterwards, whatever happened: closes
    the browser, shuts the server's kernels down, stops the server and removes the folder."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    server = driver = base = token = None
    try:
        server, base, token = start_server(frontend, tmp, fast=fast)
        driver = make_driver(driver_name, chromium)
        yield driver, base, token
    finally:
        if driver is not None:
            try:
                driver.close()
            except Exception:
                pass
        if base:
            shutdown_kernels(base, token)
        stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
