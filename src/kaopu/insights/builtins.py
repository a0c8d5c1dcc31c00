"""The four built-in private-economy indicators (the shares an FIC quotes from the "56789" characterisation of
the private economy), their keys and their one written definition each.

Plain data and one seeding function that takes the model as an argument, so that the data migration
(``0002_builtin_indicators``, with the historical model) and the demo (with the real one, after a test's
flush) seed the same rows. The registry's metrics (kaopu.insights.metrics) name these keys.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Builtin(NamedTuple):
    key: str
    name: str
    definition: str
    sort_order: int


MARKET_ENTITIES, HIGH_TECH, NEW_JOBS, TAX = "share_market_entities", "share_high_tech", "share_new_jobs", "share_tax"

BUILTINS: tuple[Builtin, ...] = (
    Builtin(MARKET_ENTITIES, "市场主体占比",
            "期末本区实有民营市场主体户数（私营企业、个体工商户及农民专业合作社等非公有制市场主体）占全区实有"
            "市场主体总户数的比重，以区市场监管部门登记数据为准；按百分比填写，如 95.20 表示 95.20%。", 10),
    Builtin(HIGH_TECH, "高新技术企业占比",
            "期末本区有效期内的民营高新技术企业家数占全区有效期内高新技术企业总家数的比重，以区科技部门认定"
            "数据为准；按百分比填写。", 20),
    Builtin(NEW_JOBS, "新增就业占比",
            "报告期内本区民营经济（私营企业、个体工商户等非公有制经济）新增就业岗位数占全区新增就业岗位总数的"
            "比重，以区人力资源和社会保障部门统计数据为准；按百分比填写。", 30),
    Builtin(TAX, "税收占比",
            "报告期内本区民营经济实现的税收收入占全区税收总收入的比重（口径为区级税务部门统计的全口径税收，"
            "不含海关代征税收）；按百分比填写。", 40),
)


def seed(indicator_model: Any) -> None:
    """Create the built-ins that are missing (by key); never overwrite what staff may have changed."""
    for builtin in BUILTINS:
        indicator_model.objects.get_or_create(key=builtin.key, defaults={
            "name": builtin.name, "unit": "percent", "definition": builtin.definition,
            "sort_order": builtin.sort_order, "is_builtin": True})
