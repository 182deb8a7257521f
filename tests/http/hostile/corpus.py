"""The hostile-input corpus: request bodies and headers built to hurt a parser.

Each case names the exception family it must end in. They are generated rather
than stored, so the corpus documents the attack shape in one line each.
"""

from __future__ import annotations

from dataclasses import dataclass

from scallion.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from scallion.http.multipartparser import MultiPartParserError
from tests.http._request_body import BOUNDARY, field, file, multipart_body, part

MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
B = BOUNDARY.encode()


@dataclass(frozen=True)
class Case:
    id: str
    content_type: str
    body: bytes
    # None: must parse; otherwise the exception class it must raise.
    raises: type[Exception] | None
    access: str = "POST"  # "POST", "FILES" or "json"


CASES = [
    # Query strings / urlencoded bodies.
    Case(
        "urlencoded-10000-fields",
        FORM,
        b"&".join(b"f%d=1" % i for i in range(10_000)),
        TooManyFieldsSent,
    ),
    Case("urlencoded-bad-percent", FORM, b"a=%%%zz%C3%28%ff&%=%&b=%E2%82", None),
    Case("urlencoded-bad-utf8", FORM, b"a=\xff\xfe\xc3\x28&\xed\xa0\x80=1", None),
    Case("urlencoded-semicolons", FORM, b";" * 100_000, None),
    Case("urlencoded-empty-pairs", FORM, b"&" * 1_000_000 + b"a=1", TooManyFieldsSent),
    Case("urlencoded-percent-storm", FORM, b"a=" + b"%" * 1_000_000, None),
    Case("urlencoded-huge", FORM, b"a=" + b"x" * 3_000_000, RequestDataTooBig),
    Case(
        "urlencoded-redos-content-type",
        "application/x-www-form-urlencoded;" + " ;" * 6000,
        b"a=1",
        BadRequest,
    ),
    # Multipart structure.
    Case(
        "multipart-10000-parts",
        MULTIPART,
        multipart_body(*(field(f"f{i}", "v") for i in range(10_000))),
        TooManyFieldsSent,
    ),
    Case(
        "multipart-10000-files",
        MULTIPART,
        multipart_body(*(file("f", f"{i}.txt", b"x") for i in range(10_000))),
        TooManyFilesSent,
        "FILES",
    ),
    Case(
        "multipart-huge-header",
        MULTIPART,
        multipart_body(field("a", "1", "X-Big: " + "h" * 1_000_000)),
        MultiPartParserError,  # Django's "Request max total header size exceeded."
    ),
    Case(
        "multipart-header-without-end",
        MULTIPART,
        b"--" + B + b"\r\nContent-Disposition: form-data; name=a" + b"x" * 1_000_000,
        MultiPartParserError,
    ),
    Case(
        "multipart-many-headers",
        MULTIPART,
        multipart_body(field("a", "1", *(f"X-{i}: v" for i in range(1000)))),
        SuspiciousMultipartForm,
    ),
    Case(
        "multipart-huge-field",
        MULTIPART,
        multipart_body(field("a", b"x" * 3_000_000)),
        RequestDataTooBig,
    ),
    Case("multipart-no-boundary", "multipart/form-data", b"--x\r\n", BadRequest),
    Case(
        "multipart-long-boundary", "multipart/form-data; boundary=" + "b" * 5000, b"--", BadRequest
    ),
    Case(
        "multipart-redos-content-type",
        'multipart/form-data; boundary="' + '\\"' * 5000,
        b"",
        BadRequest,
    ),
    Case("multipart-redos-content-type-2", "multipart/form-data" + "; a=" * 5000, b"", BadRequest),
    Case(
        "multipart-missing-final-boundary",
        MULTIPART,
        b"--" + B + b"\r\nContent-Disposition: form-data; name=a\r\n\r\n" + b"x" * 100_000,
        BadRequest,
    ),
    Case(
        "multipart-preamble-1mb",
        MULTIPART,
        b"\r\n-" * 350_000 + b"\r\n" + multipart_body(field("a", "1")),
        None,
    ),
    Case("multipart-preamble-only", MULTIPART, b"-" * 1_000_000, BadRequest),
    Case(
        "multipart-epilogue-1mb",
        MULTIPART,
        multipart_body(field("a", "1")) + b"\r\n--" * 250_000,
        None,
    ),
    Case(
        "multipart-crlf-body",
        MULTIPART,
        multipart_body(file("f", "a", b"\r\n" * 500_000)),
        None,
        "FILES",
    ),
    Case(
        "multipart-cr-body",
        MULTIPART,
        multipart_body(file("f", "a", b"\r" * 1_000_000)),
        None,
        "FILES",
    ),
    Case(
        "multipart-near-boundaries",
        MULTIPART,
        multipart_body(file("f", "a", (b"\r\n--" + B[:-1] + b"x") * 20_000)),
        None,
        "FILES",
    ),
    Case(
        "multipart-base64-whitespace",
        MULTIPART,
        multipart_body(
            file(
                "f", "a", b"QUJD" + b"\r\n \t" * 300_000, "x/y", "Content-Transfer-Encoding: base64"
            )
        ),
        None,
        "FILES",
    ),
    Case(
        "multipart-base64-invalid",
        MULTIPART,
        multipart_body(file("f", "a", b"QU=JD" * 1000, "x/y", "Content-Transfer-Encoding: base64")),
        BadRequest,
        "FILES",
    ),
    Case(
        "multipart-disposition-quotes",
        MULTIPART,
        multipart_body(part(['Content-Disposition: form-data; name="a' + '; a="\\' * 1300], b"v")),
        None,
    ),
    Case(
        "multipart-traversal-names",
        MULTIPART,
        multipart_body(
            *(
                file(f"f{i}", n, b"x")
                for i, n in enumerate(
                    [
                        "../../../etc/passwd",
                        "..\\..\\boot.ini",
                        "/etc/shadow",
                        "....//....//x",
                        "a\x00.php",
                        "%2e%2e%2fx",
                        "\u202etxt.exe",
                        "CON",
                        "x" * 3000 + ".txt",
                    ]
                )
            )
        ),
        None,
        "FILES",
    ),
    # JSON.
    Case("json-deep-arrays", JSON, b"[" * 10_000 + b"]" * 10_000, BadRequest, "json"),
    Case("json-deep-objects", JSON, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, BadRequest, "json"),
    Case("json-deep-unclosed", JSON, b"[" * 1_000_000, BadRequest, "json"),
    Case("json-escaped-quotes", JSON, b'"' + b'\\"' * 1_000_000, BadRequest, "json"),
    Case("json-bad-utf8", JSON, b'{"a": "\xff"}', BadRequest, "json"),
    # Python refuses to turn more than 4300 digits into an int (quadratic otherwise).
    Case("json-huge-integer", JSON, b"[" + b"9" * 100_000 + b"]", BadRequest, "json"),
    Case(
        "json-many-keys",
        JSON,
        b"{" + b",".join(b'"k%d":0' % i for i in range(100_000)) + b"}",
        None,
        "json",
    ),
    Case("json-wrong-type", "text/json", b"{}", BadRequest, "json"),
]
