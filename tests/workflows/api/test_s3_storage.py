"""Uploaded files on S3-compatible storage: configured from the environment, and the same upload
and download endpoints work against a bucket (moto's in-process S3)."""

import os
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from tests.sample_files import PDF, upload
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import new_item

BUCKET = "edu-attachments"


def test_the_bucket_setting_switches_the_default_storage_to_s3():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "AWS_STORAGE_BUCKET_NAME": BUCKET,
           "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_S3_REGION_NAME": "cn-north-1"}
    script = ("import django; django.setup(); from django.core.files.storage import storages; "
              "s = storages['default']; print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["S3Storage", BUCKET, "http://127.0.0.1:9000", "None"]


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "region_name": "us-east-1", "default_acl": None,
                        "file_overwrite": False},
        }}
        yield client


def test_upload_and_download_through_a_bucket(city, s3):
    item = new_item(city)
    response = client_for(city.head).post(f"/api/v1/items/{item.pk}/files/",
                                          {"file": upload("自评报告.pdf"), "slot": "report"}, format="multipart")
    assert response.status_code == 201, response.json()
    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 1 and keys[0].startswith(f"items/{item.pk}/") and "自评报告" not in keys[0]
    download = client_for(city.head).get(response.json()["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for(city.head_b).get(response.json()["download_url"]).status_code == 404
