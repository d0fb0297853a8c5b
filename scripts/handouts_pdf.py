"""The handouts' PDFs (used by scripts/handouts.py): each chapter's page and the whole course,
printed by headless Chromium on A4 and joined by pdfunite."""

import os
import shutil
import subprocess
import tempfile
import time


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def print_pdf(browser, page, pdf):
    """Prints page (a file) to pdf on A4 with headless Chromium, after MathJax is done: the
    virtual time budget lets the page's timers (MathJax's typesetting) run first."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name("." + pdf.name + ".tmp")
    with tempfile.TemporaryDirectory(prefix="handouts-chromium-") as profile:
        cmd = [browser, "--headless", "--disable-gpu", "--no-first-run", "--disable-sync",
               "--disable-background-networking", "--disable-component-update", "--disable-quic",
               "--disable-extensions", "--no-default-browser-check", f"--user-data-dir={profile}",
               "--no-pdf-header-footer", "--virtual-time-budget=30000",
               "--run-all-compositor-stages-before-draw", f"--print-to-pdf={tmp}", page.resolve().as_uri()]
        # Our own local pages, offline: no sandbox, which root cannot have, nor a user where
        # user namespaces are off (a chroot, Ubuntu's AppArmor rules) without chromium-sandbox.
        cmd.insert(1, "--no-sandbox")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"chromium could not print {page.name} (exit {proc.returncode}): "
                           + proc.stdout[-1500:])
    os.replace(tmp, pdf)


def build_pdfs(chapters, out):
    browser = chromium()
    if not browser:
        raise RuntimeError("no Chromium to print the PDFs (scripts/setup.sh installs Debian's chromium)")
    unite = shutil.which("pdfunite")
    if not unite:
        raise RuntimeError("no pdfunite to join the PDFs (Debian's poppler-utils)")
    parts = [out / "pdf" / "index.pdf"]
    print_pdf(browser, out / "index.html", parts[0])
    for ch in chapters:
        t0 = time.monotonic()
        print_pdf(browser, out / ch.page, out / ch.pdf)
        parts.append(out / ch.pdf)
        print(f"PDF   {ch.pdf}  {time.monotonic() - t0:.1f}s", flush=True)
    tmp = out / "pdf" / ".course.pdf.tmp"
    subprocess.run([unite, *map(str, parts), str(tmp)], check=True)
    os.replace(tmp, out / "pdf" / "course.pdf")
    (out / "pdf" / "index.pdf").unlink()
    print("PDF   pdf/course.pdf", flush=True)
