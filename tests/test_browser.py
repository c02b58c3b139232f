"""The notebooks in JupyterLab, driven in headless Chromium as a learner would use them.

Fixtures and helpers live in `tests/browser.py`; tests are skipped when there is no Chromium.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

pytest.register_assert_rewrite("tests.browser")

from tests.browser import (  # noqa: E402
    Lab,
    errors_shown,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_for_text,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser


def test_conversation_notebook_runs_in_jupyterlab(lab: Lab, page: Page) -> None:
    lab.sandbox.reset()
    open_notebook(page, lab, "01_create_a_conversation.ipynb")
    run_all_cells(page)
    assert errors_shown(page) == []
    wait_for_text(page, "Created it.")
    wait_for_text(page, "Group Texting Lab: the quickstart")
    wait_for_text(page, "404 20404")
    screenshot(page, "01_create_a_conversation")
    conversations = lab.sandbox.client().conversations.v1.conversations.list()
    assert [(c.unique_name, c.friendly_name, c.state) for c in conversations] == [
        ("group-texting-lab", "Group Texting Lab: the quickstart", "active")
    ]
