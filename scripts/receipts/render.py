#!/usr/bin/env python3
"""Dev script, step 2 of 2: renders the receipt fixtures from specs.json (make-truth.ts).

Three layouts of the paper medical bill (门诊收费票据): 'national' (the national form: QR code
top left, 票据代码/票据号码/校验码/开票日期 top right), 'grid' (fields in a ruled grid, QR code
bottom right) and 'compact' (an older narrow form without a QR code). Degradations: clean,
rotated a few degrees, blurred, low contrast, JPEG-compressed, photographed at an angle,
a photo (angle + blur + JPEG) and an ink smudge over the total. Noto Sans CJK (Debian
fonts-noto-cjk), Pillow (Debian python3-pil). Writes <name>.png + <name>.json per receipt.
"""
import json
import math
import random
import sys
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
DIGITS = '零壹贰叁肆伍陆柒捌玖'


def font(size):
    for index in range(10):
        f = ImageFont.truetype(FONT_FILE, size, index=index)
        if f.getname()[0].endswith(' SC'):
            return f
    raise SystemExit('Noto Sans CJK SC not found: apt-get install fonts-noto-cjk')


def amount_in_words(fen):
    """Chinese uppercase amount (大写), e.g. 10854 -> 壹佰零捌元伍角肆分."""
    yuan, jiao, fen_ = fen // 100, (fen // 10) % 10, fen % 10
    units = ['', '拾', '佰', '仟']
    out = ''
    if yuan == 0:
        out = '零'
    else:
        def four(n):
            s, zero = '', False
            for i in range(3, -1, -1):
                d = (n // 10 ** i) % 10
                if d == 0:
                    zero = bool(s)
                else:
                    if zero:
                        s += '零'
                        zero = False
                    s += DIGITS[d] + units[i]
            return s
        wan, rest = divmod(yuan, 10000)
        if wan:
            out += four(wan) + '万'
            if 0 < rest < 1000:
                out += '零'
        if rest:
            out += four(rest)
    out += '元'
    if jiao == 0 and fen_ == 0:
        return out + '整'
    out += (DIGITS[jiao] + '角') if jiao else '零'
    if fen_:
        out += DIGITS[fen_] + '分'
    return out


def yuan(fen):
    return f'{fen // 100}.{fen % 100:02d}'


CATEGORY = {1: '甲类', 2: '乙类', 3: '丙类'}


def qty_text(q):
    return str(int(q)) if float(q).is_integer() else str(q)


def render(spec, qr):
    e = spec['expected']
    items = e['items']
    layout = spec['layout']
    f_title, f_text, f_small = font(30), font(24), font(20)
    width = 1100 if layout != 'compact' else 760
    height = (520 if layout != 'compact' else 640) + 38 * len(items)
    img = Image.new('L', (width, height), 255)
    d = ImageDraw.Draw(img)
    regions = {}

    def text(xy, s, f=f_text):
        d.text(xy, s, fill=0, font=f)
        return d.textbbox(xy, s, font=f)

    def title(y):
        w = d.textlength(spec['billName'], font=f_title)
        text(((width - w) / 2, y), spec['billName'], f_title)

    def table(y, x0, x1):
        cols = [x0 + 10, x1 - 390, x1 - 260, x1 - 110]
        d.line([(x0, y), (x1, y)], fill=0, width=2)
        for c, h in zip(cols, ['项目名称', '数量', '金额（元）', '类别']):
            text((c, y + 8), h)
        y += 44
        d.line([(x0, y), (x1, y)], fill=0, width=1)
        for it in items:
            text((cols[0], y + 6), it['name'])
            text((cols[1], y + 6), qty_text(it['qty']))
            text((cols[2], y + 6), yuan(it['amountFen']))
            text((cols[3], y + 6), CATEGORY[it['category']])
            y += 38
        d.line([(x0, y + 4), (x1, y + 4)], fill=0, width=2)
        return y + 16

    def totals(y, x0, stacked=False):
        a = text((x0, y), '合计（大写）' + amount_in_words(e['totalAmtFen']))
        if stacked:
            b = text((x0, y + 42), '合计（小写）¥' + yuan(e['totalAmtFen']))
        else:
            b = text((x0 + 560, y), '合计（小写）¥' + yuan(e['totalAmtFen']))
        regions['total'] = (min(a[0], b[0]) + 130, min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
        return (b[3] if stacked else max(a[3], b[3])) + 20

    if layout == 'national':
        title(24)
        img.paste(qr.resize((150, 150)), (40, 80))
        x = 620
        text((x, 84), '票据代码：' + e['billBatchCode'])
        text((x, 120), '票据号码：' + e['billNo'])
        text((x, 156), '校验码：' + e['checkCode'])
        text((x, 192), '开票日期：' + e['issueDate'])
        text((40, 250), '交款人：' + e['payerName'])
        text((40, 290), '医疗机构：' + e['hospitalName'])
        y = table(340, 30, width - 30)
        y = totals(y + 6, 40)
        text((40, y + 10), '收款人：测试收费员　　复核人：样例', f_small)
    elif layout == 'grid':
        title(20)
        y0, rows = 76, [
            ('票据代码', e['billBatchCode'], '票据号码', e['billNo']),
            ('校验码', e['checkCode'], '开票日期', e['issueDate']),
            ('交款人', e['payerName'], '', ''),
            ('收款单位', e['hospitalName'], '', ''),
        ]
        for i, (l1, v1, l2, v2) in enumerate(rows):
            y = y0 + i * 46
            d.rectangle([(30, y), (width - 30, y + 46)], outline=0, width=1)
            text((42, y + 9), l1 + '：' + v1)
            if l2:
                d.line([(width // 2, y), (width // 2, y + 46)], fill=0, width=1)
                text((width // 2 + 12, y + 9), l2 + '：' + v2)
        y = table(y0 + 4 * 46 + 20, 30, width - 30)
        y = totals(y + 6, 40, stacked=True)
        if qr is not None:
            img.paste(qr.resize((130, 130)), (width - 180, y - 100))
        text((40, y + 10), '收款人：测试收费员', f_small)
    else:  # compact, no QR code
        title_font = font(26)
        w = d.textlength(spec['billName'], font=title_font)
        d.text(((width - w) / 2, 20), spec['billName'], fill=0, font=title_font)
        y = 76
        for label, value in [
            ('票据代码', e['billBatchCode']),
            ('票据号码', e['billNo']),
            ('校验码', e['checkCode']),
            ('开票日期', e['issueDate']),
            ('交款人', e['payerName']),
            ('医疗机构', e['hospitalName']),
        ]:
            text((30, y), f'{label}：{value}')
            y += 40
        y = table(y + 10, 20, width - 20)
        y = totals(y + 6, 30, stacked=True)
        text((30, y + 10), '收款人：测试收费员', f_small)
    return img, regions


def perspective(img, rnd, strength):
    w, h = img.size
    dx, dy = w * strength, h * strength
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    dst = [(rnd.uniform(0, dx), rnd.uniform(0, dy)), (w - rnd.uniform(0, dx), rnd.uniform(0, dy)),
           (w - rnd.uniform(0, dx), h - rnd.uniform(0, dy)), (rnd.uniform(0, dx), h - rnd.uniform(0, dy))]
    # coefficients mapping output (dst) to input (src)
    matrix = []
    for (x, y), (u, v) in zip(dst, src):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = [c for p in src for c in p]
    coeffs = solve(matrix, rhs)
    return img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=235)


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def jpeg(img, quality):
    buf = BytesIO()
    img.save(buf, 'JPEG', quality=quality)
    return Image.open(BytesIO(buf.getvalue())).convert('L')


def degrade(img, kind, regions, rnd):
    if kind == 'rotated':
        angle = rnd.choice([-1, 1]) * rnd.uniform(1.5, 3.0)
        return img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255), f'{angle:.1f}°'
    if kind == 'blurred':
        return img.filter(ImageFilter.GaussianBlur(1.2)), 'gaussian 1.2 px'
    if kind == 'low-contrast':
        return img.point(lambda p: 110 + p * (205 - 110) // 255), 'ink 110, paper 205'
    if kind == 'jpeg':
        return jpeg(img, 30), 'JPEG quality 30'
    if kind == 'angle':
        return perspective(img, rnd, 0.04), 'keystone 4%'
    if kind == 'photo':
        img = perspective(img, rnd, 0.03).rotate(rnd.uniform(-1.5, 1.5), resample=Image.BICUBIC,
                                                 expand=True, fillcolor=230)
        img = img.filter(ImageFilter.GaussianBlur(0.8))
        # uneven light: darker towards one corner
        w, h = img.size
        shade = Image.linear_gradient('L').resize((w, h)).point(lambda p: 255 - p // 6)
        img = Image.composite(img, Image.new('L', (w, h), 0), shade)
        return jpeg(img, 50), 'keystone 3%, tilt, blur 0.8, uneven light, JPEG 50'
    if kind == 'smudged-total':
        x0, y0, x1, y1 = regions['total']
        dr = ImageDraw.Draw(img)
        for _ in range(60):
            cx, cy = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
            r = rnd.uniform(8, 18)
            dr.ellipse([cx - r * 1.6, cy - r, cx + r * 1.6, cy + r], fill=rnd.randint(40, 90))
        return img.filter(ImageFilter.GaussianBlur(0.6)), 'ink smudge over the total'
    return img, 'none'


def main():
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    specs = json.loads((work / 'specs.json').read_text())
    for i, spec in enumerate(specs):
        rnd = random.Random(f"{spec['name']}-{i}")
        qr = Image.open(work / f"qr-{spec['name']}.png").convert('L') if spec['hasQr'] else None
        img, regions = render(spec, qr)
        img, detail = degrade(img, spec['degradation'], regions, rnd)
        png = out / f"{spec['name']}.png"
        img.save(png, optimize=True)
        truth = {k: spec[k] for k in ['name', 'layout', 'degradation', 'hasQr', 'qrPayload', 'expected',
                                      'hospitalCode', 'patient', 'visitNo', 'ebill']}
        truth['degradationDetail'] = detail
        (out / f"{spec['name']}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + '\n')
        print(f"{png.name}: {img.size[0]}x{img.size[1]}, {png.stat().st_size // 1024} KB")


if __name__ == '__main__':
    main()
