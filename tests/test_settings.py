"""The `extra` settings of mkdocs.yml (hooks/handouts/settings.py), validated in the test process."""

from __future__ import annotations

import copy

import pytest
from handouts import settings
from handouts.settings import SiteSettings, site_settings

from conftest import assert_clean_failure, load_config, mkdocs_config

EXTRA = load_config()["extra"]


def with_extra(change: dict) -> dict:
    """The real `extra` block with `change` applied: each dotted key set to its value, or removed for None."""
    extra = copy.deepcopy(EXTRA)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        holder = extra
        for name in parents:
            holder = holder[name]
        if value is None:
            del holder[last]
        else:
            holder[last] = value
    return extra


def test_the_real_settings_are_valid_and_typed() -> None:
    read = SiteSettings.from_config(mkdocs_config())
    assert list(read.audiences) == ["client", "professional"]
    assert read.audiences["client"].label == EXTRA["audiences"]["client"]["label"]
    assert read.audiences["professional"].tag == EXTRA["audiences"]["professional"]["tag"]
    assert read.publisher.name == EXTRA["publisher"]["name"]
    assert read.licence.content.url == EXTRA["licence"]["content"]["url"]
    assert read.editorial.authors == EXTRA["editorial"]["authors"]
    assert read.downloads.papers == ["a4", "letter"]  # the default: mkdocs.yml sets no downloads


def test_the_accessor_checks_each_config_once() -> None:
    config = mkdocs_config()
    first = site_settings(config)
    assert site_settings(config) is first
    assert site_settings(mkdocs_config()) is not first  # a rebuild's new config is checked again


def test_a_third_audience_is_only_configuration() -> None:
    carers = {"label": "For carers", "counterpart_link": "Carers' version of this page", "tag": "Carers"}
    read = SiteSettings.from_config(mkdocs_config(extra=with_extra({"audiences.carers": carers})))
    assert read.audiences["carers"].label == "For carers"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"audiences": {}}, "'extra.audiences'"),
        ({"audiences": ["client"]}, "'extra.audiences'"),
        ({"audiences.client.label": None}, "'extra.audiences.client.label'"),
        ({"audiences.client.label": "  "}, "'extra.audiences.client.label'"),
        ({"audiences.client.lable": "For clients"}, "'extra.audiences.client.lable'"),
        ({"audiences.professional": "For professionals"}, "'extra.audiences.professional'"),
        ({"publisher": None}, "'extra.publisher'"),
        ({"publisher.name": 7}, "'extra.publisher.name'"),
        ({"licence.content": {"name": "CC BY-SA 4.0", "url": "not a link"}}, "'extra.licence.content'"),
        ({"licence.code": None}, "'extra.licence.code'"),
        ({"editorial.authors": []}, "'extra.editorial.authors'"),
        ({"editorial": "the team"}, "'extra.editorial'"),
        ({"downloads": True}, "'extra.downloads'"),
        ({"downloads": {"papers": ["a5"]}}, "'extra.downloads.papers'"),
        ({"downloads": {"folder": "../outside"}}, "'extra.downloads.folder'"),
        ({"downloads": {"folder": "/tmp/elsewhere"}}, "'extra.downloads.folder'"),
        ({"downloads": {"file_stem": "../../evil"}}, "'extra.downloads.file_stem'"),
        ({"downloads": {"cache": "/etc"}}, "'extra.downloads.cache'"),
        ({"downloads": {"papers": []}}, "'extra.downloads.papers'"),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else None,
)
def test_a_bad_setting_fails_naming_mkdocs_yml_and_the_key(change: dict, expected: str) -> None:
    config = mkdocs_config(extra=with_extra(change))
    message = assert_clean_failure(lambda: SiteSettings.from_config(config), expected, "mkdocs.yml", "-->")
    assert "Traceback" not in message


def test_keys_of_other_features_are_left_to_them() -> None:
    read = SiteSettings.from_config(mkdocs_config(extra=with_extra({"alternate": [{"name": "English"}]})))
    assert read.audiences


def test_every_hint_names_a_section_the_schema_has() -> None:
    sections = {field for field in SiteSettings.__dataclass_fields__}
    assert {key.split(".")[0] for key in settings.HINTS} <= sections
