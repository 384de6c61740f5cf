"""Representative receipts for the device tests."""

from __future__ import annotations

from dataclasses import replace

from devices.receipt import AmountLine, ItemLine, ReceiptDocument, TextLine

RECEIPT_NO = "S001-T01-20240101-0001"
QR_URL = "https://e.example.cn/r/S001-T01-20240101-0001"


def chinese_receipt(open_drawer: bool = True) -> ReceiptDocument:
    """A Chinese supermarket receipt: double-size store name, a name that needs wrapping,
    a ¥ sign, a bold total, barcode and QR."""
    return ReceiptDocument(
        header=[
            TextLine("人民路店", align="center", bold=True, double=True),
            TextLine(f"单号: {RECEIPT_NO}"),
            TextLine("时间: 2024-01-01 09:30"),
            TextLine("收银员: 1001"),
        ],
        lines=[
            ItemLine("可口可乐 330ml", "2", "3.00", "6.00"),
            ItemLine("康师傅红烧牛肉面（特大份装）经典口味家庭装", "1", "4.50", "4.50"),
            ItemLine("旺旺雪饼 84g", "3", "6.80", "20.40"),
        ],
        totals=[
            AmountLine("件数", "6"),
            AmountLine("合计", "¥30.90", bold=True),
        ],
        payments=[
            AmountLine("现金", "50.00"),
            AmountLine("找零", "19.10"),
        ],
        footer=[TextLine("谢谢惠顾，欢迎再次光临", align="center")],
        barcode=RECEIPT_NO,
        qr=QR_URL,
        open_drawer=open_drawer,
    )


MEMBER_LINES = ("会员：李娜 138****1234", "等级：金卡", "本次积分：+30  累计积分：1280")


def member_receipt(logo: str | None = None, open_drawer: bool = False) -> ReceiptDocument:
    """The Chinese receipt with a member block (name in bold) and, when given, a logo file."""
    member = [TextLine(MEMBER_LINES[0], bold=True), *map(TextLine, MEMBER_LINES[1:])]
    return replace(chinese_receipt(open_drawer), member=member, logo=logo)
