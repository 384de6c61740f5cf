"""A small message catalog for the dashboard: zh_CN by default, en on request (?lang=en)."""

from __future__ import annotations

DEFAULT_LANG = "zh_CN"

CATALOG: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "总部同步看板",
        "subtitle": "各门店收银机在线状态、积压与今日销售",
        "store": "门店",
        "terminal": "收银机",
        "status": "状态",
        "online": "在线",
        "offline": "离线",
        "never_seen": "从未连接",
        "not_enrolled": "未注册",
        "revoked": "已停用",
        "last_seen": "最后连接",
        "last_seq": "已收到序号",
        "backlog": "待上传",
        "oldest_pending": "最早待传",
        "sales_count": "今日笔数",
        "sales_total": "今日金额(元)",
        "app_version": "版本",
        "clock_skew": "时钟偏差(秒)",
        "flagged": "需处理",
        "flag_reason": "异常说明",
        "quarantine": "隔离事件",
        "business_date": "营业日",
        "totals": "合计",
        "stores": "门店数",
        "terminals": "收银机数",
        "online_count": "在线",
        "flagged_count": "需处理",
        "quarantined_count": "隔离事件",
        "backlog_total": "待上传合计",
        "updated": "更新于",
        "no_terminals": "暂无收银机",
        "no_stores": "暂无门店。请运行 pos-hq seed-demo 或添加门店。",
        "refresh_failed": "刷新失败，稍后重试",
        "language": "English",
        "ok": "正常",
    },
    "en": {
        "title": "HQ sync dashboard",
        "subtitle": "Terminals online, backlog and today's sales per store",
        "store": "Store",
        "terminal": "Terminal",
        "status": "Status",
        "online": "online",
        "offline": "offline",
        "never_seen": "never seen",
        "not_enrolled": "not enrolled",
        "revoked": "revoked",
        "last_seen": "Last seen",
        "last_seq": "Last seq",
        "backlog": "Backlog",
        "oldest_pending": "Oldest pending",
        "sales_count": "Sales today",
        "sales_total": "Total today (¥)",
        "app_version": "Version",
        "clock_skew": "Clock skew (s)",
        "flagged": "Flagged",
        "flag_reason": "Why",
        "quarantine": "Quarantined",
        "business_date": "Business date",
        "totals": "Totals",
        "stores": "Stores",
        "terminals": "Terminals",
        "online_count": "Online",
        "flagged_count": "Flagged",
        "quarantined_count": "Quarantined",
        "backlog_total": "Backlog",
        "updated": "Updated",
        "no_terminals": "No terminals yet",
        "no_stores": "No stores yet. Run pos-hq seed-demo or add a store.",
        "refresh_failed": "Refresh failed; retrying",
        "language": "中文",
        "ok": "OK",
    },
}


def pick_lang(requested: str | None) -> str:
    if not requested:
        return DEFAULT_LANG
    value = requested.replace("-", "_").lower()
    if value.startswith("en"):
        return "en"
    return DEFAULT_LANG


def catalog(lang: str) -> dict[str, str]:
    return CATALOG.get(lang, CATALOG[DEFAULT_LANG])


def t(key: str, lang: str = DEFAULT_LANG) -> str:
    return catalog(lang).get(key) or CATALOG[DEFAULT_LANG][key]
