// Draws the page's icons (www/icons/*.png): the letter dalet (ד) in white on the header's blue,
// as plain shapes (no font needed), antialiased by 4x4 supersampling. PNG written with node:zlib.
//   node scripts/icons.mjs
// icon-192.png, icon-512.png: a rounded square (purpose "any");
// maskable-512.png: full bleed, the letter inside the central 80% safe zone (purpose "maskable").
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../www/icons');
const BLUE = [0x3b, 0x4f, 0xd8];
const DARK = [0x27, 0x34, 0x8b];
const WHITE = [255, 255, 255];

/** The dalet in unit coordinates (0..1 of the glyph box): roof and stem, with the roof's ear. */
function inDalet(x, y) {
  const roof = y >= 0.18 && y <= 0.34 && x >= 0.14 && x <= 0.88;
  const stem = x >= 0.66 && x <= 0.81 && y >= 0.18 && y <= 0.86;
  return roof || stem;
}

function draw(size, { maskable }) {
  const S = 4;
  const rgba = Buffer.alloc(size * size * 4);
  const radius = maskable ? 0 : 0.2; // corner radius, in units of the side
  const glyph = maskable ? 0.56 : 0.72; // glyph box, in units of the side, centred
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size, y = (py + (sy + 0.5) / S) / size;
          const cx = Math.min(Math.max(x, radius), 1 - radius), cy = Math.min(Math.max(y, radius), 1 - radius);
          if (radius && (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) continue;
          bg++;
          const gx = (x - (1 - glyph) / 2) / glyph, gy = (y - (1 - glyph) / 2) / glyph;
          if (inDalet(gx, gy)) fg++;
        }
      }
      const i = (py * size + px) * 4;
      // A vertical gradient from the header's dark blue to its blue.
      const t = py / (size - 1);
      const base = DARK.map((d, k) => Math.round(d + (BLUE[k] - d) * t));
      const a = bg / (S * S), f = bg ? fg / bg : 0;
      for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(base[k] + (WHITE[k] - base[k]) * f);
      rgba[i + 3] = Math.round(255 * a);
    }
  }
  return png(size, size, rgba);
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(h * (w * 4 + 1));
  for (let y = 0; y < h; y++) rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-512.png', 512, true]]) {
  const data = draw(size, { maskable });
  fs.writeFileSync(path.join(OUT, name), data);
  console.log(`www/icons/${name}: ${data.length} bytes`);
}
