"""The hooks the site cannot go without (hooks/handouts/required_hooks.py), checked in the test process."""

from __future__ import annotations

import pytest
from handouts import required_hooks

from conftest import ROOT, load_config, mkdocs_config

HOOKS = load_config()["hooks"]


@pytest.mark.parametrize("missing", sorted(required_hooks.REQUIRED))
def test_a_missing_required_hook_is_named_with_what_it_does(missing: str) -> None:
    config = mkdocs_config(hooks=[hook for hook in HOOKS if not hook.endswith(f"/{missing}")])
    with pytest.raises(required_hooks.PluginError) as caught:
        required_hooks.check(config)
    message = str(caught.value)
    assert f"The hook 'hooks/{missing}' is missing" in message, message
    assert required_hooks.REQUIRED[missing] in message and "mkdocs.yml" in message, message


def test_the_real_hooks_list_has_every_required_hook() -> None:
    required_hooks.check(mkdocs_config())


def test_every_hook_that_checks_is_itself_required() -> None:
    # The check runs in the on_config of the hooks listed here; a site without any of them would not be checked.
    checking = sorted(
        hook.rsplit("/", 1)[-1] for hook in HOOKS if "required_hooks.check(config)" in (ROOT / hook).read_text("utf-8")
    )
    assert set(checking) <= set(required_hooks.REQUIRED), checking
