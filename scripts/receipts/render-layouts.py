#!/usr/bin/env python3
"""Dev script, step 2 of 2 for the bench's layout set: renders specs.json (make-truth.ts <dir>
layouts) into test/fixtures/receipts-layouts. Ten arrangements of the paper medical bill
(scripts/receipts/layouts.ts says which, and which three are held out), each in one of six
Debian CJK fonts per receipt, with the degradations of render.py. The photo is written as a
JPEG, the rest as PNG. Writes <name>.<png|jpg> + <name>.json per receipt.
"""
import json
import os
import random
import re
import sys
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

import render as base
from render import amount_in_words, degrade, yuan, qty_text, CATEGORY

FONT_FILES = {
    'noto-sans': ('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', ' SC'),
    'noto-serif': ('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', ' SC'),
    'wqy-zenhei': ('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYi Zen Hei'),
    'wqy-microhei': ('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYi Micro Hei'),
    'ar-pl-uming': ('/usr/share/fonts/truetype/arphic/uming.ttc', 'AR PL UMing CN'),
    'ar-pl-ukai': ('/usr/share/fonts/truetype/arphic/ukai.ttc', 'AR PL UKai CN'),
}


def font_loader(name):
    path, wanted = FONT_FILES[name]
    cache = {}

    def load(size):
        if size not in cache:
            for index in range(10):
                try:
                    f = ImageFont.truetype(path, size, index=index)
                except OSError:
                    break
                family = f.getname()[0]
                if family.endswith(wanted) or family == wanted:
                    cache[size] = f
                    break
            else:
                raise SystemExit(f'{wanted} not found in {path}')
            if size not in cache:
                raise SystemExit(f'{wanted} not found in {path}')
        return cache[size]
    return load


class Page:
    """A white page that grows downwards; cropped to what was drawn."""

    def __init__(self, width, font):
        self.width, self.font = width, font
        self.img = Image.new('L', (width, 2400), 255)
        self.d = ImageDraw.Draw(self.img)
        self.bottom = 0

    def text(self, xy, s, size=24, right=False, center=False):
        f = self.font(size)
        x, y = xy
        w = self.d.textlength(s, font=f)
        if right:
            x -= w
        if center:
            x = (self.width - w) / 2
        self.d.text((x, y), s, fill=0, font=f)
        box = self.d.textbbox((x, y), s, font=f)
        self.bottom = max(self.bottom, box[3])
        return box

    def line(self, a, b, width=1):
        self.d.line([a, b], fill=0, width=width)
        self.bottom = max(self.bottom, a[1], b[1])

    def rect(self, box, fill=None):
        self.d.rectangle(box, outline=0, width=1, fill=fill)
        self.bottom = max(self.bottom, box[3])

    def paste(self, img, xy):
        self.img.paste(img, xy)
        self.bottom = max(self.bottom, xy[1] + img.size[1])

    def done(self):
        return self.img.crop((0, 0, self.width, self.bottom + 30))


def items_table(p, y, x0, x1, items, columns, size=22):
    """columns: [(header, x, value(item) -> str, right_aligned)]"""
    p.line((x0, y), (x1, y), 2)
    for header, x, _, _ in columns:
        p.text((x, y + 8), header, size)
    y += size + 20
    p.line((x0, y), (x1, y))
    for it in items:
        for _, x, value, right in columns:
            s = value(it)
            p.text((x + (90 if right else 0), y + 6), s, size, right=right)
        y += size + 14
    p.line((x0, y + 4), (x1, y + 4), 2)
    return y + 16


def std_columns(x0, x1, category_header='类别'):
    return [
        ('项目名称', x0 + 10, lambda it: it['name'], False),
        ('数量', x1 - 390, lambda it: qty_text(it['qty']), False),
        ('金额（元）', x1 - 260, lambda it: yuan(it['amountFen']), False),
        (category_header, x1 - 110, lambda it: CATEGORY[it['category']], False),
    ]


def ebill_standard(spec, qr, font):
    e, b = spec['expected'], spec['ebill']
    p = Page(1240, font)
    p.text((0, 24), b['billName'], 32, center=True)
    p.paste(qr.resize((120, 120)), (40, 14))
    p.text((40, 150), f"票据代码：{e['billBatchCode']}")
    p.text((440, 150), f"票据号码：{e['billNo']}")
    p.text((860, 150), f"校验码：{e['checkCode']}")
    p.text((40, 192), f"交款人统一社会信用代码：{b['payer']['idNumberMasked']}", 22)
    p.text((560, 192), f"交款人：{e['payerName']}", 22)
    p.text((860, 192), f"开票日期：{e['issueDate']}", 22)
    y = items_table(p, 236, 30, 1210, e['items'], std_columns(30, 1210, '备注'))
    p.text((40, y + 8), f"金额合计（大写）{amount_in_words(e['totalAmtFen'])}")
    p.text((680, y + 8), f"（小写）{yuan(e['totalAmtFen'])}")
    y += 56
    rows = [
        [('业务流水号', spec['visitNo']), ('门诊号', spec['visitNo'][-8:]), ('就诊日期', e['issueDate'])],
        [('医疗机构类型', '综合医院'), ('医保类型', '职工基本医疗保险'), ('性别', '男')],
        [('医保统筹基金支付', yuan(b['fundPayFen'])), ('其他支付', '0.00'), ('个人账户支付', yuan(b['accountPayFen']))],
        [('个人现金支付', yuan(b['ownPayFen'])), ('个人自付', '0.00'), ('个人自费', yuan(b['selfPayAmtFen']))],
    ]
    for row in rows:
        for i, (label, value) in enumerate(row):
            p.text((40 + i * 400, y), f'{label}：{value}', 20)
        y += 34
    p.text((40, y + 20), f"收款单位（章）：{e['hospitalName']}", 22)
    p.text((800, y + 20), '复核人：样例', 22)
    p.text((1000, y + 20), '收款人：测试收费员', 22)
    return p.done()


def thermal(spec, qr, font):
    e = spec['expected']
    p = Page(480, font)
    p.text((0, 16), '门诊收费票据', 26, center=True)
    y = 60
    for label, value in [('票据代码', e['billBatchCode']), ('票据号码', e['billNo'])]:
        p.text((20, y), f'{label}:', 20)
        p.text((20, y + 28), value, 22)
        y += 66
    p.text((20, y), f"校验码: {e['checkCode']}", 20)
    y += 38
    for label, value in [('开票日期', e['issueDate']), ('交款人', e['payerName']), ('收款单位', e['hospitalName'])]:
        p.text((20, y), f'{label}:', 20)
        p.text((20, y + 28), value, 20)
        y += 66
    p.text((20, y), '-' * 44, 20)
    y += 28
    p.text((20, y), '项目', 20)
    p.text((300, y), '数量', 20)
    p.text((460, y), '金额', 20, right=True)
    y += 30
    for it in e['items']:
        p.text((20, y), it['name'], 20)
        p.text((300, y), qty_text(it['qty']), 20)
        p.text((460, y), yuan(it['amountFen']), 20, right=True)
        y += 30
    p.text((20, y), '-' * 44, 20)
    y += 30
    p.text((20, y), f"合计: {amount_in_words(e['totalAmtFen'])} ¥{yuan(e['totalAmtFen'])}", 20)
    p.text((20, y + 36), '收款人:测试收费员', 18)
    return p.done()


def two_column(spec, qr, font):
    e = spec['expected']
    p = Page(1120, font)
    p.text((0, 20), spec['ebill']['billName'], 30, center=True)
    xs = [30, 230, 560, 760, 1090]
    rows = [
        ('票据代码', e['billBatchCode'], '票据号码', e['billNo']),
        ('校验码', e['checkCode'], '开票日期', e['issueDate']),
        ('交款人', e['payerName'], '性别', '女'),
        ('医疗机构名称', e['hospitalName'], None, None),
        ('医疗机构类型', '综合医院', '医保类型', '城乡居民医保'),
    ]
    y = 76
    for l1, v1, l2, v2 in rows:
        p.rect((xs[0], y, xs[1], y + 48), fill=225)
        p.text((xs[0] + 10, y + 11), l1, 22)
        if l2 is None:
            p.rect((xs[1], y, xs[4], y + 48))
            p.text((xs[1] + 12, y + 10), v1)
        else:
            p.rect((xs[1], y, xs[2], y + 48))
            p.text((xs[1] + 12, y + 10), v1)
            p.rect((xs[2], y, xs[3], y + 48), fill=225)
            p.text((xs[2] + 10, y + 11), l2, 22)
            p.rect((xs[3], y, xs[4], y + 48))
            p.text((xs[3] + 12, y + 10), v2)
        y += 48
    y = items_table(p, y + 20, 30, 1090, e['items'], std_columns(30, 1090))
    p.rect((xs[0], y, xs[1], y + 48), fill=225)
    p.text((xs[0] + 10, y + 11), '金额合计（大写）', 20)
    p.rect((xs[1], y, xs[2] + 100, y + 48))
    p.text((xs[1] + 12, y + 10), amount_in_words(e['totalAmtFen']))
    p.rect((xs[2] + 100, y, xs[3] + 60, y + 48), fill=225)
    p.text((xs[2] + 110, y + 11), '（小写）', 20)
    p.rect((xs[3] + 60, y, xs[4], y + 48))
    p.text((xs[3] + 72, y + 10), f"¥{yuan(e['totalAmtFen'])}")
    if qr is not None:
        p.paste(qr.resize((120, 120)), (960, y + 64))
    p.text((40, y + 70), '收款人：测试收费员    复核人：样例', 20)
    return p.done()


def label_above(spec, qr, font):
    e = spec['expected']
    p = Page(1120, font)
    p.text((0, 20), spec['ebill']['billName'], 30, center=True)
    if qr is not None:
        p.paste(qr.resize((110, 110)), (990, 8))
    rows = [
        [('票据代码', e['billBatchCode']), ('票据号码', e['billNo']), ('校验码', e['checkCode'])],
        [('开票日期', e['issueDate']), ('交款人', e['payerName']), ('医保类型', '职工医保')],
        [('收款单位', e['hospitalName'])],
    ]
    y = 130
    for row in rows:
        w = 1060 // len(row)
        for i, (label, value) in enumerate(row):
            x = 30 + i * w
            p.rect((x, y, x + w, y + 72))
            p.text((x + 8, y + 6), label, 16)
            p.text((x + 14, y + 34), value, 24)
        y += 72
    y = items_table(p, y + 20, 30, 1090, e['items'], std_columns(30, 1090))
    for i, (label, value) in enumerate(
        [('合计（大写）', amount_in_words(e['totalAmtFen'])), ('合计（小写）', '¥' + yuan(e['totalAmtFen']))]
    ):
        x = 30 + i * 530
        p.rect((x, y, x + 530, y + 72))
        p.text((x + 8, y + 6), label, 16)
        p.text((x + 14, y + 34), value, 24)
    p.text((40, y + 90), '收款人：测试收费员', 20)
    return p.done()


def a5_landscape(spec, qr, font):
    e = spec['expected']
    p = Page(1480, font)
    p.text((0, 20), spec['ebill']['billName'], 30, center=True)
    if qr is not None:
        p.paste(qr.resize((120, 120)), (1330, 10))
    p.text((40, 140), f"票据代码:{e['billBatchCode']}", 22)
    p.text((480, 140), f"票据号码:{e['billNo']}", 22)
    p.text((920, 140), f"校验码:{e['checkCode']}", 22)
    p.text((40, 180), f"交款人:{e['payerName']}", 22)
    p.text((480, 180), f"开票日期:{e['issueDate']}", 22)
    p.text((800, 180), f"医疗机构:{e['hospitalName']}", 22)
    codes = {line['name']: line['code'] for line in spec['ebill']['listDetail']}
    cols = [
        ('编码', 40, lambda it: codes.get(it['name'], '')[:9], False),
        ('项目名称', 230, lambda it: it['name'], False),
        ('单位', 640, lambda it: '项', False),
        ('数量', 760, lambda it: qty_text(it['qty']), False),
        ('单价', 880, lambda it: yuan(it['amountFen'] // max(1, int(it['qty']))), False),
        ('金额', 1060, lambda it: yuan(it['amountFen']), False),
        ('类别', 1240, lambda it: CATEGORY[it['category']], False),
    ]
    y = items_table(p, 224, 30, 1450, e['items'], cols, 20)
    p.text((40, y + 8), f"合计(大写):{amount_in_words(e['totalAmtFen'])}", 22)
    p.text((760, y + 8), f"合计(小写):¥{yuan(e['totalAmtFen'])}", 22)
    b = spec['ebill']
    p.text((40, y + 52), f"医保统筹支付:{yuan(b['fundPayFen'])}    个人账户支付:{yuan(b['accountPayFen'])}"
           f"    个人现金支付:{yuan(b['ownPayFen'])}", 20)
    p.text((40, y + 92), '收款人:测试收费员    复核人:样例', 20)
    return p.done()


def bilingual(spec, qr, font):
    e = spec['expected']
    p = Page(1200, font)
    p.text((0, 18), spec['ebill']['billName'], 30, center=True)
    p.text((0, 60), 'Medical Outpatient Receipt', 22, center=True)
    if qr is not None:
        p.paste(qr.resize((120, 120)), (1050, 100))
    y = 110
    for label, value in [
        ('票据代码 Bill Code', e['billBatchCode']),
        ('票据号码 Bill No.', e['billNo']),
        ('校验码 Check Code', e['checkCode']),
        ('开票日期 Date of Issue', e['issueDate']),
        ('交款人 Payer', e['payerName']),
        ('收款单位 Payee', e['hospitalName']),
    ]:
        p.text((40, y), f'{label}：{value}', 22)
        y += 38
    cols = [
        ('项目名称 Item', 40, lambda it: it['name'], False),
        ('数量 Qty', 640, lambda it: qty_text(it['qty']), False),
        ('金额 Amount', 790, lambda it: yuan(it['amountFen']), False),
        ('类别 Class', 980, lambda it: CATEGORY[it['category']], False),
    ]
    y = items_table(p, y + 14, 30, 1170, e['items'], cols, 22)
    p.text((40, y + 8), f"金额合计（大写）Total in words：{amount_in_words(e['totalAmtFen'])}", 22)
    p.text((40, y + 48), f"（小写）In figures：¥{yuan(e['totalAmtFen'])}", 22)
    p.text((40, y + 96), '收款人 Cashier：测试收费员    复核人 Checker：样例', 20)
    return p.done()


def hospital_receipt(spec, qr, font):
    e, b = spec['expected'], spec['ebill']
    p = Page(1000, font)
    p.text((0, 18), '门诊收费收据', 30, center=True)
    y = 80
    for label, value in [
        ('患者姓名', e['payerName']),
        ('医院名称', e['hospitalName']),
        ('票据代码', e['billBatchCode']),
        ('票据号码', e['billNo']),
        ('校验码', e['checkCode']),
        ('开票日期', e['issueDate']),
        ('医保类型', '职工基本医疗保险'),
    ]:
        p.text((50, y), label, 22)
        p.text((950, y), value, 22, right=True)
        y += 38
    y = items_table(p, y + 10, 30, 970, e['items'], std_columns(30, 970), 22)
    for label, value in [
        ('医保统筹基金支付', yuan(b['fundPayFen'])),
        ('个人账户支付', yuan(b['accountPayFen'])),
        ('个人自付', '0.00'),
        ('个人自费', yuan(b['selfPayAmtFen'])),
    ]:
        p.text((50, y), label, 22)
        p.text((950, y), value, 22, right=True)
        y += 36
    p.text((50, y + 6), f"合计  {amount_in_words(e['totalAmtFen'])}  ¥{yuan(e['totalAmtFen'])}", 24)
    p.text((50, y + 52), '收款人：测试收费员', 20)
    return p.done()


def cn_date(iso, pad=False):
    """2026-03-05 as 2026年3月5日 (or 2026年03月05日)."""
    y, m, d = iso.split('-')
    return f'{y}年{m}月{d}日' if pad else f'{y}年{int(m)}月{int(d)}日'


def grouped(fen):
    """12345.67 with thousands separators: 12,345.67."""
    return f'{fen // 100:,}.{fen % 100:02d}'


def boxed_cells(spec, qr, font):
    """Ruled cells, labels without colons in shaded cells, values right-aligned in their boxes."""
    e = spec['expected']
    p = Page(1160, font)
    p.text((0, 20), spec['ebill']['billName'], 30, center=True)
    if qr is not None:
        p.paste(qr.resize((110, 110)), (1020, 6))
    x = [30, 190, 570, 730, 1130]
    rows = [
        ('票据代码', e['billBatchCode'], '票据号码', e['billNo']),
        ('校验码', e['checkCode'], '开票日期', cn_date(e['issueDate'])),
        ('交款人', e['payerName'], '医保类型', '职工医保'),
    ]
    y = 130
    for l1, v1, l2, v2 in rows:
        p.rect((x[0], y, x[1], y + 50), fill=230)
        p.text((x[0] + 12, y + 13), l1, 22)
        p.rect((x[1], y, x[2], y + 50))
        p.text((x[2] - 14, y + 11), v1, 24, right=True)
        p.rect((x[2], y, x[3], y + 50), fill=230)
        p.text((x[2] + 12, y + 13), l2, 22)
        p.rect((x[3], y, x[4], y + 50))
        p.text((x[4] - 14, y + 11), v2, 24, right=True)
        y += 50
    p.rect((x[0], y, x[1], y + 50), fill=230)
    p.text((x[0] + 12, y + 13), '医疗机构名称', 20)
    p.rect((x[1], y, x[4], y + 50))
    p.text((x[4] - 14, y + 11), e['hospitalName'], 24, right=True)
    y += 50
    y = items_table(p, y + 20, 30, 1130, e['items'], std_columns(30, 1130))
    p.rect((x[0], y, x[1], y + 50), fill=230)
    p.text((x[0] + 12, y + 13), '合计(大写)', 22)
    p.rect((x[1], y, x[2] + 120, y + 50))
    p.text((x[2] + 106, y + 11), amount_in_words(e['totalAmtFen']), 24, right=True)
    p.rect((x[2] + 120, y, x[3] + 90, y + 50), fill=230)
    p.text((x[2] + 132, y + 13), '合计(小写)', 22)
    p.rect((x[3] + 90, y, x[4], y + 50))
    p.text((x[4] - 14, y + 11), f"{grouped(e['totalAmtFen'])}元", 24, right=True)
    p.text((40, y + 70), '收款人 测试收费员      复核人 样例', 20)
    return p.done()


def inpatient_fullwidth(spec, qr, font):
    """An inpatient bill: full-width colons with spaces, padded 年月日 dates, ¥ with thousands, items in two columns."""
    e, b = spec['expected'], spec['ebill']
    p = Page(1240, font)
    p.text((0, 20), b['billName'].replace('门诊', '住院'), 30, center=True)
    if qr is not None:
        p.paste(qr.resize((120, 120)), (1090, 8))
    p.text((40, 140), f"票据代码 ：  {e['billBatchCode']}", 22)
    p.text((450, 140), f"票据号码 ：  {e['billNo']}", 22)
    p.text((40, 180), f"校验码 ：  {e['checkCode']}", 22)
    p.text((450, 180), f"开票日期 ：  {cn_date(e['issueDate'], pad=True)}", 22)
    p.text((40, 220), f"交款人 ：  {e['payerName']}", 22)
    p.text((450, 220), f"住院号 ：  {spec['visitNo']}", 22)
    p.text((40, 260), f"收款单位（章） ：  {e['hospitalName']}", 22)
    y = 304
    p.line((30, y), (1210, y), 2)
    for x0 in (40, 640):
        p.text((x0, y + 8), '项目名称', 20)
        p.text((x0 + 520, y + 8), '金额', 20, right=True)
    y += 40
    p.line((30, y), (1210, y))
    items = e['items']
    half = (len(items) + 1) // 2
    for r in range(half):
        for c, x0 in enumerate((40, 640)):
            k = r + c * half
            if k < len(items):
                p.text((x0, y + 5), items[k]['name'][:14], 18)
                p.text((x0 + 520, y + 5), grouped(items[k]['amountFen']), 18, right=True)
        y += 30
    p.line((30, y + 4), (1210, y + 4), 2)
    y += 20
    p.text((40, y), f"金额合计（大写） ：  {amount_in_words(e['totalAmtFen'])}", 22)
    p.text((760, y), f"（小写） ：  ¥{grouped(e['totalAmtFen'])}", 22)
    y += 44
    p.text((40, y), f"医保统筹基金支付 ：  {grouped(b['fundPayFen'])}     个人自付 ：  {grouped(b['ownPayFen'])}"
           f"     个人自费 ：  {grouped(b['selfPayAmtFen'])}", 20)
    p.text((40, y + 40), '收款人 ：  测试收费员        复核人 ：  样例', 20)
    return p.done()


def stacked_header(spec, qr, font):
    """A header block of label-over-value pairs (no colons); payer and payee on one line; figures before words."""
    e = spec['expected']
    p = Page(1080, font)
    p.text((0, 18), spec['ebill']['billName'], 28, center=True)
    y = 80
    pairs = [
        ('票据代码', e['billBatchCode']),
        ('票据号码', e['billNo']),
        ('校验码', e['checkCode']),
        ('开票日期', cn_date(e['issueDate'])),
    ]
    for i, (label, value) in enumerate(pairs):
        x = 40 + i * 255
        p.text((x, y), label, 18)
        p.text((x, y + 30), value, 24)
    p.line((30, y + 72), (1050, y + 72))
    y += 92
    p.text((40, y), f"交款人  {e['payerName']}", 22)
    p.text((480, y), f"收款单位  {e['hospitalName']}", 22)
    y = items_table(p, y + 48, 30, 1050, e['items'], std_columns(30, 1050), 22)
    p.text((40, y + 8), f"合计(小写) ¥{yuan(e['totalAmtFen'])}", 22)
    p.text((420, y + 8), f"合计(大写) {amount_in_words(e['totalAmtFen'])}", 22)
    p.text((40, y + 56), '收款人 测试收费员', 20)
    return p.done()


DRAW = {
    'ebill-standard': ebill_standard,
    'thermal': thermal,
    'two-column': two_column,
    'label-above': label_above,
    'a5-landscape': a5_landscape,
    'bilingual': bilingual,
    'hospital-receipt': hospital_receipt,
    'boxed-cells': boxed_cells,
    'inpatient-fullwidth': inpatient_fullwidth,
    'stacked-header': stacked_header,
}


def draw(spec, qr, font):
    if spec['layout'] in DRAW:
        return DRAW[spec['layout']](spec, qr, font), {}
    # The original three layouts (render.py), in this receipt's font.
    base.font = font
    return base.render(spec, qr)


def main():
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    specs = json.loads((work / 'specs.json').read_text())
    # RENDER_ONLY=<regex on layout names>: draw some layouts only (the others' files stay as committed).
    only = re.compile(os.environ.get('RENDER_ONLY', ''))
    for i, spec in enumerate(specs):
        if not only.search(spec['layout']):
            continue
        rnd = random.Random(f"{spec['name']}-{i}")
        qr = Image.open(work / f"qr-{spec['name']}.png").convert('L') if spec['hasQr'] else None
        img, regions = draw(spec, qr, font_loader(spec['font']))
        img, detail = degrade(img, spec['degradation'], regions, rnd)
        path = out / f"{spec['name']}.{spec['format']}"
        if spec['format'] == 'jpg':
            img.save(path, 'JPEG', quality=80)
        else:
            img.save(path, optimize=True)
        keys = ['name', 'layout', 'font', 'format', 'degradation', 'hasQr', 'qrPayload', 'expected',
                'hospitalCode', 'patient', 'visitNo', 'ebill']
        truth = {k: spec[k] for k in keys}
        truth['degradationDetail'] = detail
        (out / f"{spec['name']}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + '\n')
        print(f"{path.name}: {img.size[0]}x{img.size[1]}, {spec['font']}, {path.stat().st_size // 1024} KB")


if __name__ == '__main__':
    main()
