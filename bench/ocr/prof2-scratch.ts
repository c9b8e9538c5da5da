// @ts-nocheck
import { loadavg } from 'node:os';
import { PaddleEngine } from '../../adapters/ocr/paddle-engine';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { CascadeEngine } from '../../adapters/ocr/cascade-engine';
import { cleanForOcr, decodeImage, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { decodeGreyPng } from '../../adapters/ocr/field-crop';
import { loadFixtures } from './fixtures';
import { quantile } from './score';
const fixtures = await loadFixtures(['layouts'], new RegExp(process.env.ONLY ?? '-(clean-1|photo-8|blurred-4)'));
const paddle = new PaddleEngine(); const tess = new TesseractEngine();
const checks = { today: '2026-12-04' };
const cascade = new CascadeEngine(paddle, tess, () => checks);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const st = {};
const add = (k, v) => (st[k] ??= []).push(v);
const pd = PaddleEngine.prototype; const od = pd.detect, orr = pd.recognizeBoxes;
pd.detect = async function (...a) { const c = cpu(); const r = await od.apply(this, a); add('paddle det', cpu() - c); return r; };
pd.recognizeBoxes = async function (...a) { const c = cpu(); const r = await orr.apply(this, a); add('paddle rec', cpu() - c); add('boxes', a[1].length); return r; };
const tr = TesseractEngine.prototype; const orr2 = tr.readRegions, orp = tr.readReceipt;
tr.readRegions = async function (...a) { const c = cpu(); const r = await orr2.apply(this, a); add('tess crops', cpu() - c); return r; };
tr.readReceipt = async function (...a) { const c = cpu(); const r = await orp.apply(this, a); add('tess page', cpu() - c); return r; };
{ const px = decodeImage(fixtures[0].image); await cascade.readReceipt(cleanForOcr(px, findQrCode(px)?.box).png, checks); }
for (const k of Object.keys(st)) delete st[k];
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
for (const f of fixtures) {
  let c = cpu(); const c0 = c;
  const px = decodeImage(f.image); add('decode', cpu() - c); c = cpu();
  const q = findQrCode(px); add('qr', cpu() - c); c = cpu();
  const png = cleanForOcr(px, q?.box).png; add('clean', cpu() - c); c = cpu();
  decodeGreyPng(png); add('png->grey', cpu() - c); c = cpu();
  await cascade.readReceipt(png, checks); add('cascade', cpu() - c);
  add('total', cpu() - c0);
}
for (const [k, v] of Object.entries(st)) console.log(k.padEnd(12), 'p50', quantile(v, 0.5).toFixed(0), 'p95', quantile(v, 0.95).toFixed(0), 'n', v.length);
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
await cascade.close();
