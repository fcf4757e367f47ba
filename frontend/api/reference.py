"""The API's reference at `/docs`: the OpenAPI document as one plain HTML
page, written by the service itself. FastAPI's own `/docs` runs Swagger UI's
script from a CDN on the wallet page's origin (where a member's wallet has
let this site ask it to sign and send) and shows nothing on a network without
internet; this page loads only the page's stylesheet and runs no script."""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["render"]

_METHODS = ("get", "post", "put", "patch", "delete")


def render(openapi: dict[str, Any]) -> str:
    """Every route of `openapi` (method, path, summary, parameters) as HTML;
    every text is escaped."""
    info = openapi.get("info", {})
    rows = []
    for path, item in sorted(openapi.get("paths", {}).items()):
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = ", ".join(f"{p.get('name', '?')} ({p.get('in', '?')})" for p in op.get("parameters", []))
            body = " · JSON body" if "requestBody" in op else ""
            rows.append(
                "<tr>"
                f"<td><code>{escape(method.upper())}</code></td>"
                f"<td><code>{escape(path)}</code></td>"
                f"<td>{escape(op.get('summary') or op.get('description') or '')}</td>"
                f"<td>{escape(params)}{body}</td>"
                "</tr>"
            )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(info.get('title', 'API'))} API</title>\n"
        '<link rel="icon" href="data:,">\n<link rel="stylesheet" href="/static/app.css">\n'
        "</head>\n<body>\n<main>\n"
        f"<h1>{escape(info.get('title', 'API'))} API, version {escape(str(info.get('version', '')))}</h1>\n"
        f"<p>{escape(info.get('description', ''))}</p>\n"
        '<p>The whole description, for tools: <a href="/openapi.json">/openapi.json</a> (OpenAPI). '
        '<a href="/">Back to the co-ops</a>.</p>\n'
        '<div class="scroll" tabindex="0" role="region" aria-label="Routes">\n'
        "<table>\n<caption>Routes</caption>\n"
        '<thead><tr><th scope="col">Method</th><th scope="col">Path</th>'
        '<th scope="col">What it does</th><th scope="col">Parameters</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n"
        "</main>\n</body>\n</html>\n"
    )
