"""HTTP to a remote SPARQL 1.1 server: queries and updates through SPARQLWrapper, the Graph
Store Protocol through urllib, and the server's failures turned into the project's errors.

Every request is a form POST (SPARQL 1.1 Protocol §2.1.2 and §2.2.1), so that long texts
and long lists of `default-graph-uri` / `named-graph-uri` fit; answers are returned as open
responses, read by the caller as a stream. The server's status codes mean: 400 the request
(a query the server cannot run), 401/403/404 the configuration (credentials, rights, URL),
5xx the server.

SPARQLWrapper builds each request (endpoint, parameters, headers); this module's own opener
sends it. SPARQLWrapper would send it through urllib's global opener, and for digest
authentication installs one for the whole process — after which any other urllib client in
the process (SPARQLWrapper pointed at this very service, say) meets a digest handler that
fails on a `Bearer` challenge. The opener here is the store's alone.
"""

from __future__ import annotations

import base64
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse
from typing import cast

from SPARQLWrapper import INSERT, POST, SELECT, URLENCODED, SPARQLWrapper

from loaders.errors import LankaError, QueryFailed, QueryTimeout, RequestError, StoreError

Params = Sequence[tuple[str, str]]
MAX_MESSAGE = 500
USER_AGENT = "lanka (SPARQLWrapper)"
# How a server says that a query ran out of time, in a 500 answer (Virtuoso: SR171).
_TIMEOUT_WORDS = ("timed out", "timeout", "time limit", "S1T00", "SR171")


@dataclass(frozen=True)
class Credentials:
    """User and password (HTTP basic or digest), or a bearer token, or nothing."""

    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    token: str | None = None


class RemoteEndpoint:
    """The three addresses of one remote store and the credentials they take."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        store_url: str | None = None,
        credentials: Credentials = Credentials(),
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.store_url = store_url
        self.credentials = credentials
        self._opener = _opener(credentials, [self.query_url, self.update_url, store_url])

    # SPARQL 1.1 Protocol, through SPARQLWrapper
    def query(self, text: str, *, accept: str, params: Params, timeout: float) -> HTTPResponse:
        """POST a query; the open response (the caller reads and closes it)."""
        client = self._client(text, SELECT, params, timeout)
        client.addCustomHttpHeader("Accept", accept)
        return self._run(client, "query")

    def update(self, text: str, *, params: Params, timeout: float) -> None:
        """POST an update. The explicit Accept matters to Virtuoso, which answers an update
        with a result set and without one picks a format the client did not ask for."""
        client = self._client(text, INSERT, params, timeout)
        client.addCustomHttpHeader("Accept", "application/sparql-results+xml")
        self._run(client, "update").close()

    def _client(self, text: str, kind: str, params: Params, timeout: float) -> _Client:
        client = _Client(self.query_url, updateEndpoint=self.update_url, agent=USER_AGENT)
        client.opener = self._opener
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)  # no format= parameter: Virtuoso would obey it over Accept
        client.setTimeout(max(1, math.ceil(timeout)))
        client.setQuery(text)
        # SPARQLWrapper guesses query or update from the first keyword it finds in the text,
        # which an IRI can mislead (<http://load.example/>); the caller knows which it is.
        client.queryType = kind
        for name, value in params:
            client.addParameter(name, value)
        authorization = self._authorization()
        if authorization is not None:
            client.addCustomHttpHeader("Authorization", authorization)
        return client

    def _authorization(self) -> str | None:
        """The Authorization header sent up front: a bearer token or basic credentials
        (digest needs the server's challenge first; the opener answers it)."""
        creds = self.credentials
        if creds.token is not None:
            return f"Bearer {creds.token}"
        if creds.auth == "basic" and creds.user is not None and creds.password is not None:
            pair = f"{creds.user}:{creds.password}".encode()
            return f"Basic {base64.b64encode(pair).decode()}"
        return None

    def _run(self, client: _Client, what: str) -> HTTPResponse:
        try:
            return cast(HTTPResponse, client.query().response)
        except urllib.error.HTTPError as exc:
            raise status_error(exc.code, _read(exc), what) from None
        except TimeoutError:
            raise _timed_out(what) from None
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            raise unreachable(self.query_url, exc) from None

    # SPARQL 1.1 Graph Store HTTP Protocol, through urllib
    def graph_url(self, graph: str | None) -> str:
        assert self.store_url is not None
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        return f"{self.store_url}?{query}"

    def put_graph(self, graph: str, ntriples: bytes, timeout: float) -> None:
        """Replace a graph with N-Triples (GSP PUT)."""
        request = urllib.request.Request(
            self.graph_url(graph),
            data=ntriples,
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        )
        self._open(request, timeout, "graph store").close()

    def get_graph(self, graph: str | None, timeout: float) -> HTTPResponse | None:
        """A graph as N-Triples (GSP GET); None when the server has no such graph."""
        request = urllib.request.Request(
            self.graph_url(graph), headers={"Accept": "application/n-triples"}
        )
        try:
            return self._open(request, timeout, "graph store")
        except _NotFound:
            return None

    def _open(self, request: urllib.request.Request, timeout: float, what: str) -> HTTPResponse:
        request.add_header("User-Agent", USER_AGENT)
        authorization = self._authorization()
        if authorization is not None:
            request.add_header("Authorization", authorization)
        try:
            return cast(HTTPResponse, self._opener.open(request, timeout=timeout))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise _NotFound from None
            raise status_error(exc.code, _read(exc), what) from None
        except TimeoutError:
            raise _timed_out(what) from None
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            raise unreachable(request.full_url, exc) from None


class _Client(SPARQLWrapper):
    """SPARQLWrapper, sending through the store's own opener instead of urllib's global one;
    an error answer is left as urllib's HTTPError, with the server's body."""

    opener: urllib.request.OpenerDirector

    def _query(self) -> tuple[HTTPResponse, str]:
        request = self._createRequest()
        response = self.opener.open(request, timeout=self.timeout)
        return cast(HTTPResponse, response), self.returnFormat


class _NotFound(Exception):
    """A Graph Store answer 404: the graph is not there."""


def _opener(credentials: Credentials, urls: list[str | None]) -> urllib.request.OpenerDirector:
    """The store's own opener; with digest authentication it answers the challenges of the
    store's addresses (and of no other)."""
    handlers: list[urllib.request.BaseHandler] = []
    if credentials.auth == "digest" and credentials.user and credentials.password:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            if url:
                manager.add_password(None, url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _read(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace")
    except (OSError, HTTPException):
        return ""


def _shown(message: str) -> str:
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …"


def status_error(status: int, message: str, what: str) -> LankaError:
    """The project error for a remote server's error answer."""
    shown = _shown(message)
    if status in (401, 403, 404, 405):
        return StoreError(
            f"etätietovarasto ei hyväksy pyyntöä ({what}, HTTP {status}): tarkista osoite ja "
            f"tunnukset: {shown}",
            f"the remote store refuses the request ({what}, HTTP {status}): check its address "
            f"and credentials: {shown}",
        )
    if status in (408, 504) or (status >= 500 and any(w in message for w in _TIMEOUT_WORDS)):
        return _timed_out(what, shown)
    if 400 <= status < 500:
        return RequestError(
            f"etätietovarasto hylkäsi pyynnön ({what}): {shown}",
            f"the remote store rejected the request ({what}): {shown}",
        )
    if status in (502, 503):
        return StoreError(
            f"etätietovarasto ei ole käytettävissä (HTTP {status}): {shown}",
            f"the remote store is unavailable (HTTP {status}): {shown}",
        )
    return QueryFailed(
        f"etätietovarasto ei voinut suorittaa pyyntöä ({what}, HTTP {status}): {shown}",
        f"the remote store could not carry out the request ({what}, HTTP {status}): {shown}",
    )


def _timed_out(what: str, detail: str = "") -> QueryTimeout:
    extra = f": {detail}" if detail else ""
    return QueryTimeout(
        f"etätietovarasto ei vastannut aikarajassa ({what}){extra}; tulosta ei anneta",
        f"the remote store did not answer within the time limit ({what}){extra}; no result is "
        "given",
    )


def unreachable(url: str, exc: BaseException) -> StoreError:
    return StoreError(
        f"etätietovarastoon {url} ei saada yhteyttä: {exc}",
        f"cannot reach the remote store {url}: {exc}",
    )
