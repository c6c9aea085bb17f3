"""Schema post-processing: every operation documents the one error body and the statuses it can
answer with, so clients (and schemathesis) know 400/401/403/404/409/429 are part of the contract."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "errors"],
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误代码"},
        "message": {"type": "string", "description": "中文错误说明"},
        "errors": {
            "type": "object",
            "description": "按字段列出的错误",
            "additionalProperties": True,
        },
    },
}

ERROR_STATUSES = {
    "400": "请求参数或数据有误",
    "401": "未认证或令牌无效",
    "403": "角色无权执行此操作",
    "404": "记录不存在或不在权限范围内；或游标无效",
    "409": "记录已被他人修改",
    "429": "请求过于频繁",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                if status == "409" and method == "get":
                    continue
                responses.setdefault(status, {"description": description, "content": reference})
    return result
