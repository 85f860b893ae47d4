"""Signs one request with botocore's SigV4Auth, for the AWS client's tests to compare their signature with.

Usage: botocore_sign.py JSON, where JSON holds method, url, headers ([[name, value], ...]), body, access_key,
secret_key, token (or null), region, service and timestamp (20240229T235959Z). Prints a JSON object with
authorization, canonical_request, string_to_sign and the signed headers ([[name, value], ...]).
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.loads(sys.argv[1])
moment = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode("utf-8"))
for name, value in spec["headers"]:
    request.headers[name] = value
credentials = Credentials(spec["access_key"], spec["secret_key"], spec["token"])
auth = botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"])
# add_auth signs with the time now: freeze it, and record the steps it takes on the way.
steps = {}
canonical_request, string_to_sign = auth.canonical_request, auth.string_to_sign
auth.canonical_request = lambda r: steps.setdefault("canonical_request", canonical_request(r))
auth.string_to_sign = lambda r, c: steps.setdefault("string_to_sign", string_to_sign(r, c))
with mock.patch.object(botocore.auth, "get_current_datetime", return_value=moment):
    auth.add_auth(request)
print(json.dumps({
    "authorization": request.headers["Authorization"],
    "canonical_request": steps["canonical_request"],
    "string_to_sign": steps["string_to_sign"],
    "headers": [[name, value] for name, value in request.headers.items()],
}))
