"""The API's documentation page: every operation and schema of the public OpenAPI document
has its own section to link to, the page shows nothing the document does not hold, and
it reads a fixed number of queries."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tracker.api.docs import api_document

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "patch", "post", "delete")


class PageReader(HTMLParser):
    """The ids, in-page links, headings and code of the page's main content."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.headings: dict[str, str] = {}
        self.code: list[str] = []
        self._in_main = self._in_pre = False
        self._heading: str | None = None
        self._text: list[str] = []
        self._code_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if "id" in attrs:
            self.ids.append(attrs["id"])
            if tag in ("h2", "h3"):
                self._heading, self._text = attrs["id"], []
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "pre":
            self._in_pre = True
        if tag == "code" and not self._in_pre:
            self._code_text = []

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag in ("h2", "h3") and self._heading:
            self.headings[self._heading] = " ".join("".join(self._text).split())
            self._heading = None
        if tag == "pre":
            self._in_pre = False
        if tag == "code" and self._code_text is not None:
            self.code.append("".join(self._code_text))
            self._code_text = None

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)
        if self._code_text is not None:
            self._code_text.append(data)


def read_page(client) -> PageReader:
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    reader = PageReader()
    reader.feed(response.content.decode())
    return reader


def served_document(client) -> dict:
    return json.loads(client.get(reverse("api:schema")).content)


def test_every_operation_and_schema_has_its_section_to_link_to(client):
    document = served_document(client)
    page = read_page(client)
    operations = [
        (path, method, item[method])
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    ]
    assert len(operations) >= 20
    for path, method, operation in operations:
        heading = page.headings[operation["operationId"]]
        assert heading == f"{method.upper()} {path}"
        # Listed in the contents, and each parameter is in the section.
        assert operation["operationId"] in page.links
        for parameter in operation.get("parameters", ()):
            assert parameter["name"] in page.code
    for name, schema in document["components"]["schemas"].items():
        assert page.headings[f"schema-{name}"] == name
        for field in schema.get("properties", {}):
            assert field in page.code
    # Every link on the page leads somewhere on it; no id is used twice.
    assert set(page.links) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))


def test_the_page_shows_the_token_instructions_and_the_example_of_a_review(client):
    body = client.get(reverse("api:docs")).content.decode()
    assert f'href="{reverse("api_tokens")}"' in body
    assert "Authorization: Bearer &lt;your token&gt;" in body
    assert f'href="{reverse("api:schema")}"' in body
    assert "Retry-After" in body and "If-Match" in body
    review = body[body.index('id="updates_review_create"') :]
    review = review[: review.index('id="tag-work-programme"')]
    assert "Say which wards the figures cover." in review
    # The version a read gives, to send back in If-Match, is documented where it is given.
    assert "Header <code>ETag</code>" in review
    assert "send it in If-Match to change the item." in review
    assert "<script" not in body.split("</head>")[1]  # nothing but the site's own script


def test_the_page_reveals_nothing_beyond_the_public_document(client, django_user_model):
    document = served_document(client)
    # The page is made from the document anyone downloads, not a fuller one.
    assert api_document() == document
    anonymous = read_page(client)
    operation_ids = {
        item[method]["operationId"]
        for item in document["paths"].values()
        for method in METHODS
        if method in item
    }
    schema_ids = {f"schema-{name}" for name in document["components"]["schemas"]}
    sections = set(anonymous.headings) - {
        "authentication",
        "pages",
        "versions",
        "errors",
        "rate-limits",
        "licence",
        "contents",
        "schemas",
    }
    tags = {f"tag-{op['tags'][0]}" for item in document["paths"].values() for op in item.values()}
    assert sections == operation_ids | schema_ids | tags
    # Every name and value the page shows as code is one the document holds.
    text = json.dumps(document)
    introduction = {"Authorization", "X-CSRFToken", "page_size", "next", "ETag", "If-Match"}
    introduction |= {"code", "message", "fields", "Retry-After", "/api/v1/"}
    for code in anonymous.code:
        assert code in text or code in introduction or code.endswith("/api/v1/"), code
    # A signed-in administrator reads the same documentation.
    admin = django_user_model.objects.create_superuser("docs-admin", password="x" * 16)
    client.force_login(admin)
    signed_in = read_page(client)
    assert signed_in.headings == anonymous.headings
    assert signed_in.code == anonymous.code


# The request's savepoint and its release (ATOMIC_REQUESTS) and the council's settings;
# signed in, the session and its user too.
DOCS_QUERIES_ANONYMOUS = 3
DOCS_QUERIES_SIGNED_IN = 5


def test_the_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.get(reverse("api:docs"))  # the document is made once, at the first request
    with django_assert_num_queries(DOCS_QUERIES_ANONYMOUS):
        assert client.get(reverse("api:docs")).status_code == 200
    user = get_user_model().objects.create_user("docs-reader", password="x" * 16)
    client.force_login(user)
    with django_assert_num_queries(DOCS_QUERIES_SIGNED_IN):
        assert client.get(reverse("api:docs")).status_code == 200
