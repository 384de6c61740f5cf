"""The operator's dashboard: JSON shape, HTML in Chinese and English, and a real browser."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from hq_server import i18n
from hq_server.db import Database
from hq_server.migrate import upgrade
from hq_server.models import Terminal
from pos_app.domain.money import format_yuan
from tests.hq_process import running_hq
from tests.integration.hq.helpers import Till, make_store_and_terminal

CHROMIUM = Path("/usr/bin/chromium")
DAY, NEXT = "2024-05-01", "2024-05-02"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_dashboard_json_shape(client, db, till):
    events = [till.event(), till.event(), till.event("mystery.event", {"a": 1})]
    assert client.post("/api/v1/sync/push", json=till.push_body(events, outbox_depth=4),
                       headers=till.auth).status_code == 200
    make_store_and_terminal(db, "S002", "T01")  # another store, terminal never enrolled

    data = client.get("/api/v1/dashboard").json()
    assert set(data) == {"server_time", "online_window_seconds", "totals", "stores",
                         "anomalies"}
    assert data["totals"] == {"stores": 2, "terminals": 2, "online": 1, "flagged": 0,
                              "quarantined": 1, "anomalies": 0, "backlog": 4}
    assert data["anomalies"] == []
    s001 = data["stores"][0]
    assert s001["code"] == "S001" and re.match(r"^\d{4}-\d{2}-\d{2}$", s001["business_date"])
    term = s001["terminals"][0]
    assert term["name"] == "T01" and term["online"] and term["enrolled"]
    assert (term["last_seq"], term["outbox_depth"], term["quarantine_count"]) == (3, 4, 1)
    assert term["sales_today_count"] == 2 and term["day_closes"] == []
    assert term["anomaly_count"] == 0
    assert term["sales_today_total_fen"] == sum(till.sold)
    assert term["sales_today_total_yuan"] == format_yuan(sum(till.sold))
    assert s001["sales_today_total_fen"] == sum(till.sold)
    other = data["stores"][1]["terminals"][0]
    assert not other["enrolled"] and not other["online"] and other["last_seen_at"] is None

    with db.write() as session:
        session.execute(update(Terminal).where(Terminal.id == till.terminal_id)
                        .values(flagged=True, flag_reason="seq 2: chain broken"))
    data = client.get("/api/v1/dashboard").json()
    assert data["totals"]["flagged"] == 1
    assert data["stores"][0]["terminals"][0]["flag_reason"] == "seq 2: chain broken"


def test_html_is_chinese_by_default_and_english_on_request(client, till):
    zh = client.get("/")
    assert zh.status_code == 200 and zh.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in zh.text and "总部同步看板" in zh.text and "T01" in zh.text
    en = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in en.text and "HQ sync dashboard" in en.text
    assert "总部同步看板" not in en.text
    assert client.get("/", params={"lang": "x" * 100}).status_code == 422
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/static/dashboard.js").status_code == 200


def test_catalogs_have_the_same_keys():
    assert set(i18n.CATALOG["zh_CN"]) == set(i18n.CATALOG["en"])
    assert all(v.strip() for lang in i18n.CATALOG.values() for v in lang.values())
    assert i18n.pick_lang("en-US") == "en" and i18n.pick_lang("fr") == "zh_CN"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                    "(/usr/bin/chromium); `apt-get install chromium`")
def test_dashboard_in_a_real_browser(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url = f"sqlite:///{tmp_path / 'hq.sqlite'}"
    db = Database(url)
    upgrade(db)
    code = make_store_and_terminal(db, "S001", "T01")
    db.dispose()
    with running_hq(url) as hq:
        r = httpx.post(hq.url + "/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
        till = Till.from_enrolment(r.json())
        # Two sales today; a past day that closed as HQ saw it, with one unit returned twice.
        events = till.events(2)
        old_sale = till.sale_v2([("010001", 1, 300)], 1)
        events += [old_sale, till.refund(old_sale, [(1, 1, 300)], 1),
                   till.refund(old_sale, [(1, 1, 300)], 2),
                   till.day_closed(DAY, sales_count=1, sales_fen=300, refunds_count=2,
                                   refunds_fen=600)]
        push = httpx.post(hq.url + "/api/v1/sync/push", headers=till.auth,
                          json=till.push_body(events))
        assert push.status_code == 200, push.text
        assert {x["status"] for x in push.json()["results"]} == {"applied"}

        os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(hq.url + "/")
                row = page.locator(f'tr[data-terminal-id="{till.terminal_id}"]')
                expect(row.locator("td.sales-count")).to_have_text("2")
                expect(row.locator("td.sales-total")).to_have_text(format_yuan(sum(till.sold)))
                expect(row.locator("td.status")).to_have_text("在线")
                expect(page.locator("h1")).to_have_text("总部同步看板")
                matched = page.locator(f'#day-close-rows tr[data-business-date="{DAY}"]')
                expect(matched.locator("td.reconciliation")).to_have_text("相符")
                expect(matched.locator("td.net")).to_have_text(format_yuan(-300))
                double = page.locator('#anomaly-rows tr[data-kind="double_return"]')
                expect(double.locator("td.kind")).to_have_text("重复退货")
                expect(double.locator("td.name")).to_have_text("T01")
                expect(page.locator('[data-total="anomalies"]')).to_have_text("1")

                # A third sale and a day close that does not add up arrive; the page
                # refreshes itself (every 5 s).
                more = httpx.post(hq.url + "/api/v1/sync/push", headers=till.auth,
                                  json=till.push_body([till.event(), till.day_closed(
                                      NEXT, sales_count=2, sales_fen=700)]))
                assert more.status_code == 200
                expect(row.locator("td.sales-count")).to_have_text("3", timeout=12_000)
                expect(row.locator("td.sales-total")).to_have_text(format_yuan(sum(till.sold)))
                mismatch = page.locator(f'#day-close-rows tr[data-business-date="{NEXT}"]')
                expect(mismatch.locator("td.reconciliation")).to_have_text("不符")
                expect(mismatch.locator('[data-figure="sales_count"]')).to_have_text(
                    "销售笔数 2 / 0")
                expect(mismatch.locator('[data-figure="sales_fen"]')).to_have_text(
                    "销售额 7.00 / 0.00")
                expect(matched.locator("td.reconciliation")).to_have_text("相符")
                expect(page.locator('#anomaly-rows tr[data-kind="day_mismatch"] td.kind')) \
                    .to_have_text("日结不符")
                expect(double.locator("td.kind")).to_have_text("重复退货")
                expect(page.locator('[data-total="anomalies"]')).to_have_text("2")

                page.goto(hq.url + "/?lang=en")
                expect(page.locator("h1")).to_have_text("HQ sync dashboard")
                expect(row.locator("td.status")).to_have_text("online")
                expect(matched.locator("td.reconciliation")).to_have_text("matched")
                expect(mismatch.locator("td.reconciliation")).to_have_text("mismatch")
                expect(double.locator("td.kind")).to_have_text("Double return")
                page.screenshot(path=str(tmp_path / "dashboard.png"))
            finally:
                browser.close()
