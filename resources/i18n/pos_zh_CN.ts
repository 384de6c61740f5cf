<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>devices</source>
        <translation>设备</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Approval needed</source>
        <translation>需要授权</translation>
    </message>
    <message>
        <source>Amount: ¥{amount}</source>
        <translation>金额：¥{amount}</translation>
    </message>
    <message>
        <source>Approver&apos;s staff no.</source>
        <translation>授权人工号</translation>
    </message>
    <message>
        <source>Approver&apos;s PIN</source>
        <translation>授权人密码</translation>
    </message>
    <message>
        <source>Approve (Enter)</source>
        <translation>授权 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>CashMoveDialog</name>
    <message>
        <source>Not approved: nothing was recorded.</source>
        <translation>未获授权：未做任何记录。</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Cash put into the drawer (¥)</source>
        <translation>放入钱箱的现金（¥）</translation>
    </message>
    <message>
        <source>e.g. more change from the safe</source>
        <translation>例如：从保险柜补充零钱</translation>
    </message>
    <message>
        <source>Cash taken out of the drawer (¥)</source>
        <translation>从钱箱取出的现金（¥）</translation>
    </message>
    <message>
        <source>e.g. paid the cleaner, to the safe</source>
        <translation>例如：支付保洁费、存入保险柜</translation>
    </message>
    <message>
        <source>Reason (printed on the slip)</source>
        <translation>原因（打印在单据上）</translation>
    </message>
    <message>
        <source>Enter: next field / record · The slip prints and the drawer opens · Esc: cancel</source>
        <translation>Enter：下一项 / 记录 · 记录后打印单据并打开钱箱 · Esc：取消</translation>
    </message>
    <message>
        <source>Record (Enter)</source>
        <translation>记录 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>已交班</translation>
    </message>
    <message>
        <source>Shift opened by staff no. {staff_no} · business day {date}</source>
        <translation>开班工号 {staff_no} · 营业日 {date}</translation>
    </message>
    <message>
        <source>No shift is open on this till.</source>
        <translation>本收银机没有开班。</translation>
    </message>
    <message>
        <source>Count all the cash in the drawer and type the total. What the drawer should hold is shown after the shift is closed.</source>
        <translation>请清点钱箱内的全部现金并输入总额。钱箱应有金额在交班后才显示。</translation>
    </message>
    <message>
        <source>Cash counted (¥)</source>
        <translation>实点现金（¥）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Print the report again</source>
        <translation>重印交班报表</translation>
    </message>
    <message>
        <source>Close shift (Enter)</source>
        <translation>交班 (Enter)</translation>
    </message>
    <message>
        <source>Done (Enter)</source>
        <translation>完成 (Enter)</translation>
    </message>
    <message>
        <source>Cash short by {amount}</source>
        <translation>现金短款 {amount}</translation>
    </message>
    <message>
        <source>Cash over by {amount}</source>
        <translation>现金长款 {amount}</translation>
    </message>
    <message>
        <source>The cash balances.</source>
        <translation>现金账实相符。</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Float {float} · {sales} sale(s) · {refunds} refund(s)</source>
        <translation>备用金 {float} · 销售 {sales} 笔 · 退款 {refunds} 笔</translation>
    </message>
    <message>
        <source>Close the shift with {amount} counted? Press Enter again to close it; the count cannot be changed afterwards.</source>
        <translation>确认按实点现金 {amount} 交班？再按一次 Enter 交班；交班后实点金额不能再修改。</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>Z report: close business day {date}</source>
        <translation>Z报表：营业日 {date} 日结</translation>
    </message>
    <message>
        <source>Not approved: the day is still open.</source>
        <translation>未获授权：营业日仍未日结。</translation>
    </message>
    <message>
        <source>Sales ({count})</source>
        <translation>销售（{count} 笔）</translation>
    </message>
    <message>
        <source>Before discounts</source>
        <translation>优惠前金额</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Store rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Refunds ({count})</source>
        <translation>退款（{count} 笔）</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Voids ({count})</source>
        <translation>作废（{count}）</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>By tender</source>
        <translation>按付款方式</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按分类</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>（无分类）</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>Staff no. {staff_no}</source>
        <translation>工号 {staff_no}</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>Close the day (Z report)</source>
        <translation>日结（Z报表）</translation>
    </message>
    <message>
        <source>Z report: business day {date} is closed</source>
        <translation>Z报表：营业日 {date} 已日结</translation>
    </message>
    <message>
        <source>Closed by staff no. {staff_no}</source>
        <translation>日结人工号 {staff_no}</translation>
    </message>
    <message>
        <source>approved by staff no. {staff_no}</source>
        <translation>授权人工号 {staff_no}</translation>
    </message>
    <message>
        <source>New sales belong to the next business day.</source>
        <translation>此后的销售计入下一个营业日。</translation>
    </message>
    <message>
        <source>Reading the day&apos;s figures…</source>
        <translation>正在读取当日数据…</translation>
    </message>
    <message>
        <source>Business day {date} so far. Closing the day prints the Z report; the shift must be closed first, and sales after it belong to the next business day.</source>
        <translation>营业日 {date} 截至目前的数据。日结会打印Z报表；日结前须先交班，日结后的销售计入下一个营业日。</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Print again (F9)</source>
        <translation>重新打印 (F9)</translation>
    </message>
    <message>
        <source>Close the day (Enter)</source>
        <translation>日结 (Enter)</translation>
    </message>
    <message>
        <source>Done (Enter)</source>
        <translation>完成 (Enter)</translation>
    </message>
</context>
<context>
    <name>DeviceForm</name>
    <message>
        <source>{device}, connected as:</source>
        <extracomment>The settings in the form changed (dirty or not). Enter in the test field of a keyboard-wedge device (the text typed).</extracomment>
        <translation>{device}，连接方式：</translation>
    </message>
    <message>
        <source>Test field</source>
        <translation>测试输入框</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <source>None</source>
        <extracomment>CHOICE: (value, label) pairs; a label of None shows the value as it is. The device&apos;s default, shown as a hint (FLAG: the state that is not written). A translatable hint used instead of &quot;Default (…)&quot; (QT_TRANSLATE_NOOP(CONTEXT, …)).</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>RTS/CTS (hardware)</source>
        <translation>RTS/CTS（硬件）</translation>
    </message>
    <message>
        <source>XON/XOFF (software)</source>
        <translation>XON/XOFF（软件）</translation>
    </message>
    <message>
        <source>DSR/DTR (hardware)</source>
        <translation>DSR/DTR（硬件）</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>回车</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab 键</translation>
    </message>
    <message>
        <source>Nothing (Enter or Tab both work)</source>
        <translation>无（回车或 Tab 均可）</translation>
    </message>
    <message>
        <source>CR at the end</source>
        <translation>结尾 CR</translation>
    </message>
    <message>
        <source>LF at the end</source>
        <translation>结尾 LF</translation>
    </message>
    <message>
        <source>CR LF at the end</source>
        <translation>结尾 CR LF</translation>
    </message>
    <message>
        <source>Between STX and ETX</source>
        <translation>在 STX 与 ETX 之间</translation>
    </message>
    <message>
        <source>10H: 10 hex digits</source>
        <translation>10H：10 位十六进制</translation>
    </message>
    <message>
        <source>8H: 8 hex digits</source>
        <translation>8H：8 位十六进制</translation>
    </message>
    <message>
        <source>8H10D: 10 decimal digits</source>
        <translation>8H10D：10 位十进制</translation>
    </message>
    <message>
        <source>6H8D: 8 decimal digits</source>
        <translation>6H8D：8 位十进制</translation>
    </message>
    <message>
        <source>W26: Wiegand 26 (3 + 5 digits)</source>
        <translation>W26：韦根 26（3 + 5 位）</translation>
    </message>
    <message>
        <source>As read (no conversion)</source>
        <translation>按读到的原样（不转换）</translation>
    </message>
    <message>
        <source>Auto-detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Magnetic stripe</source>
        <translation>磁条</translation>
    </message>
    <message>
        <source>Any text</source>
        <translation>任意文本</translation>
    </message>
    <message>
        <source>Folder for the printed files</source>
        <translation>打印文件保存文件夹</translation>
    </message>
    <message>
        <source>Device file</source>
        <translation>设备文件</translation>
    </message>
    <message>
        <source>Printer&apos;s IP address or host name</source>
        <translation>打印机 IP 地址或主机名</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP 端口</translation>
    </message>
    <message>
        <source>USB printers found</source>
        <translation>已发现的 USB 打印机</translation>
    </message>
    <message>
        <source>Vendor ID</source>
        <translation>厂商 ID</translation>
    </message>
    <message>
        <source>Product ID</source>
        <translation>产品 ID</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>流控</translation>
    </message>
    <message>
        <source>Windows printer</source>
        <translation>Windows 打印机</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Chinese character encoding</source>
        <translation>中文字符编码</translation>
    </message>
    <message>
        <source>Drawer kick pin</source>
        <translation>钱箱弹出针脚</translation>
    </message>
    <message>
        <source>Drawer pulse on (ms)</source>
        <translation>钱箱脉冲开（毫秒）</translation>
    </message>
    <message>
        <source>Drawer pulse off (ms)</source>
        <translation>钱箱脉冲关（毫秒）</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>超时（秒）</translation>
    </message>
    <message>
        <source>Timeout (ms)</source>
        <translation>超时（毫秒）</translation>
    </message>
    <message>
        <source>OUT endpoint</source>
        <translation>OUT 端点</translation>
    </message>
    <message>
        <source>IN endpoint</source>
        <translation>IN 端点</translation>
    </message>
    <message>
        <source>Font file for the pictures</source>
        <translation>图片所用字体文件</translation>
    </message>
    <message>
        <source>Default: a Chinese system font</source>
        <translation>默认：系统中文字体</translation>
    </message>
    <message>
        <source>Also save each receipt as a picture</source>
        <translation>同时把每张小票保存为图片</translation>
    </message>
    <message>
        <source>Simulate: out of paper</source>
        <translation>模拟：缺纸</translation>
    </message>
    <message>
        <source>Check the paper before each receipt</source>
        <translation>每张小票前检查纸张</translation>
    </message>
    <message>
        <source>Logo image at the top (file)</source>
        <translation>顶部标志图片（文件）</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
    <message>
        <source>Kick pin</source>
        <translation>弹出针脚</translation>
    </message>
    <message>
        <source>As set for the printer</source>
        <translation>与打印机设置相同</translation>
    </message>
    <message>
        <source>Pulse on (ms)</source>
        <translation>脉冲开（毫秒）</translation>
    </message>
    <message>
        <source>Pulse off (ms)</source>
        <translation>脉冲关（毫秒）</translation>
    </message>
    <message>
        <source>Drawer-open sensor</source>
        <translation>钱箱打开检测</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Open when it reads high</source>
        <translation>高电平表示打开</translation>
    </message>
    <message>
        <source>Open when it reads low</source>
        <translation>低电平表示打开</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>打开方式</translation>
    </message>
    <message>
        <source>Sending bytes</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>A DTR pulse</source>
        <translation>DTR 脉冲</translation>
    </message>
    <message>
        <source>An RTS pulse</source>
        <translation>RTS 脉冲</translation>
    </message>
    <message>
        <source>Bytes to send (hex)</source>
        <translation>要发送的字节（十六进制）</translation>
    </message>
    <message>
        <source>Pulse (ms)</source>
        <translation>脉冲（毫秒）</translation>
    </message>
    <message>
        <source>Drawer-open sensor line</source>
        <translation>钱箱打开检测线</translation>
    </message>
    <message>
        <source>Folder for drawer.log</source>
        <translation>drawer.log 所在文件夹</translation>
    </message>
    <message>
        <source>Reads as open for (s)</source>
        <translation>保持“打开”状态（秒）</translation>
    </message>
    <message>
        <source>Each code ends</source>
        <translation>每个条码的结尾</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Prefix the scanner sends first</source>
        <translation>扫描枪先发送的前缀</translation>
    </message>
    <message>
        <source>No prefix</source>
        <translation>无前缀</translation>
    </message>
    <message>
        <source>Key sent after each code</source>
        <translation>每个条码后发送的按键</translation>
    </message>
    <message>
        <source>Shortest code (characters)</source>
        <translation>最短条码（字符数）</translation>
    </message>
    <message>
        <source>Longest pause between keys (ms)</source>
        <translation>按键间最长间隔（毫秒）</translation>
    </message>
    <message>
        <source>Member card numbers are written as</source>
        <translation>会员卡号的格式</translation>
    </message>
    <message>
        <source>The reader sends</source>
        <translation>读卡器发送的格式</translation>
    </message>
    <message>
        <source>Each card is sent</source>
        <translation>每张卡的发送方式</translation>
    </message>
    <message>
        <source>Check byte</source>
        <translation>校验字节</translation>
    </message>
    <message>
        <source>XOR byte after ETX</source>
        <translation>ETX 后的异或校验字节</translation>
    </message>
    <message>
        <source>Prefix the reader sends first</source>
        <translation>读卡器先发送的前缀</translation>
    </message>
    <message>
        <source>Key sent after each card</source>
        <translation>每张卡后发送的按键</translation>
    </message>
    <message>
        <source>Folder for display.txt</source>
        <translation>display.txt 所在文件夹</translation>
    </message>
    <message>
        <source>Characters per line</source>
        <translation>每行字符数</translation>
    </message>
    <message>
        <source>Virtual (writes files to a folder)</source>
        <translation>虚拟（写入文件夹中的文件）</translation>
    </message>
    <message>
        <source>Network (LAN / Wi-Fi)</source>
        <translation>网络（有线 / 无线）</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Serial port (COM)</source>
        <translation>串口（COM）</translation>
    </message>
    <message>
        <source>On the receipt printer</source>
        <translation>接在小票打印机上</translation>
    </message>
    <message>
        <source>Keyboard mode (USB)</source>
        <translation>键盘模式（USB）</translation>
    </message>
    <message>
        <source>Print a test page (F5)</source>
        <translation>打印测试页 (F5)</translation>
    </message>
    <message>
        <source>Open the drawer (F5)</source>
        <translation>打开钱箱 (F5)</translation>
    </message>
    <message>
        <source>Scan test (F5)</source>
        <translation>扫码测试 (F5)</translation>
    </message>
    <message>
        <source>Card test (F5)</source>
        <translation>读卡测试 (F5)</translation>
    </message>
    <message>
        <source>Display test (F5)</source>
        <translation>客显测试 (F5)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <extracomment>Settings were saved (the role). A save or test call ended on the worker: (role, True when it succeeded). The devices found on this machine were listed (or the listing failed). The window&apos;s KeyWedge; None: the dialog builds its own for a test from the form.</extracomment>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved. The till uses these settings now.</source>
        <translation>已保存，收银机现在使用这些设置。</translation>
    </message>
    <message>
        <source>Save these settings first: the card test reads cards with the saved settings.</source>
        <translation>请先保存这些设置：读卡测试按已保存的设置读卡。</translation>
    </message>
    <message>
        <source>Printing a test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <source>Opening the drawer…</source>
        <translation>正在打开钱箱…</translation>
    </message>
    <message>
        <source>Waiting up to 10 seconds for a scan or a card…</source>
        <translation>最多等待 10 秒，请扫码或刷卡…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Scan a barcode into this field:</source>
        <translation>请在此框中扫描条码：</translation>
    </message>
    <message>
        <source>Swipe or tap a member card into this field:</source>
        <translation>请在此框中刷会员卡或贴卡：</translation>
    </message>
    <message>
        <source>Scanned: {code}</source>
        <translation>扫描到：{code}</translation>
    </message>
    <message>
        <source>Typed, not scanned: {code} (a scanner types faster; check the pause, length and end key settings)</source>
        <translation>手工输入，不是扫描：{code}（扫描枪输入更快；请检查间隔、长度和结束键设置）</translation>
    </message>
    <message>
        <source>Read: {code}</source>
        <translation>读到：{code}</translation>
    </message>
    <message>
        <source>Card read: member card no. {number} (sent: {read})</source>
        <translation>读卡成功：会员卡号 {number}（原始：{read}）</translation>
    </message>
    <message>
        <source>Typed, not read from a card: member card no. {number} (sent: {read})</source>
        <translation>手工输入，不是读卡：会员卡号 {number}（原始：{read}）</translation>
    </message>
    <message>
        <source>Member card no. {number} (sent: {read})</source>
        <translation>会员卡号 {number}（原始：{read}）</translation>
    </message>
    <message>
        <source>{device}
{kind} · not saved</source>
        <translation>{device}
{kind} · 未保存</translation>
    </message>
    <message>
        <source>{device}
{kind}</source>
        <translation>{device}
{kind}</translation>
    </message>
    <message>
        <source>Looking for printers and serial ports on this computer…</source>
        <translation>正在查找本机的打印机和串口…</translation>
    </message>
    <message>
        <source>Could not list the devices on this computer: type the port or printer name.</source>
        <translation>无法列出本机设备：请直接输入端口或打印机名称。</translation>
    </message>
    <message>
        <source>No USB printers, serial ports or Windows printers were found on this computer.</source>
        <translation>本机未发现 USB 打印机、串口或 Windows 打印机。</translation>
    </message>
    <message>
        <source>Found on this computer: {devices}</source>
        <translation>本机发现：{devices}</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>设备设置</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Save (F9)</source>
        <translation>保存 (F9)</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>−¥{discount} → ¥{after}</source>
        <translation>−¥{discount} → ¥{after}</translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <source>Before this discount: ¥{amount}</source>
        <translation>折扣前：¥{amount}</translation>
    </message>
    <message>
        <source>Amount ¥ (F2)</source>
        <translation>金额 ¥ (F2)</translation>
    </message>
    <message>
        <source>Percent % (F3)</source>
        <translation>百分比 % (F3)</translation>
    </message>
    <message>
        <source>Type an amount (e.g. 1.50) or a percentage (e.g. 10%). 0 removes the discount.</source>
        <translation>输入金额（例如 1.50）或百分比（例如 10%，即九折）。输入 0 取消折扣。</translation>
    </message>
    <message>
        <source>Apply (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Percentage off</source>
        <translation>减免比例（%）</translation>
    </message>
    <message>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
    <message>
        <source>Amount off (¥)</source>
        <translation>减免金额（¥）</translation>
    </message>
    <message>
        <source>e.g. 1.50</source>
        <translation>例如 1.50</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <source>Print (F9)</source>
        <translation>打印 (F9)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
</context>
<context>
    <name>FinderDialog</name>
    <message>
        <source>Type a name, pinyin initials (e.g. kkkl for 可口可乐) or an item code.</source>
        <translation>输入商品名称、拼音首字母（例如 kkkl 即可口可乐）或商品编码。</translation>
    </message>
    <message>
        <source>No product matches “{text}”.</source>
        <translation>没有与“{text}”匹配的商品。</translation>
    </message>
    <message>
        <source>↑/↓ to choose, Enter to add.</source>
        <translation>↑/↓ 选择，Enter 加入本单。</translation>
    </message>
    <message>
        <source>Find a product</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <source>Name, pinyin initials or code</source>
        <translation>名称、拼音首字母或编码</translation>
    </message>
    <message>
        <source>Add to sale (Enter)</source>
        <translation>加入本单 (Enter)</translation>
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
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Price changed (was ¥{price})</source>
        <translation>已改价（原价 ¥{price}）</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>单品折扣</translation>
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
    <name>ManagerMenu</name>
    <message>
        <source>Shift opened with a float of ¥{amount}.</source>
        <extracomment>Something was written to the till&apos;s journal (a shift, a cash movement, a refund, a Z, a drawer opening): the status bar may refresh its pending count. A refund was saved (CompletedRefund). The business day was closed (DayClosed). A slip / report print call from the menu ended: True when printed. Device settings were saved (the role): the window&apos;s wedge follows them. The dialog open over the menu, if any.</extracomment>
        <translation>已开班，备用金 ¥{amount}。</translation>
    </message>
    <message>
        <source>Paid in ¥{amount} recorded.</source>
        <translation>已记录存入现金 ¥{amount}。</translation>
    </message>
    <message>
        <source>Paid out ¥{amount} recorded.</source>
        <translation>已记录取出现金 ¥{amount}。</translation>
    </message>
    <message>
        <source>Shift closed.</source>
        <translation>已交班。</translation>
    </message>
    <message>
        <source>Business day {date} closed.</source>
        <translation>营业日 {date} 已日结。</translation>
    </message>
    <message>
        <source>Opening the drawer…</source>
        <translation>正在打开钱箱…</translation>
    </message>
    <message>
        <source>Not approved: the drawer stays closed.</source>
        <translation>未获授权：钱箱未打开。</translation>
    </message>
    <message>
        <source>Drawer opened.</source>
        <translation>钱箱已打开。</translation>
    </message>
    <message>
        <source>Refund {refund_no} done.</source>
        <translation>退款已完成，退货单号 {refund_no}。</translation>
    </message>
    <message>
        <source>Not approved: the device settings were not opened.</source>
        <translation>未获批准：未打开设备设置。</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X报表</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Close the day (Z)</source>
        <translation>日结（Z报表）</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <source>Reprint a receipt</source>
        <translation>重印小票</translation>
    </message>
    <message>
        <source>Return / refund</source>
        <translation>退货 / 退款</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>No shift is open.</source>
        <translation>当前没有开班。</translation>
    </message>
    <message>
        <source>Shift open: opened by staff no. {staff_no}, business day {date}.</source>
        <translation>班次进行中：工号 {staff_no} 开班，营业日 {date}。</translation>
    </message>
    <message>
        <source>Manager menu</source>
        <translation>店长菜单</translation>
    </message>
    <message>
        <source>Staff: {name} ({staff_no})</source>
        <translation>员工：{name}（{staff_no}）</translation>
    </message>
    <message>
        <source>Press 0–9 or touch a button · Esc: back to the sale</source>
        <translation>按 0–9 或点按钮 · Esc：返回收银</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Member level</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>The sale is priced at the level&apos;s member prices. ↑/↓ to choose, Enter to confirm.</source>
        <translation>本单按所选等级的会员价计价。↑/↓ 选择，Enter 确认。</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>No member (walk-in customer)</source>
        <translation>非会员（散客）</translation>
    </message>
    <message>
        <source>{name} ({code}) · pays {rate}%</source>
        <translation>{name}（{code}）· 按 {rate}% 计价</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Float: the cash put in the drawer to start (¥)</source>
        <translation>备用金：开班时放入钱箱的现金（¥）</translation>
    </message>
    <message>
        <source>Count the float into the drawer, type the amount and press Enter.</source>
        <translation>将备用金点清放入钱箱，输入金额后按 Enter。</translation>
    </message>
    <message>
        <source>Open shift (Enter)</source>
        <translation>开班 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <source>{qty} × ¥{price} = ¥{amount}</source>
        <translation>{qty} × ¥{price} = ¥{amount}</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>Regular price ¥{price}</source>
        <translation>原价 ¥{price}</translation>
    </message>
    <message>
        <source>New unit price (¥)</source>
        <translation>新单价（¥）</translation>
    </message>
    <message>
        <source>The line is charged at this price; no promotion applies to it. The regular price removes the override.</source>
        <translation>该行按此价格收款，不参与任何促销。输入原价即取消改价。</translation>
    </message>
    <message>
        <source>Apply (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>PrintLine</name>
    <message>
        <source>Printing…</source>
        <extracomment>The print call ended: True when printed.</extracomment>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint a receipt</source>
        <extracomment>Key n picks action n; the tenth action is on key 0, as on a keypad.</extracomment>
        <translation>重印小票</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s barcode or type its no. (a refund no. reprints the refund slip), then Enter</source>
        <translation>扫描小票条码或输入小票号（输入退货单号则重印退货单），按 Enter</translation>
    </message>
    <message>
        <source>e.g. S001-T01-20261123-0005</source>
        <translation>例如 S001-T01-20261123-0005</translation>
    </message>
    <message>
        <source>Reprinted {receipt_no}.</source>
        <translation>已重印 {receipt_no}。</translation>
    </message>
    <message>
        <source>Reprint (Enter)</source>
        <translation>重印 (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>returned {amount}</source>
        <extracomment>The refund was saved (CompletedRefund). A receipt lookup ended: True when the sale was found. The list of sales to pick from was (re)filled. The refund slip&apos;s print call ended: True when printed.</extracomment>
        <translation>已退 {amount}</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s barcode or type its no., or pick a sale from the list.</source>
        <translation>请扫描小票条码、输入小票号，或从列表中选择一笔销售。</translation>
    </message>
    <message>
        <source>Looking up receipt {receipt_no}…</source>
        <translation>正在查询小票 {receipt_no}…</translation>
    </message>
    <message>
        <source>Return from receipt {receipt_no}: {count} item(s)</source>
        <translation>凭小票 {receipt_no} 退货：{count} 件</translation>
    </message>
    <message>
        <source>Return without receipt: {count} item(s)</source>
        <translation>无小票退货：{count} 件</translation>
    </message>
    <message>
        <source>Not approved: nothing was refunded.</source>
        <translation>未获授权：未退任何款项。</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Return with receipt</source>
        <translation>凭小票退货</translation>
    </message>
    <message>
        <source>Return without receipt</source>
        <translation>无小票退货</translation>
    </message>
    <message>
        <source>Scan the barcode on the receipt or type the receipt no., then Enter</source>
        <translation>扫描小票上的条码或输入小票号，按 Enter</translation>
    </message>
    <message>
        <source>e.g. S001-T01-20261123-0005</source>
        <translation>例如 S001-T01-20261123-0005</translation>
    </message>
    <message>
        <source>Find (Enter)</source>
        <translation>查询 (Enter)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>可退</translation>
    </message>
    <message>
        <source>Return qty</source>
        <translation>退货数量</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>All of the line (Space)</source>
        <translation>整行全退 (Space)</translation>
    </message>
    <message>
        <source>Refund all in cash</source>
        <translation>全部退现金</translation>
    </message>
    <message>
        <source>Card refund reference no. (refund on the card terminal first)</source>
        <translation>银行卡退款参考号（请先在刷卡机上退款）</translation>
    </message>
    <message>
        <source>Scan each item returned (or type its code, code*qty), then Enter</source>
        <translation>逐件扫描退回的商品（或输入编码，编码*数量），按 Enter</translation>
    </message>
    <message>
        <source>e.g. 6901234567892*2</source>
        <translation>例如 6901234567892*2</translation>
    </message>
    <message>
        <source>Add (Enter)</source>
        <translation>添加 (Enter)</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Remove item (Del)</source>
        <translation>移除商品 (Del)</translation>
    </message>
    <message>
        <source>Without a receipt, items are taken back at today&apos;s price and refunded in cash.</source>
        <translation>无小票退货按当日售价退回商品，并以现金退款。</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>原因（选填）</translation>
    </message>
    <message>
        <source>e.g. damaged, wrong size</source>
        <translation>例如：商品破损、尺码不合适</translation>
    </message>
    <message>
        <source>Refund total (cash)</source>
        <translation>退款合计（现金）</translation>
    </message>
    <message>
        <source>Refund total</source>
        <translation>退款合计</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Without receipt (F4)</source>
        <translation>无小票 (F4)</translation>
    </message>
    <message>
        <source>With receipt (F4)</source>
        <translation>凭小票 (F4)</translation>
    </message>
    <message>
        <source>Return all (F5)</source>
        <translation>全部退货 (F5)</translation>
    </message>
    <message>
        <source>Refund (F12)</source>
        <translation>退款 (F12)</translation>
    </message>
    <message>
        <source>Print the slip again (F9)</source>
        <translation>重印退货单 (F9)</translation>
    </message>
    <message>
        <source>New return</source>
        <translation>新退货</translation>
    </message>
    <message>
        <source>↑/↓ choose a line · digits: quantity to return · Space: all of the line · +/−: one more / less · F5: return everything · F12 or Enter: refund · F4: without receipt · Esc: cancel</source>
        <translation>↑/↓：选择行 · 数字键：退货数量 · Space：整行全退 · +/−：加一 / 减一 · F5：全部退货 · F12 或 Enter：退款 · F4：无小票 · Esc：取消</translation>
    </message>
    <message>
        <source>Enter adds the item · Enter on an empty field or F12: refund · Del on an empty field: remove the selected item · F4: with receipt · Esc: cancel</source>
        <translation>Enter：添加商品 · 输入框为空时按 Enter 或 F12：退款 · 输入框为空时按 Del：移除所选商品 · F4：凭小票 · Esc：取消</translation>
    </message>
    <message>
        <source>Sales with “{text}” in the receipt no.</source>
        <translation>小票号含“{text}”的销售</translation>
    </message>
    <message>
        <source>Today&apos;s sales ({date})</source>
        <translation>今日销售（{date}）</translation>
    </message>
    <message>
        <source>Today&apos;s sales</source>
        <translation>今日销售</translation>
    </message>
    <message>
        <source>No sales to show.</source>
        <translation>没有可显示的销售。</translation>
    </message>
    <message>
        <source>Find the receipt: its lines, what is left to return and the refund show here.</source>
        <translation>请先查询小票：这里将显示商品明细、可退数量和退款金额。</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} · business day {date} · cashier {staff_no} · total {total} · paid by {paid}</source>
        <translation>小票 {receipt_no} · 营业日 {date} · 收银员 {staff_no} · 合计 {total} · 付款方式 {paid}</translation>
    </message>
    <message>
        <source>Sold at another till of this store (from head office).</source>
        <translation>本店其他收银机的销售（数据来自总部）。</translation>
    </message>
    <message>
        <source>Everything is paid back in cash.</source>
        <translation>全部以现金退款。</translation>
    </message>
    <message>
        <source>The money goes back to the tenders the customer paid with, in proportion.</source>
        <translation>款项按比例原路退回顾客当初使用的付款方式。</translation>
    </message>
    <message>
        <source>Head office cannot be reached, so this receipt cannot be checked. You can take the goods back as a return without receipt.</source>
        <translation>无法连接总部，不能核验这张小票。可以按无小票退货办理。</translation>
    </message>
    <message>
        <source>Return without receipt (F4)</source>
        <translation>无小票退货 (F4)</translation>
    </message>
    <message>
        <source>Refund done. Refund no.</source>
        <translation>退款完成，退货单号</translation>
    </message>
    <message>
        <source>Return of receipt {receipt_no}</source>
        <translation>小票 {receipt_no} 的退货</translation>
    </message>
    <message>
        <source>Give the customer {amount} in cash</source>
        <translation>请付给顾客现金 {amount}</translation>
    </message>
    <message>
        <source>Approved by staff no. {staff_no}</source>
        <translation>授权人工号 {staff_no}</translation>
    </message>
    <message>
        <source>The mobile-pay refund is waiting for the provider: the till confirms it when it is back online.</source>
        <translation>移动支付退款正在等待支付平台处理：收银机恢复联网后会自动确认。</translation>
    </message>
    <message>
        <source>ref. {reference}</source>
        <translation>参考号 {reference}</translation>
    </message>
    <message>
        <source>pending confirmation</source>
        <translation>待确认</translation>
    </message>
</context>
<context>
    <name>SalePage</name>
    <message>
        <source>Not approved: nothing was changed.</source>
        <extracomment>A sale was committed (CompletedSale): the status bar refreshes at once. Something else was written (refund, shift, cash movement, Z, drawer): refresh the status. A print job finished: (ok: bool). For tests and the demo driver. A manager saved device settings (the role). The dialog open over the page (one at a time), if any. Tells scans from typing in the scan field (set by the main window). The payment dialog (it opens on cash), under the name the cash-only dialog had.</extracomment>
        <translation>未获授权：未做任何更改。</translation>
    </message>
    <message>
        <source>Member {name} {level}</source>
        <translation>会员 {name} {level}</translation>
    </message>
    <message>
        <source>Read “{code}” but a dialog is open: finish it, then scan again.</source>
        <translation>读到“{code}”，但有对话框未关闭：请先完成，再重新扫描。</translation>
    </message>
    <message>
        <source>Whole sale: {count} item(s)</source>
        <translation>整单：{count} 件</translation>
    </message>
    <message>
        <source>Head office has not sent any member levels yet.</source>
        <translation>总部尚未下发会员等级。</translation>
    </message>
    <message>
        <source>Sale suspended ({count} item(s), ¥{total}). Shift+F7 takes it back.</source>
        <translation>已挂单（{count} 件，¥{total}）。按 Shift+F7 取单。</translation>
    </message>
    <message>
        <source>Finish or suspend the open sale first.</source>
        <translation>请先结算本单或挂单。</translation>
    </message>
    <message>
        <source>Finish or suspend the open sale before taking back another one.</source>
        <translation>请先结算本单或挂单，再取单。</translation>
    </message>
    <message>
        <source>There are no suspended sales.</source>
        <translation>当前没有挂单。</translation>
    </message>
    <message>
        <source>Suspended sale taken back.</source>
        <translation>已取单。</translation>
    </message>
    <message>
        <source>Sale voided ({count} item(s), ¥{total}).</source>
        <translation>已整单作废（{count} 件，¥{total}）。</translation>
    </message>
    <message>
        <source>Line discounts −¥{amount}</source>
        <translation>单品折扣 −¥{amount}</translation>
    </message>
    <message>
        <source>Sale discount −¥{amount}</source>
        <translation>整单折扣 −¥{amount}</translation>
    </message>
    <message>
        <source>Printing receipt…</source>
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
        <source>Store rounding −¥{amount}</source>
        <translation>抹零 −¥{amount}</translation>
    </message>
    <message>
        <source>Mobile payment ¥{amount} is pending confirmation: the provider could not be reached. The till confirms it when it is back online.</source>
        <translation>移动支付 ¥{amount} 待确认：无法连接支付平台。收银机恢复联网后会自动确认。</translation>
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
        <source>Find item</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Change qty</source>
        <translation>改数量</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>挂单</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <source>Void line</source>
        <translation>删除商品行</translation>
    </message>
    <message>
        <source>Void sale</source>
        <translation>整单作废</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长菜单</translation>
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
        <translation>扫描或输入条码（条码*数量），按 Enter</translation>
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
        <source>Original</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Member level</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>↑/↓ choose a line · Ctrl+Del voids the sale · F9 reprint · F10 log out · F11 return · F1 manager menu · F12 pay · Esc closes a window</source>
        <translation>↑/↓：选择行 · Ctrl+Del：整单作废 · F9：重印小票 · F10：退出登录 · F11：退货 · F1：店长菜单 · F12：付款 · Esc：关闭窗口</translation>
    </message>
    <message>
        <source>Pay (F12)</source>
        <translation>付款 (F12)</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>重新打印</translation>
    </message>
</context>
<context>
    <name>SettingField</name>
    <message>
        <source>Default</source>
        <extracomment>Kinds whose test does nothing useful. Kinds that type like a keyboard: their test is a test field. USB_PRINTERS: the settings of the printer chosen to be used.</extracomment>
        <translation>默认</translation>
    </message>
    <message>
        <source>Default: {value}</source>
        <translation>默认：{value}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>None found</source>
        <translation>未发现</translation>
    </message>
</context>
<context>
    <name>SuspendedDialog</name>
    <message>
        <source>Suspended sales</source>
        <translation>挂单列表</translation>
    </message>
    <message>
        <source>↑/↓ to choose, Enter to take the sale back.</source>
        <translation>↑/↓ 选择，Enter 取单。</translation>
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
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Take back (Enter)</source>
        <translation>取单 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
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
    <name>TenderDialog</name>
    <message>
        <source>Bank card ¥{amount} · ref. {reference}</source>
        <translation>银行卡 ¥{amount} · 参考号 {reference}</translation>
    </message>
    <message>
        <source>Mobile pay ¥{amount} · {provider} …{code}</source>
        <translation>移动支付 ¥{amount} · {provider} 尾号 {code}</translation>
    </message>
    <message>
        <source>Cash ¥{amount}</source>
        <translation>现金 ¥{amount}</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Sale total</source>
        <translation>本单合计</translation>
    </message>
    <message>
        <source>Store rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应收金额</translation>
    </message>
    <message>
        <source>Paid so far</source>
        <translation>已付金额</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>未付金额</translation>
    </message>
    <message>
        <source>Change (cash only)</source>
        <translation>找零（仅限现金）</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>全额</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>付款明细</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Enter: pay · +: add as a part payment · F2 cash · F3 card · F4 mobile · Ctrl+Del: remove a payment · Esc: cancel</source>
        <translation>Enter：确认收款 · +：加为部分付款 · F2 现金 · F3 银行卡 · F4 移动支付 · Ctrl+Del：删除一笔付款 · Esc：取消</translation>
    </message>
    <message>
        <source>Add part payment (+)</source>
        <translation>部分付款 (+)</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认收款 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Card amount</source>
        <translation>刷卡金额</translation>
    </message>
    <message>
        <source>Reference no. (from the card terminal slip)</source>
        <translation>参考号（见刷卡机签购单）</translation>
    </message>
    <message>
        <source>Mobile pay amount</source>
        <translation>移动支付金额</translation>
    </message>
    <message>
        <source>Payment code (scan the customer&apos;s code)</source>
        <translation>付款码（请扫描顾客的付款码）</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
</context>
<context>
    <name>VoidSaleDialog</name>
    <message>
        <source>Void sale</source>
        <translation>整单作废</translation>
    </message>
    <message>
        <source>Void the whole sale?</source>
        <translation>确定整单作废吗？</translation>
    </message>
    <message>
        <source>{count} item(s), ¥{total}. Every line is voided and kept in the void log; nothing is charged.</source>
        <translation>共 {count} 件，¥{total}。所有商品行都将作废并记入作废记录，不收取任何款项。</translation>
    </message>
    <message>
        <source>Void sale (Enter)</source>
        <translation>整单作废 (Enter)</translation>
    </message>
    <message>
        <source>Keep the sale (Esc)</source>
        <translation>保留本单 (Esc)</translation>
    </message>
</context>
<context>
    <name>XReportDialog</name>
    <message>
        <source>X report</source>
        <translation>X报表</translation>
    </message>
    <message>
        <source>X report (the day so far; nothing is closed)</source>
        <translation>X报表（当日截至目前的数据，不日结）</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Business day {date} · read at {time}</source>
        <translation>营业日 {date} · 读取于 {time}</translation>
    </message>
    <message>
        <source>Read again (F5)</source>
        <translation>重新读取 (F5)</translation>
    </message>
    <message>
        <source>Print (F9)</source>
        <translation>打印 (F9)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
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
        <source>printer cover open</source>
        <translation>打印机盖未合上</translation>
    </message>
    <message>
        <source>printer connection failed</source>
        <translation>打印机连接失败</translation>
    </message>
    <message>
        <source>printer settings are wrong</source>
        <translation>打印机设置有误</translation>
    </message>
    <message>
        <source>the printer cannot report its status</source>
        <translation>该打印机无法报告状态</translation>
    </message>
    <message>
        <source>device not found (cable, power, port?)</source>
        <translation>找不到设备（线缆、电源、端口？）</translation>
    </message>
    <message>
        <source>device busy (used by another program?)</source>
        <translation>设备忙（被其他程序占用？）</translation>
    </message>
    <message>
        <source>device not answering</source>
        <translation>设备无响应</translation>
    </message>
    <message>
        <source>connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>settings are wrong</source>
        <translation>设置有误</translation>
    </message>
    <message>
        <source>unreadable data on the line</source>
        <translation>线路上有无法识别的数据</translation>
    </message>
    <message>
        <source>card number in an unknown format</source>
        <translation>卡号格式无法识别</translation>
    </message>
    <message>
        <source>not supported by this device</source>
        <translation>此设备不支持</translation>
    </message>
    <message>
        <source>no cash drawer is configured</source>
        <translation>未设置钱箱</translation>
    </message>
    <message>
        <source>Scanner: {reason}</source>
        <translation>扫描枪：{reason}</translation>
    </message>
    <message>
        <source>Card reader: {reason}</source>
        <translation>读卡器：{reason}</translation>
    </message>
    <message>
        <source>Test page sent to the printer.</source>
        <translation>测试页已发送到打印机。</translation>
    </message>
    <message>
        <source>No drawer is configured.</source>
        <translation>未设置钱箱。</translation>
    </message>
    <message>
        <source>The drawer was sent the open pulse.</source>
        <translation>已向钱箱发送打开脉冲。</translation>
    </message>
    <message>
        <source>Its switch reports it open.</source>
        <translation>钱箱开关显示已打开。</translation>
    </message>
    <message>
        <source>Its switch still reports it closed.</source>
        <translation>钱箱开关仍显示关闭。</translation>
    </message>
    <message>
        <source>Display test</source>
        <translation>客显测试</translation>
    </message>
    <message>
        <source>Test text sent to the customer display.</source>
        <translation>测试文字已发送到客显。</translation>
    </message>
    <message>
        <source>This scanner types like a keyboard: scan into the test field.</source>
        <translation>此扫描枪以键盘方式输入：请扫描到测试框中。</translation>
    </message>
    <message>
        <source>Read: {code}</source>
        <translation>读到：{code}</translation>
    </message>
    <message>
        <source>This reader types like a keyboard: swipe or tap into the test field.</source>
        <translation>此读卡器以键盘方式输入：请在测试框中刷卡或贴卡。</translation>
    </message>
    <message>
        <source>Card no.: {code}</source>
        <translation>卡号：{code}</translation>
    </message>
    <message>
        <source>nothing was read within 10 seconds</source>
        <translation>10 秒内没有读到任何数据</translation>
    </message>
    <message>
        <source>Printer test page</source>
        <translation>打印机测试页</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>If this page reads well, the printer is set up right.</source>
        <translation>如果本页清晰可读，打印机设置正确。</translation>
    </message>
    <message>
        <source>{count} lines sent to the printer.</source>
        <translation>已发送 {count} 行到打印机。</translation>
    </message>
    <message>
        <source>Found on this machine:</source>
        <translation>本机发现：</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>客显</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Please pay</source>
        <translation>请付款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
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
        <translation>金额超出收银机允许的上限（¥{limit}）。</translation>
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
        <source>This card cannot be read as a member card: {detail}</source>
        <translation>无法作为会员卡读取：{detail}</translation>
    </message>
    <message>
        <source>These settings cannot work: {detail}</source>
        <translation>这些设置无法使用：{detail}</translation>
    </message>
    <message>
        <source>The test failed: {reason}</source>
        <translation>测试失败：{reason}</translation>
    </message>
    <message>
        <source>The cash drawer did not open ({reason}).</source>
        <translation>钱箱未能打开（{reason}）。</translation>
    </message>
    <message>
        <source>The receipt could not be printed ({reason}). The sale is saved; reprint it later.</source>
        <translation>小票打印失败（{reason}）。销售已保存，稍后可重印。</translation>
    </message>
    <message>
        <source>Mobile payment declined ({reason}). Ask the customer for another payment.</source>
        <translation>移动支付被拒绝（{reason}）。请顾客换一种付款方式。</translation>
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
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>Void line</source>
        <translation>删除商品行</translation>
    </message>
    <message>
        <source>Void sale</source>
        <translation>整单作废</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Return without receipt</source>
        <translation>无小票退货</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>现金退款</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <source>Paid in / paid out</source>
        <translation>存入 / 取出现金</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>设备设置</translation>
    </message>
    <message>
        <source>{action} needs approval: a staff member allowed to do it enters their number and PIN.</source>
        <translation>{action}需要授权：请有权限的员工输入工号和密码。</translation>
    </message>
    <message>
        <source>Staff no. {staff_no} may not approve this ({action}).</source>
        <translation>工号 {staff_no} 无权授权此操作（{action}）。</translation>
    </message>
    <message>
        <source>Approval must come from another staff member.</source>
        <translation>必须由另一名员工授权。</translation>
    </message>
    <message>
        <source>Line {line_no} comes from a scale label: its quantity and price are fixed.</source>
        <translation>第 {line_no} 行来自电子秤条码：数量和价格不能修改。</translation>
    </message>
    <message>
        <source>A discount of {discount} is more than the {amount} it comes off.</source>
        <translation>折扣 ¥{discount} 超过了可打折的金额 ¥{amount}。</translation>
    </message>
    <message>
        <source>A sale takes at most {max} lines: pay this one and start another.</source>
        <translation>一笔销售最多 {max} 行：请先结算本单，再开新单。</translation>
    </message>
    <message>
        <source>A paid-in / paid-out needs a reason: printable text of 1 to {max} characters.</source>
        <translation>存入 / 取出现金必须填写原因（1 至 {max} 个可打印字符）。</translation>
    </message>
    <message>
        <source>A paid-in / paid-out must be more than 0.00.</source>
        <translation>存入 / 取出现金的金额必须大于 0.00。</translation>
    </message>
    <message>
        <source>Enter at least one payment.</source>
        <translation>请至少输入一笔付款。</translation>
    </message>
    <message>
        <source>A sale takes at most {max} payments.</source>
        <translation>一笔销售最多 {max} 笔付款。</translation>
    </message>
    <message>
        <source>A payment must be more than 0.00.</source>
        <translation>付款金额必须大于 0.00。</translation>
    </message>
    <message>
        <source>Card and mobile payments come to {paid}, more than the {due} due: only cash gives change.</source>
        <translation>银行卡和移动支付合计 ¥{paid}，超过应收 ¥{due}：只有现金可以找零。</translation>
    </message>
    <message>
        <source>Enter the reference no. from the card terminal&apos;s slip (1 to 32 letters or digits).</source>
        <translation>请输入刷卡机签购单上的参考号（1 至 32 位字母或数字）。</translation>
    </message>
    <message>
        <source>“{code}” is not a WeChat or Alipay payment code (scan the customer&apos;s payment QR / barcode).</source>
        <translation>“{code}”不是微信或支付宝付款码（请扫描顾客的付款码）。</translation>
    </message>
    <message>
        <source>A sale takes one mobile payment at most.</source>
        <translation>一笔销售最多使用一次移动支付。</translation>
    </message>
    <message>
        <source>That suspended sale is no longer there (another cashier may have taken it back).</source>
        <translation>该挂单已不存在（可能已被其他收银员取单）。</translation>
    </message>
    <message>
        <source>The day cannot be closed while a shift is open (opened by {staff_no} at {opened_at}). Close the shift first.</source>
        <translation>还有未交班的班次（工号 {staff_no} 于 {opened_at} 开班），不能日结。请先交班。</translation>
    </message>
    <message>
        <source>Business day {business_date} is already closed (Z report by {staff_no} at {closed_at}).</source>
        <translation>营业日 {business_date} 已日结（工号 {staff_no} 于 {closed_at} 打印Z报表）。</translation>
    </message>
    <message>
        <source>Business day {business_date} has not started yet (today is {today}).</source>
        <translation>营业日 {business_date} 尚未开始（今天是 {today}）。</translation>
    </message>
    <message>
        <source>“{text}” is not a date (YYYY-MM-DD).</source>
        <translation>“{text}”不是日期（格式 YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>“{text}” is not a receipt no. (scan the barcode on the receipt, e.g. S001-T01-20261123-0005).</source>
        <translation>“{text}”不是小票号（请扫描小票上的条码，例如 S001-T01-20261123-0005）。</translation>
    </message>
    <message>
        <source>No sale has the receipt no. {receipt_no}, on this till or at head office.</source>
        <translation>本收银机和总部都没有小票号为 {receipt_no} 的销售。</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} is not from this till and head office cannot be reached ({detail}). Take the return without a receipt instead.</source>
        <translation>小票 {receipt_no} 不是本收银机的，且无法连接总部（{detail}）。请改为无小票退货。</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} is from {sale_date}: this store takes returns within {days} days only.</source>
        <translation>小票 {receipt_no} 的日期是 {sale_date}：本店只接受 {days} 天内的退货。</translation>
    </message>
    <message>
        <source>Everything on receipt {receipt_no} has already been returned.</source>
        <translation>小票 {receipt_no} 上的商品已全部退货。</translation>
    </message>
    <message>
        <source>Line {line_no} ({name}): cannot return {qty}, only {left} of {sold} are left to return.</source>
        <translation>第 {line_no} 行（{name}）：不能退 {qty} 件，售出 {sold} 件中只剩 {left} 件可退。</translation>
    </message>
    <message>
        <source>Pick at least one item to return.</source>
        <translation>请至少选择一件要退的商品。</translation>
    </message>
    <message>
        <source>This store does not take returns without a receipt.</source>
        <translation>本店不接受无小票退货。</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} was being returned elsewhere on this till at the same time. Look it up again.</source>
        <translation>小票 {receipt_no} 同时正在本收银机的另一个窗口办理退货。请重新查询。</translation>
    </message>
    <message>
        <source>Part of receipt {receipt_no} was paid by {tender}, which this till cannot pay back. Refund it in cash instead (needs approval).</source>
        <translation>小票 {receipt_no} 有部分款项以{tender}支付，本收银机无法原路退回。请改为现金退款（需授权）。</translation>
    </message>
    <message>
        <source>The mobile-pay provider refused the refund ({reason}). Nothing was refunded; refund in cash instead (needs approval).</source>
        <translation>移动支付平台拒绝退款（{reason}）。未退任何款项；请改为现金退款（需授权）。</translation>
    </message>
    <message>
        <source>A shift is already open on this till (opened by {staff_no} at {opened_at}). Close it before opening another.</source>
        <translation>本收银机已有未结束的班次（工号 {staff_no} 于 {opened_at} 开班）。请先交班再开新班。</translation>
    </message>
    <message>
        <source>No shift is open on this till. Open a shift first, with the float in the drawer.</source>
        <translation>本收银机没有开班。请先开班并放入备用金。</translation>
    </message>
    <message>
        <source>“{text}” is not a percentage from 0 to 100 (e.g. 10 or 12.5).</source>
        <translation>“{text}”不是 0 到 100 之间的百分比（例如 10 或 12.5）。</translation>
    </message>
    <message>
        <source>No member has card {card_no}.</source>
        <translation>卡号 {card_no} 不属于任何会员。</translation>
    </message>
    <message>
        <source>Member {member_no}&apos;s card cannot be used (status: {status}).</source>
        <translation>会员 {member_no} 的卡不能使用（状态：{status}）。</translation>
    </message>
    <message>
        <source>Member {member_no}&apos;s card is frozen; it cannot be used.</source>
        <translation>会员 {member_no} 的卡已冻结，不能使用。</translation>
    </message>
    <message>
        <source>Member {member_no}&apos;s card is cancelled; it cannot be used.</source>
        <translation>会员 {member_no} 的卡已注销，不能使用。</translation>
    </message>
    <message>
        <source>Cannot print {path}: {detail}</source>
        <translation>无法打印 {path}：{detail}</translation>
    </message>
    <message>
        <source>There is no device called “{role}”. Choose one of: {roles}.</source>
        <translation>没有名为“{role}”的设备。请选择：{roles}。</translation>
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
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>(to be confirmed)</source>
        <translation>（待确认）</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>原价合计</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>You saved</source>
        <translation>共节省</translation>
    </message>
    <message>
        <source>Member level</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Member no.</source>
        <translation>会员号</translation>
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
    <message>
        <source>*** REFUND ***</source>
        <translation>*** 退货单 ***</translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <source>Original receipt</source>
        <translation>原小票</translation>
    </message>
    <message>
        <source>Return without receipt</source>
        <translation>无小票退货</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>授权人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Refund total</source>
        <translation>退款合计</translation>
    </message>
    <message>
        <source>Ref.</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Customer signature: ____________</source>
        <translation>顾客签名：____________</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>收银机</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>交班报表</translation>
    </message>
    <message>
        <source>X report (day not closed)</source>
        <translation>X报表（未日结）</translation>
    </message>
    <message>
        <source>Z report (day close)</source>
        <translation>Z报表（日结）</translation>
    </message>
    <message>
        <source>Business date</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>日结人</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Before discounts</source>
        <translation>优惠前金额</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Cash counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>By tender</source>
        <translation>按付款方式</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按分类</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>（无分类）</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>当前班次</translation>
    </message>
    <message>
        <source>No shift is open</source>
        <translation>当前没有开班</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>流水号</translation>
    </message>
</context>
<context>
    <name>tender</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>储值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
</context>
</TS>
