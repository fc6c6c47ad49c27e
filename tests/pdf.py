"""The text of a PDF as pdftotext reads it (Debian's poppler-utils); the test is skipped without it."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdf_text(content: bytes, *, layout: bool = True) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    options = ["-layout"] if layout else []
    return subprocess.run(  # noqa: S603 - a fixed program on the test's own bytes
        [pdftotext, *options, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
