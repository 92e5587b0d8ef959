"""The GitHub Pages workflow: valid, least-privilege, running the same tests as CI, and safe in its order (tests as
root, then the site build as the runner's user, in one checkout)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import (
    BUILD_ENV,
    MKDOCS,
    ROOT,
    SessionBuild,
    load_config,
    page_text,
    run_build,
    throwaway_cache,
    write_mini_site,
)

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_workflow_passes_actionlint() -> None:
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    result = subprocess.run([actionlint, "-no-color", str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_deploys_with_official_actions_and_least_privilege() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses), uses
    assert any(use.startswith("actions/deploy-pages@") for use in uses), uses
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "make test" in runs and "make site" in runs


def test_the_session_build_writes_nothing_into_the_checkout(session_build: SessionBuild) -> None:
    # The Pages workflow runs the tests as root: a file they left in the checkout would be root's, and the site
    # build that follows, as the runner's user, could not replace it.
    assert session_build.checkout_changes == []


def test_the_workflow_order_tests_as_root_then_the_site_as_a_user(tmp_path: Path) -> None:
    """`sudo make test`, then `make site` as an unprivileged user, in one checkout, for a fork whose address
    differs from the default (so its downloads differ from any the tests made)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv, to build as root and then as another user, as the Pages workflow does")
    checkout = tmp_path / "checkout"
    config_file = write_mini_site(checkout, {"client/a.md": page_text("A", audience=None)})
    config_file.write_text(
        SITE_URL_LINE.sub(f"site_url: !ENV [SITE_URL, {load_config()['site_url']}]", config_file.read_text("utf-8")),
        encoding="utf-8",
    )
    home = tmp_path / "home"
    home.mkdir()
    for path in [checkout, home, *checkout.rglob("*"), *home.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)

    # The tests' builds, as root
    tests = run_build(config_file, tmp_path / "test-site", DOWNLOADS="on", **throwaway_cache(tmp_path / "cache"))
    assert tests.returncode == 0, tests.output

    # The site build, as a user who owns the checkout but nothing root made. The user may read what root alone can
    # (DAC_READ_SEARCH), as the runner reads its own toolchain, but never write there.
    user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
    env = {**BUILD_ENV, "DOWNLOADS": "on", "SITE_URL": "https://fork.example.org/handouts/", "HOME": str(home),
           "XDG_CACHE_HOME": str(home / ".cache")}
    site = subprocess.run(
        [*user, *MKDOCS, "build", "--strict", "--config-file", str(config_file), "--site-dir", str(checkout / "site")],
        capture_output=True, text=True, env=env, cwd=checkout, check=False,
    )
    assert site.returncode == 0, site.stdout + site.stderr
    # The client page is narrated too (issue 16): the guide's MP3 beside the PDFs and deck, each page's audio in listen/
    made = sorted(path.suffix for path in (checkout / "site" / "downloads").iterdir() if path.is_file())
    assert made == [".mp3", ".pdf", ".pdf", ".pptx"]
    assert sorted(path.suffix for path in (checkout / "site" / "downloads" / "listen").iterdir()) == [".mp3", ".opus"]


NOBODY = 65534
SITE_URL_LINE = re.compile(r"^site_url: .*$", re.MULTILINE)
