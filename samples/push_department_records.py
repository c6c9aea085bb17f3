"""Example client: push a department's records to 守线 (``POST /api/v1/department-records/``).

Standard library only. Reads a CSV laid out like the kind's upload template (部门数据 → 下载模板;
UTF-8 with or without BOM, or GBK) and sends it in batches of at most 10,000 records. Each record
needs the department's own id (column 记录编号 by default, ``--id-column``): pushing the same id
again with the same values changes nothing, with other values it is updated and matched again.

    python samples/push_department_records.py --url https://shouxian.example.gov.cn \\
        --token 0123abcd... --kind medical_costs --file samples/medical_costs.csv \\
        [--id-column 记录编号] [--batch 10000]

Without the id column, the row number of the file is used (only right for a file that is pushed
once and never reordered). The token comes from ``POST /api/v1/auth/token/`` (username, password)
of a department user. Exit code 0 when every batch was accepted, 1 otherwise.
"""

import argparse
import csv
import json
import sys
import urllib.error
import urllib.request

# Template column → field of the API (every kind's columns map onto these few fields).
FIELDS = {
    "身份证号": "person_id",
    "户主身份证号": "person_id",
    "身份证号或残疾人证号": "person_id",
    "姓名": "name",
    "救助类别": "code",
    "参保状态": "code",
    "鉴定等级": "code",
    "登记类型": "code",
    "残疾等级": "code",
    "变动类型": "code",
    "灾害类型": "code",
    "救助金额（元）": "amount",
    "合规自付医疗费用（元）": "amount",
    "损失金额（元）": "amount",
    "救助起始日期": "event_date",
    "辍学日期": "event_date",
    "鉴定日期": "event_date",
    "登记日期": "event_date",
    "发证日期": "event_date",
    "变动日期": "event_date",
    "受灾日期": "event_date",
    "排查日期": "event_date",
    "年度": "year",
    "学校": "note",
    "迁入地": "note",
    "问题描述": "note",
}


def read_records(path: str, id_column: str):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with open(path, encoding=encoding, newline="") as source:
                rows = list(csv.DictReader(source))
            break
        except UnicodeDecodeError:
            continue
    else:
        sys.exit(f"{path}: 无法识别编码（请保存为UTF-8或GBK）")
    for number, row in enumerate(rows, start=2):
        record = {FIELDS[h]: (v or "").strip() for h, v in row.items() if h in FIELDS}
        record["record_id"] = (row.get(id_column) or "").strip() or f"row-{number}"
        yield record


def post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url.rstrip("/") + "/api/v1/department-records/",
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--kind", required=True, help="e.g. medical_costs, civil_assistance")
    parser.add_argument("--file", required=True)
    parser.add_argument("--id-column", default="记录编号")
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    records = list(read_records(args.file, args.id_column))
    ok = True
    for start in range(0, len(records), args.batch):
        batch = records[start : start + args.batch]
        status, body = post(args.url, args.token, {"kind": args.kind, "records": batch})
        if status in (200, 201):
            print(
                f"records {start + 1}-{start + len(batch)}: created {body['created']}, updated {body['updated']}, "
                f"unchanged {body['unchanged']}; counts {body['counts']}"
            )
        else:
            ok = False
            print(f"records {start + 1}-{start + len(batch)}: HTTP {status} {body.get('message', '')}")
            for field, messages in body.get("errors", {}).items():
                print(f"  {field}: {' '.join(messages)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
