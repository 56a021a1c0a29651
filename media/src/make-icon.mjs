// Draws media/icon.png (128x128 RGBA) without dependencies: a rounded tile with an open book and a
// dotted path with three stops (a walkthrough). Run: node media/src/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const ss = 4; // supersampling per axis
const pixels = new Float64Array(size * size * 4);

const bg = [30, 42, 58];
const page = [236, 240, 245];
const spine = [55, 148, 255];
const stop = [255, 196, 61];
const line = [55, 148, 255];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
}
function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const path = [[30, 96], [52, 74], [76, 86], [100, 52]];
const stops = [[30, 96], [76, 86], [100, 52]];

function colorAt(x, y) {
  if (!roundedRect(x, y, 4, 4, 124, 124, 22)) return null;
  let c = bg;
  // open book: two pages tilted slightly
  const inLeft = x >= 20 && x <= 63 && y >= 26 + (63 - x) * 0.12 && y <= 70 + (63 - x) * 0.12;
  const inRight = x >= 65 && x <= 108 && y >= 26 + (x - 65) * 0.12 && y <= 70 + (x - 65) * 0.12;
  if (inLeft || inRight) c = page;
  if (inLeft || inRight) {
    // text lines on pages
    const ly = (y - 26 - (inLeft ? (63 - x) : (x - 65)) * 0.12);
    if ([10, 18, 26, 34].some((l) => Math.abs(ly - l) < 1.5) && (inLeft ? x > 26 && x < 58 : x > 70 && x < 102)) c = [150, 165, 185];
  }
  if (x > 63 && x < 65 && y > 26 && y < 72) c = spine;
  // walkthrough path
  for (let i = 0; i < path.length - 1; i++) {
    if (distToSegment(x, y, ...path[i], ...path[i + 1]) < 3) c = line;
  }
  for (const [sx, sy] of stops) {
    const d = Math.hypot(x - sx, y - sy);
    if (d < 9) c = d < 5 ? bg : stop;
  }
  return c;
}

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < ss; sy++) {
      for (let sx = 0; sx < ss; sx++) {
        const c = colorAt(x + (sx + 0.5) / ss, y + (sy + 0.5) / ss);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const i = (y * size + x) * 4;
    if (a) { pixels[i] = r / a; pixels[i + 1] = g / a; pixels[i + 2] = b / a; }
    pixels[i + 3] = (a / (ss * ss)) * 255;
  }
}

const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) {
  raw[y * (size * 4 + 1)] = 0;
  for (let x = 0; x < size * 4; x++) raw[y * (size * 4 + 1) + 1 + x] = Math.round(pixels[y * size * 4 + x]);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
