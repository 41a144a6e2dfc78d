"""STORAGE_URL (issue 22): uploads on the file system, or in S3-compatible object storage."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from backoffice.env import env_storage
from tests.subprocess_env import base_environment, run_python


def test_unset_means_the_file_system(monkeypatch):
    monkeypatch.delenv("STORAGE_URL", raising=False)
    assert env_storage("STORAGE_URL") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_url_gives_the_storage_options(monkeypatch):
    monkeypatch.setenv(
        "STORAGE_URL",
        "s3://hr-uploads/backoffice/?endpoint_url=https://s3.example.net&region=eu-west-1"
        "&addressing_style=path",
    )
    storage = env_storage("STORAGE_URL", read_timeout=7)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["client_config"].read_timeout == 7
    assert options["default_acl"] is None
    assert {
        key: options[key]
        for key in ("bucket_name", "location", "endpoint_url", "region_name", "addressing_style")
    } == {
        "bucket_name": "hr-uploads",
        "location": "backoffice",
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu-west-1",
        "addressing_style": "path",
    }


@pytest.mark.parametrize(
    "value",
    [
        "https://hr-uploads",  # not s3://
        "s3://key:secret@hr-uploads",  # credentials in the URL
        "s3://hr-uploads?acl=public-read",  # unknown option
        "s3://hr-uploads?endpoint_url=ftp://x",
        "s3://hr-uploads?addressing_style=sideways",
    ],
)
def test_a_malformed_url_stops_start_up_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("STORAGE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
        env_storage("STORAGE_URL")


def test_settings_use_private_s3_storage_with_bounded_waits():
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        's = storages["default"]\n'
        "print(type(s).__name__, s.bucket_name, s.location, s.default_acl, s.endpoint_url,\n"
        "      s.client_config.connect_timeout, s.client_config.read_timeout)\n"
    )
    result = run_python(
        code,
        base_environment(
            DJANGO_SETTINGS_MODULE="backoffice.settings",
            DJANGO_DEBUG="1",
            STORAGE_URL="s3://hr-uploads/files?endpoint_url=http://127.0.0.1:9000",
            STORAGE_READ_TIMEOUT="7",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage", "hr-uploads", "files", "None", "http://127.0.0.1:9000", "3", "7",
    ]  # fmt: skip
