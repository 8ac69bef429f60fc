"""The evidence stores behind one interface: a local folder and an S3-compatible bucket (moto's HTTP server),
and the settings that choose one, checked when the app starts."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from maturity.domain.errors import NotFound
from maturity.services.evidence_store import (
    LocalStore,
    S3Store,
    StoreSettingError,
    check_settings,
    make_store,
    s3_client,
)
from tests.conftest import s3_objects

KEY = "7/abcdefghijklmnopqrstuv"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(params=["local", "s3"])
def any_store(request, tmp_path):  # type: ignore[no-untyped-def]
    """Each store, as the configuration makes it."""
    if request.param == "local":
        return make_store({"EVIDENCE_STORE": "local"}, tmp_path)
    return make_store(request.getfixturevalue("s3_bucket"), tmp_path)


def test_both_stores_put_read_and_delete_alike(any_store):
    any_store.put(KEY, PDF)
    assert any_store.read(KEY) == PDF
    any_store.put(KEY, b"%PDF-2")
    assert any_store.read(KEY) == b"%PDF-2"
    any_store.delete(KEY)
    with pytest.raises(NotFound):
        any_store.read(KEY)
    any_store.delete(KEY)  # deleting what is gone is no error (erasure may run twice)


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "7/short", "7/../../abcdefghijklmnopqrstuv", "x/abcdefghijklmnopqrst"]
)
def test_keys_the_product_never_makes_reach_no_store(any_store, key):
    for action in (lambda: any_store.put(key, PDF), lambda: any_store.read(key), lambda: any_store.delete(key)):
        with pytest.raises(NotFound):
            action()


def test_s3_objects_sit_under_the_prefix_and_download_as_attachments(s3_bucket, tmp_path):
    store = make_store(s3_bucket, tmp_path)
    assert isinstance(store, S3Store)
    store.put(KEY, b"<html><script>alert(1)</script>")
    [(name, head)] = s3_objects(s3_bucket).items()
    assert name == f"maturity/evidence/{KEY}"
    assert head["ContentType"] == "application/octet-stream" and head["ContentDisposition"] == "attachment"


def test_a_missing_bucket_is_a_loud_error_not_a_missing_file(s3_bucket):
    store = S3Store(s3_client(s3_bucket["EVIDENCE_S3_ENDPOINT_URL"], "us-east-1"), "no-such-bucket-here")
    with pytest.raises(ClientError):
        store.read(KEY)


def test_a_local_store_lives_in_the_instance_folder_unless_told(tmp_path):
    store = make_store({}, tmp_path)
    assert isinstance(store, LocalStore) and store.root == tmp_path / "evidence"
    assert make_store({"EVIDENCE_DIR": str(tmp_path / "x")}, tmp_path).root == tmp_path / "x"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"EVIDENCE_STORE": "ftp"}, "EVIDENCE_STORE"),
        ({"EVIDENCE_STORE": "s3"}, "EVIDENCE_S3_BUCKET"),
        ({"EVIDENCE_STORE": "s3", "EVIDENCE_S3_BUCKET": "a/b"}, "EVIDENCE_S3_BUCKET"),
        ({"EVIDENCE_STORE": "s3", "EVIDENCE_S3_BUCKET": "ok-bucket", "EVIDENCE_S3_PREFIX": "a/../b"},
         "EVIDENCE_S3_PREFIX"),
        ({"EVIDENCE_STORE": "s3", "EVIDENCE_S3_BUCKET": "ok-bucket", "EVIDENCE_S3_ENDPOINT_URL": "minio:9000"},
         "EVIDENCE_S3_ENDPOINT_URL"),
    ],
)
def test_settings_that_cannot_work_are_refused_naming_the_setting(settings, named):
    with pytest.raises(StoreSettingError, match=named) as caught:
        check_settings(settings)
    assert "accepted" in str(caught.value)


def test_good_settings_pass_even_when_the_environment_gives_a_number():
    check_settings({"EVIDENCE_STORE": "s3", "EVIDENCE_S3_BUCKET": 12345, "EVIDENCE_S3_PREFIX": "/m/e/"})
    check_settings({"EVIDENCE_STORE": "local"})


def test_the_app_refuses_to_start_on_a_bad_store_setting(app_config):
    from maturity.web import create_app

    with pytest.raises(StoreSettingError, match="'local'.*'s3'"):
        create_app({**app_config, "EVIDENCE_STORE": "S3 please"})


def test_the_cli_says_which_setting_is_wrong(runner):
    from maturity.cli import cli

    result = runner.invoke(cli, ["maintenance"], env={"MATURITY_EVIDENCE_STORE": "s3"})
    assert result.exit_code == 1 and "EVIDENCE_S3_BUCKET" in result.output and "Traceback" not in result.output
