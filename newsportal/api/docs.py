"""The API's documentation page: drawn on the server from the OpenAPI schema, in the site's
frame and language, with no script and nothing from a CDN (an interactive console would need
both). The schema itself is /api/v1/openapi.json."""

from django.shortcuts import render
from django.urls import reverse


def _type(schema):
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def endpoints(schema):
    for address, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield {
                "method": method.upper(),
                "address": address,
                "summary": operation.get("summary", ""),
                "anchor": operation["operationId"],
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "required": parameter.get("required", False),
                        "type": _type(parameter.get("schema", {})),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "body": "requestBody" in operation,
                "statuses": sorted(operation.get("responses", {})),
            }


def documentation(request):
    from . import api

    root = reverse("api-v1:api-root")
    context = {
        "endpoints": list(endpoints(api.get_openapi_schema(path_prefix=root))),
        "base": request.build_absolute_uri(root).rstrip("/"),
        "schema": reverse("api-v1:openapi-json"),
    }
    return render(request, "api/docs.html", context)
