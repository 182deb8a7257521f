"""Property tests: the multipart parser never fails with an unexpected exception,
and whatever a well-formed body holds comes back out, however it is chunked."""

from __future__ import annotations

from io import BytesIO

from hypothesis import given, settings
from hypothesis import strategies as st

from scallion.core.exceptions import BadRequest, SuspiciousOperation
from tests.http._request_body import BOUNDARY, BodyRequest, field, file, multipart_body, part

EXPECTED = (BadRequest, SuspiciousOperation)
B = BOUNDARY.encode()

names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"%\\/&'),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() not in {"", ".", ".."} and s == s.strip())


class Trickle(BytesIO):
    """Hands back at most ``step`` bytes a read, to split boundaries across reads."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read(self, size: int | None = -1) -> bytes:
        size = self.step if size is None or size < 0 else min(size, self.step)
        return super().read(size)


def _parse(body: bytes, content_type: str | None = None) -> None:
    request = BodyRequest(
        body, content_type=content_type or f"multipart/form-data; boundary={BOUNDARY}"
    )
    try:
        request.POST  # noqa: B018
        request.FILES  # noqa: B018
    except EXPECTED:
        pass
    finally:
        request.close()


@given(st.binary(max_size=2000))
def test_random_bytes(body: bytes) -> None:
    _parse(body)


@given(st.text(max_size=300), st.binary(max_size=200))
def test_random_content_types(content_type: str, body: bytes) -> None:
    _parse(body, "multipart/form-data; " + content_type)


fragments = st.sampled_from(
    [
        b"--" + B + b"\r\n",
        b"\r\n--" + B + b"--",
        b"\r\n--" + B,
        b'Content-Disposition: form-data; name="a"\r\n',
        b'Content-Disposition: form-data; name="f"; filename="x.txt"\r\n',
        b"Content-Type: text/plain; charset=utf-8\r\n",
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Length: 3\r\n",
        b"\r\n",
        b"\r",
        b"\n",
        b"QUJD",
        b"--",
        b" \t",
        b"\xff\x00",
    ]
)


@settings(max_examples=300)
@given(st.lists(fragments | st.binary(max_size=10), max_size=40))
def test_shuffled_multipart_fragments(pieces: list[bytes]) -> None:
    _parse(b"".join(pieces))


@settings(max_examples=150)
@given(
    st.lists(st.tuples(names, st.text(max_size=50)), max_size=6),
    st.lists(st.tuples(names, names, st.binary(max_size=3000)), max_size=4),
    st.integers(min_value=1, max_value=200),
)
def test_round_trip_with_any_chunking(
    fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]], step: int
) -> None:
    body = multipart_body(
        *(field(n, v) for n, v in fields), *(file(n, fn, c) for n, fn, c in files)
    )
    request = BodyRequest(body, content_length=None, stream=Trickle(body, step))
    expected_post: dict[str, list[str]] = {}
    for name, value in fields:
        expected_post.setdefault(name, []).append(value)
    assert {k: request.POST.getlist(k) for k in request.POST} == expected_post
    got = {k: [(f.name, f.read()) for f in fs] for k, fs in request.FILES.lists()}
    expected_files: dict[str, list[tuple[str, bytes]]] = {}
    for name, file_name, content in files:
        expected_files.setdefault(name, []).append((file_name, content))
    assert got == expected_files
    request.close()


@given(st.binary(max_size=500), st.integers(min_value=0, max_value=30))
def test_mutated_valid_body(noise: bytes, position: int) -> None:
    body = multipart_body(
        field("a", "1"),
        file("f", "x.bin", b"content"),
        part(['Content-Disposition: form-data; name="b"'], b"2"),
    )
    at = position * len(body) // 30
    _parse(body[:at] + noise + body[at:])
