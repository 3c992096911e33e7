"""Out-of-range input on /api/1.0 is a 400 VALIDATION_ERROR naming the parameter or field, never a 500."""

from __future__ import annotations

import pytest
from content.conftest import API, Backend, post_content, post_model
from content.test_content_errors import assert_contract

NUMBERS = {"name": "stat", "fieldList": [{"name": "count", "type": "number"}, {"name": "at", "type": "date-time"}]}


@pytest.mark.parametrize("route", ["/contents", "/contents/size", "/content"])
@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59"])
def test_a_last_update_filter_outside_the_supported_years_is_a_validation_error(
    backend: Backend, route: str, stamp: str
) -> None:
    response = backend.client.get(API + route, params={"lastUpdate": stamp}, headers=backend.project.headers())
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == "lastUpdate"


@pytest.mark.parametrize(
    "query",
    ["skip=9223372036854775808", "skip=2147483648", "take=1001", "take=99999999999999999999", "skip=-1", "take=1e3"],
)
def test_paging_numbers_out_of_range_are_validation_errors(backend: Backend, query: str) -> None:
    response = backend.client.get(f"{API}/contents?{query}", headers=backend.project.headers())
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == query.split("=")[0]


def test_the_largest_skip_allowed_answers_an_empty_list(backend: Backend) -> None:
    response = backend.client.get(f"{API}/contents?skip=2147483647", headers=backend.project.headers())
    assert response.status_code == 200, response.text
    assert response.json() == []


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00Z", "0500-06-01T00:00:00+01:00"])
def test_a_date_time_value_outside_the_supported_years_is_refused(backend: Backend, value: str) -> None:
    post_model(backend.client, backend.project, NUMBERS)
    body = {"contentType": "stat", "name": "x", "content": [{"fields": [{"name": "at", "value": value}]}]}
    response = backend.client.post(f"{API}/content", json=body, headers=backend.project.headers("write"))
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == "at"


def test_a_date_time_filter_on_a_field_outside_the_supported_years_is_refused(backend: Backend) -> None:
    post_model(backend.client, backend.project, NUMBERS)
    for stamp in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59"):
        response = backend.client.get(f"{API}/contents", params={"fields.at": stamp}, headers=backend.project.headers())
        assert_contract(response, 400, details=True)


@pytest.mark.parametrize("value", [10**26, -(10**26), 2**53, -(2**53)])
def test_an_integer_beyond_the_exact_range_is_refused_not_rounded(backend: Backend, value: int) -> None:
    post_model(backend.client, backend.project, NUMBERS)
    body = {"contentType": "stat", "name": "x", "content": [{"fields": [{"name": "count", "value": value}]}]}
    response = backend.client.post(f"{API}/content", json=body, headers=backend.project.headers("write"))
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"] == [{"field": "count", "message": error["details"]["fields"][0]["message"]}]
    assert "9007199254740991" in error["details"]["fields"][0]["message"]


def test_the_largest_exact_integers_are_kept_digit_for_digit(backend: Backend) -> None:
    post_model(backend.client, backend.project, NUMBERS)
    for value in (2**53 - 1, -(2**53 - 1)):
        content_id = post_content(backend.client, backend.project, "stat", {"count": value})
        response = backend.client.get(f"{API}/content", params={"id": content_id}, headers=backend.project.headers())
        assert f'"value":{value},' in response.text
        by_value = backend.client.get(f"{API}/contents/size?fields.count={value}", headers=backend.project.headers())
        assert by_value.json() == 1


@pytest.mark.parametrize("raw", ["1e999", "nan", "-inf", "123456789012345678901234567890"])
def test_a_number_filter_that_is_not_a_finite_exact_number_is_refused(backend: Backend, raw: str) -> None:
    post_model(backend.client, backend.project, NUMBERS)
    response = backend.client.get(f"{API}/contents?fields.count={raw}", headers=backend.project.headers())
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == "fields.count"
