"""The digest JSON is a format users parse: every output validates against the shipped JSON Schema, and a
golden file pins it. A deliberate change bumps SCHEMA_VERSION (minor for added fields, major for breaking
ones) and regenerates the golden file: SUMMARIZE_UPDATE_GOLDEN=1 pytest tests/test_schema.py."""

import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from summarize.pipeline import SCHEMA_VERSION, Pipeline
from summarize.render import to_dict

GOLDEN = Path(__file__).parent / "golden" / "digest.json"
ARTICLE = ("---\ntitle: 星河公司发布第三季度财报\nid: golden-1\ndate: 2026-10-28\n---\n"
           "**1、营收185亿元，同比增长32.5%**\n\n**2、交付新车12.6万辆**\n\n"
           "星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元，好于市场预期。\n\n"
           "公司共交付新车12.6万辆，其中海外交付首次超过国内。董事长王明表示，明年将在欧洲建设第二座工厂。\n\n"
           "分析人士认为，本地化生产有助于降低关税成本。\n")
VOLATILE = ("timings", "versions", "fingerprint")  # change with the machine and the library versions


def schema() -> dict:
    return json.loads(resources.files("summarize").joinpath("schema/digest.schema.json").read_text("utf-8"))


def stable(record: dict) -> dict:
    return record | {"provenance": {k: v for k, v in record["provenance"].items() if k not in VOLATILE}}


def test_the_digest_validates_against_the_shipped_schema():
    record = to_dict(Pipeline.from_cards().run(ARTICLE))
    jsonschema.validate(record, schema())
    assert record["schema_version"] == SCHEMA_VERSION


def test_the_digest_matches_the_golden_file():
    record = stable(to_dict(Pipeline.from_cards().run(ARTICLE)))
    if os.environ.get("SUMMARIZE_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["schema_version"] == SCHEMA_VERSION, "a schema change must bump SCHEMA_VERSION"
    assert record == golden


@pytest.mark.parametrize("broken", [{"schema_version": "2.0"}, {"key_points": [{"zh": "x", "en": "y"}]},
                                    {"checks": {"ok": "yes"}}])
def test_the_schema_refuses_what_a_parser_could_not_read(broken):
    record = to_dict(Pipeline.from_cards().run(ARTICLE)) | broken
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema())
