<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CashDialog</name>
    <message>
        <source>Cash payment</source>
        <translation>现金收款</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应收金额</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>正好</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认收款 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <source>#</source>
        <extracomment>A rejected edit (the PosError); the sale is unchanged. Item count or total may have changed.</extracomment>
        <translation>序号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Cashier login</source>
        <extracomment>(language code, name shown in the selector: always in that language itself)</extracomment>
        <translation>收银员登录</translation>
    </message>
    <message>
        <source>Staff no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>e.g. 1001</source>
        <translation>例如 1001</translation>
    </message>
    <message>
        <source>Digits only</source>
        <translation>仅限数字</translation>
    </message>
    <message>
        <source>Log in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Till</source>
        <extracomment>The cashier picked another language (code); the caller may remember it. The window was closed.</extracomment>
        <translation>收银机</translation>
    </message>
</context>
<context>
    <name>SalePage</name>
    <message>
        <source>Printing receipt…</source>
        <extracomment>A sale was committed (CompletedSale): the status bar refreshes at once. A print job finished: (ok: bool). For tests and the demo driver.</extracomment>
        <translation>正在打印小票…</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>小票已打印。</translation>
    </message>
    <message>
        <source>Receipt {receipt_no}</source>
        <translation>小票号 {receipt_no}</translation>
    </message>
    <message>
        <source>Change ¥{change}</source>
        <translation>找零 ¥{change}</translation>
    </message>
    <message>
        <source>unexpected error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Receipt not printed.</source>
        <translation>小票未打印。</translation>
    </message>
    <message>
        <source>No sale to reprint yet.</source>
        <translation>还没有可重印的销售。</translation>
    </message>
    <message>
        <source>Reprinting {receipt_no}…</source>
        <translation>正在重印 {receipt_no}…</translation>
    </message>
    <message>
        <source>Reprinted {receipt_no}.</source>
        <translation>已重印 {receipt_no}。</translation>
    </message>
    <message>
        <source>Printed {count} waiting receipt(s).</source>
        <translation>已补打 {count} 张小票。</translation>
    </message>
    <message>
        <source>Finish the sale or delete its lines before logging out.</source>
        <translation>请先完成本单收款或删除所有商品行，再退出登录。</translation>
    </message>
    <message>
        <source>Cashier: {name} ({staff_no})</source>
        <translation>收银员：{name}（{staff_no}）</translation>
    </message>
    <message>
        <source>Reprint last (F9)</source>
        <translation>重印上一单 (F9)</translation>
    </message>
    <message>
        <source>Log out (F10)</source>
        <translation>退出登录 (F10)</translation>
    </message>
    <message>
        <source>Scan or type a barcode (barcode*qty), then Enter</source>
        <translation>扫描或输入条码（条码*数量），按回车</translation>
    </message>
    <message>
        <source>e.g. 6901234567892*2</source>
        <translation>例如 6901234567892*2</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Change qty (F4)</source>
        <translation>改数量 (F4)</translation>
    </message>
    <message>
        <source>Delete line (Del)</source>
        <translation>删除行 (Del)</translation>
    </message>
    <message>
        <source>Cash (F12)</source>
        <translation>现金收款 (F12)</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>重新打印</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Status unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <source>Waiting to upload: {count}</source>
        <translation>待上传：{count}</translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation>上次同步：{time}</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Last error ({time}): {error}</source>
        <translation>最近错误（{time}）：{error}</translation>
    </message>
</context>
<context>
    <name>devices</name>
    <message>
        <source>printer not found</source>
        <translation>找不到打印机</translation>
    </message>
    <message>
        <source>printer busy</source>
        <translation>打印机忙</translation>
    </message>
    <message>
        <source>printer offline</source>
        <translation>打印机离线</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <source>printer connection failed</source>
        <translation>打印机连接失败</translation>
    </message>
    <message>
        <source>printer settings are wrong</source>
        <translation>打印机设置有误</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>The printer settings are not usable: {detail}</source>
        <translation>打印机设置不可用：{detail}</translation>
    </message>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>There is no till in {path} (enrol one first: pos-till --data-dir {path} enroll).</source>
        <translation>{path} 中没有收银机数据（请先注册：pos-till --data-dir {path} enroll）。</translation>
    </message>
    <message>
        <source>Sync with head office failed: {detail}</source>
        <translation>与总部同步失败：{detail}</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>操作未能完成。</translation>
    </message>
    <message>
        <source>“{code}” is not a valid barcode (check digit is wrong).</source>
        <translation>“{code}”不是有效条码（校验位错误）。</translation>
    </message>
    <message>
        <source>No product has the barcode “{code}”.</source>
        <translation>找不到条码为“{code}”的商品。</translation>
    </message>
    <message>
        <source>Quantity must be a whole number from 1 to {max_qty}.</source>
        <translation>数量必须是 1 到 {max_qty} 之间的整数。</translation>
    </message>
    <message>
        <source>“{text}” is not an amount of money (e.g. 12.50).</source>
        <translation>“{text}”不是有效金额（例如 12.50）。</translation>
    </message>
    <message>
        <source>The amount is larger than the till accepts ({limit}).</source>
        <translation>金额超出收银机允许的上限（{limit}）。</translation>
    </message>
    <message>
        <source>Not enough money: {tendered} given, {due} due.</source>
        <translation>收款不足：实收 ¥{tendered}，应收 ¥{due}。</translation>
    </message>
    <message>
        <source>The sale has no items.</source>
        <translation>本单还没有商品。</translation>
    </message>
    <message>
        <source>The sale has no line {line_no}.</source>
        <translation>本单没有第 {line_no} 行。</translation>
    </message>
    <message>
        <source>Wrong staff number or PIN.</source>
        <translation>工号或密码错误。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Login is locked for {minutes} more minute(s).</source>
        <translation>密码错误次数过多，登录已锁定，请 {minutes} 分钟后再试。</translation>
    </message>
    <message>
        <source>This till is not enrolled with head office yet (run: pos-till enroll).</source>
        <translation>本收银机尚未在总部注册（请运行：pos-till enroll）。</translation>
    </message>
    <message>
        <source>No staff are known on this till yet: sync with head office first.</source>
        <translation>本收银机还没有员工资料，请先与总部同步。</translation>
    </message>
    <message>
        <source>The till window is already open on this computer (data: {path}).</source>
        <translation>本机已打开收银窗口（数据目录：{path}）。</translation>
    </message>
    <message>
        <source>The receipt could not be printed ({reason}). The sale is saved; reprint it later.</source>
        <translation>小票打印失败（{reason}）。销售已保存，稍后可重印。</translation>
    </message>
    <message>
        <source>No receipt “{receipt_no}” on this till.</source>
        <translation>本收银机没有小票“{receipt_no}”。</translation>
    </message>
    <message>
        <source>Something went wrong and nothing was changed. Please try again or call the store manager.</source>
        <translation>出现异常，未做任何更改。请重试或联系店长。</translation>
    </message>
    <message>
        <source>Cannot refund {refund_qty}: only {left} of {qty} are left to refund on this line.</source>
        <translation>无法退 {refund_qty} 件：该行共 {qty} 件，只剩 {left} 件可退。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}” is not valid.</source>
        <translation>促销“{rule_id}”无效。</translation>
    </message>
    <message>
        <source>Promotion {rule_id}: a promotion must be a JSON object.</source>
        <translation>促销 {rule_id}：促销规则必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}” has an unknown kind “{kind}”.</source>
        <translation>促销“{rule_id}”的类型“{kind}”无法识别。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: the field “{field}” is missing.</source>
        <translation>促销“{rule_id}”：缺少字段“{field}”。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: unknown field “{field}”.</source>
        <translation>促销“{rule_id}”：未知字段“{field}”。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: the field “{field}” has an invalid value “{value}”.</source>
        <translation>促销“{rule_id}”：字段“{field}”的值“{value}”无效。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: “{field}” must be from 1 to 9999 basis points (9000 = 10% off), not “{value}”.</source>
        <translation>促销“{rule_id}”：“{field}”须为 1 到 9999 个基点（9000 即九折），而不是“{value}”。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: “{field}” must be an amount in fen from {low} to {high}, not “{value}”.</source>
        <translation>促销“{rule_id}”：“{field}”须为 {low} 到 {high} 分之间的金额，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}”: the schedule field “{field}” is invalid (“{value}”).</source>
        <translation>促销“{rule_id}”：时间安排字段“{field}”无效（“{value}”）。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}” ends before it starts.</source>
        <translation>促销“{rule_id}”的结束时间早于开始时间。</translation>
    </message>
    <message>
        <source>Promotion “{rule_id}” appears more than once.</source>
        <translation>促销“{rule_id}”重复出现。</translation>
    </message>
    <message>
        <source>Member level “{level}”: a discount rate must be from 1 to 10000 basis points, not “{value}”.</source>
        <translation>会员等级“{level}”：折扣率须为 1 到 10000 个基点，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Scale barcode template “{template}” is not valid: {reason}.</source>
        <translation>电子秤条码模板“{template}”无效：{reason}。</translation>
    </message>
    <message>
        <source>“{code}” is not a valid scale barcode (check digit is wrong).</source>
        <translation>“{code}”不是有效的电子秤条码（校验位错误）。</translation>
    </message>
    <message>
        <source>No product has the scale item number (PLU) {plu} (barcode “{code}”).</source>
        <translation>没有秤码（PLU）为 {plu} 的商品（条码“{code}”）。</translation>
    </message>
    <message>
        <source>No product has the barcode or item code “{code}”.</source>
        <translation>没有条码或商品编码为“{code}”的商品。</translation>
    </message>
    <message>
        <source>“{code}” is a scale label: its weight or amount is fixed, it takes no quantity.</source>
        <translation>“{code}”是电子秤标签：重量或金额已确定，不能输入数量。</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <source>Receipt</source>
        <translation>小票号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Thank you, please come again</source>
        <translation>谢谢惠顾，欢迎再次光临</translation>
    </message>
    <message>
        <source>*** REPRINT ***</source>
        <translation>*** 重印 ***</translation>
    </message>
</context>
</TS>
