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
            "description": "按字段列出的错误，始终为扁平结构：键为字段名，嵌套项用点号连接"
            "（如 members.0.id_number），值为中文错误说明列表；与字段无关的错误在 non_field_errors 下。",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"members.0.months_worked": ["请确保该值小于或者等于 12。"]},
        },
    },
    "example": {
        "code": "members_missing",
        "message": "成员列表须包含全部现有成员，缺少：李六（如系他人刚添加，请刷新页面）。减员请使用“减员”办理。",
        "errors": {
            "members": [
                "成员列表须包含全部现有成员，缺少：李六（如系他人刚添加，请刷新页面）。减员请使用“减员”办理。"
            ]
        },
    },
}

ERROR_SHAPE = (
    '\n\n错误响应：所有 4xx 均为 `{"code": 机器可读代码, "message": 中文说明, "errors": {字段: [说明]}}`；'
    "`errors` 始终扁平，嵌套字段用点号（如 `members.0.id_number`），序列化校验与业务规则的错误键形式相同。"
    "修改农户时 `members` 须为全部现有成员：遗漏现有成员返回 400 `members_missing`（减员请用减员功能），"
    "成员已被他人变动返回 409。"
)

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
    info = result.setdefault("info", {})
    if ERROR_SHAPE not in info.get("description", ""):
        info["description"] = info.get("description", "") + ERROR_SHAPE
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
