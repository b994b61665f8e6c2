"""The schema and documentation pages, and JSON errors for addresses outside the API's routes."""

from tests.workflows.api.helpers import client_for


def test_schema_documents_every_endpoint_with_its_errors(city):
    response = client_for(city.reviewer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert {"/api/v1/me/", "/api/v1/tasks/", "/api/v1/tasks/{id}/claim/", "/api/v1/tasks/{id}/unclaim/",
            "/api/v1/tasks/{id}/approve/", "/api/v1/tasks/{id}/return/", "/api/v1/tasks/{id}/reject/",
            "/api/v1/tasks/{id}/resubmit/",
            "/api/v1/items/", "/api/v1/items/{id}/", "/api/v1/items/{id}/history/", "/api/v1/items/{id}/withdraw/",
            "/api/v1/items/{id}/files/", "/api/v1/files/{id}/download/", "/api/v1/stats/",
            "/api/v1/notifications/", "/api/v1/notifications/{id}/read/", "/api/v1/notifications/read-all/",
            "/api/v1/notifications/unread-count/", "/api/v1/tasks/{id}/transfer/", "/api/v1/tasks/{id}/delegate/",
            "/api/v1/tasks/{id}/hand-back/", "/api/v1/tasks/{id}/recall/", "/api/v1/tasks/{id}/cc/",
            "/api/v1/tasks/{id}/candidates/", "/api/v1/cc/", "/api/v1/tasks/{id}/add-signer/",
            "/api/v1/tasks/{id}/remove-signer/", "/api/v1/tasks/{id}/urge/", "/api/v1/tasks/{id}/extension/",
            "/api/v1/extensions/", "/api/v1/extensions/{id}/grant/", "/api/v1/extensions/{id}/refuse/",
            "/api/v1/proxies/", "/api/v1/proxies/candidates/", "/api/v1/proxies/{id}/end/",
            "/api/v1/sign-steps/{id}/add-signer/", "/api/v1/sign-steps/{id}/remove-signer/",
            "/api/v1/sign-steps/{id}/redraw-signer/", "/api/v1/start/", "/api/v1/items/{id}/draft/",
            "/api/v1/items/{id}/submit/", "/api/v1/items/{id}/files/{file_id}/", "/api/v1/sign-steps/{id}/candidates/",
            "/api/v1/items/{id}/meeting/candidates/"} <= set(paths)
    # Answers that need no id and no body: nothing there can be missing.
    # 批量审批 answers a missing task in its results, never with a 404 of the whole batch.
    # The State Council's notice is read from the body, and names nothing that could be missing.
    no_404 = ("stats/", "me/", "unread-count/", "read-all/", "/start/", "/batch-approve/", "/calendar/notice/",
              "/calendar/notice/preview/")
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            assert "401" in operation["responses"] and "404" in operation["responses"] or path.endswith(no_404), \
                (method, path)
            no_body = "claim" in path or "/notifications/" in path or path.endswith(
                ("/end/", "/reopen/", "/submit/", "/close/", "/accept/", "/renew/", "/exports/{name}/",
                 "/imports/{id}/confirm/"))
            if method == "post" and not no_body:
                assert operation["requestBody"]["content"], (method, path)
    assert schema["components"]["securitySchemes"].keys() >= {"tokenAuth", "cookieAuth"}
    upload = paths["/api/v1/items/{id}/files/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["$ref"].endswith("/UploadRequest")
    decide = paths["/api/v1/tasks/{id}/return/"]["post"]["requestBody"]["content"]
    assert decide["multipart/form-data"]["schema"]["$ref"].endswith("/ReturnWithFilesRequest")


def test_docs_pages_are_served_without_a_cdn(city):
    for url in ("/api/docs/", "/api/redoc/"):
        response = client_for(city.reviewer, session=True).get(url)
        assert response.status_code == 200
        assert "cdn" not in response.content.decode().lower() and "/static/drf_spectacular_sidecar/" in \
            response.content.decode()


def test_the_schema_and_docs_are_closed_to_anonymous_visitors(city):
    # The attack (issue #11, defect 8): reading the API's map without signing in.
    anonymous = client_for(None)
    schema = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 401 and schema.json()["code"] == "not_authenticated"
    assert "paths" not in schema.content.decode()
    for url in ("/api/docs/", "/api/redoc/"):
        page = anonymous.get(url)
        assert page.status_code == 302 and page["Location"] == f"/accounts/login/?next={url}", url
    # A browser session reads the schema too (the docs pages fetch it so).
    by_session = client_for(city.reviewer, session=True).get("/api/schema/?format=json")
    assert by_session.status_code == 200 and "/api/v1/me/" in by_session.json()["paths"]


def test_unknown_api_addresses_are_json_404s(city):
    api = client_for(city.reviewer)
    for method, url in (("get", "/api/v1/items/-1/"), ("post", "/api/v1/tasks/abc/claim/"), ("get", "/api/v2/")):
        response = getattr(api, method)(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
    huge = api.get(f"/api/v1/items/{2 ** 70}/")
    assert huge.status_code == 404 and huge.json()["code"] == "not_found"
    assert api.post(f"/api/v1/tasks/{2 ** 70}/claim/").status_code == 404


def test_a_user_who_must_change_their_password_is_refused(city):
    city.reviewer.must_change_password = True
    city.reviewer.save()
    response = client_for(city.reviewer).get("/api/v1/me/")
    assert response.status_code == 403 and "修改密码" in response.json()["detail"]


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")


def test_the_schema_passes_a_strict_validator_and_names_each_component_once(tmp_path):
    """openapi-spec-validator is what client generators choke on; drf-spectacular's own --validate
    let a default outside its own enum through."""
    import yaml
    from django.core.management import call_command
    from openapi_spec_validator import validate

    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    validate(schema)
    names = schema["components"]["schemas"]
    assert "AddSignerRequest" in names
    assert not [name for name in names if name.endswith("RequestRequest")]


def test_protocol_errors_share_the_error_shape(city):
    from rest_framework.test import APIClient

    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = bad_token.get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed" and "令牌" in response.json()["detail"]
    api = client_for(city.reviewer)
    wrong_method = api.delete("/api/v1/items/")
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"
    plain = api.post("/api/v1/tasks/1/approve/", "hello", content_type="text/plain")
    assert plain.status_code == 415 and plain.json()["code"] == "unsupported_media_type"
    broken = api.post("/api/v1/tasks/1/approve/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
