/**
 * Tiny test images built in code: a JPEG whose APP1 segment carries EXIF DateTimeOriginal and a GPS position
 * (little-endian TIFF, the layout cameras and phones write), a PNG and a WebP header, and things that are not
 * images. The bytes after the headers are filler: the server checks the type from the first bytes only.
 */
function ifd(entries: { tag: number; type: number; count: number; value: Buffer }[], offset: number) {
  // Entries whose value does not fit in 4 bytes point into a data area right after the IFD.
  const head = Buffer.alloc(2 + entries.length * 12 + 4);
  head.writeUInt16LE(entries.length, 0);
  let dataAt = offset + head.length;
  const data: Buffer[] = [];
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    if (e.value.length <= 4) e.value.copy(head, at + 8);
    else {
      head.writeUInt32LE(dataAt, at + 8);
      data.push(e.value);
      dataAt += e.value.length;
    }
  });
  return Buffer.concat([head, ...data]);
}

const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1');
const long = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
function rationals(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => {
    b.writeUInt32LE(Math.round(v * 10000), i * 8);
    b.writeUInt32LE(10000, i * 8 + 4);
  });
  return b;
}
const dms = (deg: number) => {
  const d = Math.floor(deg);
  const m = Math.floor((deg - d) * 60);
  return [d, m, (deg - d - m / 60) * 3600];
};

export function jpegWithExif(o: { takenAt: string; lat: number; lon: number; filler?: number }): Buffer {
  // TIFF header (8) → IFD0 with pointers to the Exif and GPS IFDs.
  const ifd0Size = 2 + 2 * 12 + 4;
  const exifAt = 8 + ifd0Size;
  const exif = ifd([{ tag: 0x9003, type: 2, count: 20, value: ascii(o.takenAt) }], exifAt);
  const gpsAt = exifAt + exif.length;
  const gps = ifd(
    [
      { tag: 0x0001, type: 2, count: 2, value: ascii('N') },
      { tag: 0x0002, type: 5, count: 3, value: rationals(dms(o.lat)) },
      { tag: 0x0003, type: 2, count: 2, value: ascii('E') },
      { tag: 0x0004, type: 5, count: 3, value: rationals(dms(o.lon)) },
    ],
    gpsAt,
  );
  const ifd0 = ifd(
    [
      { tag: 0x8769, type: 4, count: 1, value: long(exifAt) },
      { tag: 0x8825, type: 4, count: 1, value: long(gpsAt) },
    ],
    8,
  );
  const tiff = Buffer.concat([Buffer.from('II*\0', 'latin1'), long(8), ifd0, exif, gps]);
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(app1Body.length + 2, 2);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    app1,
    app1Body,
    Buffer.alloc(o.filler ?? 64, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export function png(bytes = 256): Buffer {
  const b = Buffer.alloc(Math.max(bytes, 8), 0x22);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

export function webp(bytes = 256): Buffer {
  const b = Buffer.alloc(Math.max(bytes, 12), 0x33);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(b.length - 8, 4);
  b.write('WEBP', 8, 'latin1');
  return b;
}

export const gif = (): Buffer => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
export const svgScript = (): Buffer => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
