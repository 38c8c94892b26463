"""The preview's page images (issue 16): LibreOffice + pdftoppm inside the sandbox's limits, bounded pages."""

from __future__ import annotations

import pytest

from naarnul.documents import load_template, sample_document
from naarnul.documents.page_images import images_available, page_images
from tests.unit.test_field_inference import build_docx

pytestmark = pytest.mark.skipif(not images_available(), reason="LibreOffice or pdftoppm is not installed")


def test_a_letter_becomes_png_pages():
    # the invitation is one page of text plus the income-support paragraph every letter has: two A4 pages
    images = page_images(sample_document(load_template("invitation")).docx)
    assert len(images) == 2 and all(image.startswith(b"\x89PNG") for image in images)


def test_the_pages_are_bounded():
    long_letter = build_docx(*(["Een regel tekst die de brief lang maakt."] * 400))
    images = page_images(long_letter, max_pages=2)
    assert len(images) == 2
