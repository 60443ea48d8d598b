"""The desk's door: who may talk to it and which requests may change anything.

Served on loopback unless told otherwise. The Host header must name the server, so a web
page elsewhere cannot reach it through DNS rebinding; on any other address every request needs
the token printed at start (given once as ``?token=``, then kept in a same-site cookie); a
request that changes something must carry the page's secret header and come from the desk's
own origin, so another site cannot make the browser send one.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

CSRF_HEADER = "x-docgen-desk"
TOKEN_COOKIE = "docgen_desk_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts(host: str, port: int) -> set[str]:
    names = set(LOOPBACK) if host in LOOPBACK or host == "0.0.0.0" else set()
    names.add(host)
    return {name for host_name in names for name in (host_name, f"{host_name}:{port}")}


def refusal(request: Request) -> Response | None:
    state = request.app.state
    if request.headers.get("host", "") not in state.hosts:
        return JSONResponse({"error": "主机名不符，拒绝访问"}, status_code=403)
    if state.token is not None:
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given, state.token):
            response = RedirectResponse(request.url.remove_query_params("token"), 303)
            response.set_cookie(TOKEN_COOKIE, state.token, httponly=True, samesite="strict")
            return response
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not secrets.compare_digest(cookie, state.token):
            return JSONResponse({"error": "需要启动时显示的访问令牌（?token=…）"},
                                status_code=401)
    if request.method not in ("GET", "HEAD"):
        origin = request.headers.get("origin")
        same_origin = origin is None or origin.split("://", 1)[-1] in state.hosts
        secret = request.headers.get(CSRF_HEADER, "")
        if not same_origin or not secrets.compare_digest(secret, state.csrf):
            return JSONResponse({"error": "跨站请求，已拒绝"}, status_code=403)
    return None
