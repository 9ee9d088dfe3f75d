"""Every route of the workflow through the official Python SDK's own methods, against fake-seam.

Table-driven: tests/official-calls.json names, for each of the 94 operations of
tests/endpoints.json, the SDK method (`seam.acs.users.create`, …), its parameters, what it must
answer and what to check afterwards. Each call runs on a freshly reset fake; the test also
checks what fake-seam saw: exactly one request, with the method the API documents, on the
route's path, carrying the parameters given (action attempts: plus the SDK's own polls of
`/action_attempts/get`).
"""

import pytest
import seam
from seam import Seam

from official_support import (
    ENDPOINTS,
    IDS,
    TABLE,
    check_answer,
    control,
    counts_since,
    plain,
    received,
    resolve,
    sent_as_query,
)

API_KEY = "seam_apikey1_token"
ENDPOINT = {case["operation"]: case for case in ENDPOINTS}
# The table's calls of the generated surface (an endpoint taken out of the selection is out of
# fake-seam too); the table must cover every one of them.
CALLS = {call["operation"]: call for call in TABLE["calls"] if call["operation"] in ENDPOINT}
PAGINATED = [op for op, case in ENDPOINT.items() if case["paginated"]]


def method_of(client, operation):
    """The SDK's own method for an operation: `seam.acs.users.create` for acs.users.create."""
    target = client
    for name in operation.split("."):
        target = getattr(target, name)
    return target


def run(client, operation, params):
    return plain(method_of(client, operation)(**params))


def requests(url):
    return control(url, "GET", "/_fake/requests")


def test_the_table_has_every_endpoint_once():
    operations = [call["operation"] for call in TABLE["calls"]]
    assert len(operations) == len(set(operations))
    assert set(operations) >= set(ENDPOINT)


def test_the_sdk_has_a_method_for_every_endpoint(server):
    client = Seam(api_key=API_KEY, endpoint=server)
    missing = []
    for operation in ENDPOINT:
        try:
            assert callable(method_of(client, operation))
        except AttributeError:
            missing.append(operation)
    # The table says where an SDK has no method; for seam 3.18.0 there is none.
    declared = sorted(op for op, call in CALLS.items() if "python" in call.get("no_method", {}))
    assert sorted(missing) == declared


def prepared(client, call):
    """Runs the call's setup steps; answers the call's parameters and what the steps saved."""
    saved = {}
    for step in call.get("setup", []):
        answer = run(client, step["operation"], resolve(step["params"], saved))
        if "save" in step:
            saved[step["save"]] = answer
    return resolve(call["params"], saved), saved


@pytest.mark.parametrize("operation", list(CALLS), ids=list(CALLS))
def test_route(url, operation):
    call, endpoint = CALLS[operation], ENDPOINT[operation]
    client = Seam(api_key=API_KEY, endpoint=url)
    params, saved = prepared(client, call)
    before = requests(url)["counts"]
    answer = run(client, operation, params)
    seen = requests(url)
    check_answer(answer, call["expect"], saved, operation)
    saved["result"] = answer

    # What fake-seam saw: the documented method on the route's path, once.
    route = f"{endpoint['method']} {endpoint['path']}"
    sent = counts_since(before, seen["counts"])
    polls = sent.pop("GET /action_attempts/get", 0) if endpoint["action_attempt"] else 0
    assert sent == {route: 1}
    if endpoint["action_attempt"]:
        assert polls >= 1, "the SDK's wait polled the attempt"  # fake-seam's attempts start pending
    else:
        assert polls == 0
        last = seen["last"]
        assert (last["method"], last["path"]) == (endpoint["method"], endpoint["path"])
        got = received(last)
        if last["method"] in ("GET", "DELETE"):
            # The Python SDK adds `_strict=true` to every query that has parameters.
            assert got.pop("_strict", None) == (["true"] if params else None)
            assert got == sent_as_query(params)
        else:
            assert got == params
        assert last["headers"]["seam-sdk-name"] == "seamapi/python"

    for then in call.get("then", []):
        then_params = resolve(then["params"], saved)
        where = f"{operation}, then {then['operation']}"
        if "raises" in then:
            expected = then["raises"]
            if "action_attempt_failed" in expected:
                with pytest.raises(seam.SeamActionAttemptFailedError) as raised:
                    run(client, then["operation"], then_params)
                assert raised.value.code == expected["action_attempt_failed"], where
            else:
                with pytest.raises(seam.SeamHttpApiError) as raised:
                    run(client, then["operation"], then_params)
                assert (raised.value.status_code, raised.value.code) == (expected["status"], expected["code"]), where
        else:
            check_answer(run(client, then["operation"], then_params), then["expect"], saved, where)


@pytest.mark.parametrize("operation", PAGINATED, ids=PAGINATED)
def test_paginator_walks_every_page(url, operation):
    """The SDK's paginator over a list, one item a page: every item once, in the list's order,
    one GET per page, each after the first with the cursor the previous page gave."""
    call, endpoint = CALLS[operation], ENDPOINT[operation]
    client = Seam(api_key=API_KEY, endpoint=url)
    params, _ = prepared(client, call)
    listing = method_of(client, operation)
    everything = plain(listing(**params))
    assert everything, f"{operation}: the table's call lists nothing to page through"

    before = requests(url)["counts"]
    paginator = client.create_paginator(listing, {**params, "limit": 1})
    page, pagination = paginator.first_page()
    pages = [plain(page)]
    while pagination.has_next_page:
        assert pagination.next_page_url.startswith(url + endpoint["path"] + "?")
        page, pagination = paginator.next_page(pagination.next_page_cursor)
        pages.append(plain(page))
    route = f"{endpoint['method']} {endpoint['path']}"
    assert counts_since(before, requests(url)["counts"]) == {route: len(pages)}
    assert [len(p) for p in pages] == [1] * len(everything)
    assert [item for p in pages for item in p] == everything
    assert plain(client.create_paginator(listing, {**params, "limit": 2}).flatten_to_list()) == everything
