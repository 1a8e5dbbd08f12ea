import { createHash } from 'node:crypto';
import exifr from 'exifr';
import type { PhotoMeta } from '@ecc/shared';

export type PhotoType = PhotoMeta['type'];

/** The image type from the first bytes (never from the file name or the declared type, which a client chooses). */
export function sniffImage(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** EXIF "2026:03:15 08:01:02" (+ offset when the camera wrote one) → ISO-8601; without an offset, local time. */
function exifTime(raw: unknown, offset: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw);
  if (!m) return undefined;
  const off = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${off}`;
}

/**
 * Content hash and the metadata kept with a photo: when and where the camera says it was taken. A photo whose
 * EXIF cannot be read is kept without them (the image itself was checked by its bytes).
 */
export async function describePhoto(buf: Buffer, type: PhotoType): Promise<PhotoMeta> {
  const meta: PhotoMeta = { sha256: createHash('sha256').update(buf).digest('hex'), type, bytes: buf.length };
  try {
    const e = (await exifr.parse(buf, {
      tiff: true,
      exif: true,
      gps: true,
      reviveValues: false,
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
    })) as Record<string, unknown> | undefined;
    const takenAt = exifTime(e?.DateTimeOriginal, e?.OffsetTimeOriginal);
    if (takenAt) meta.takenAt = takenAt;
    const gps = (await exifr.gps(buf).catch(() => undefined)) as { latitude?: number; longitude?: number } | undefined;
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
      meta.lat = Math.round(gps.latitude! * 1e6) / 1e6;
      meta.lon = Math.round(gps.longitude! * 1e6) / 1e6;
    }
  } catch {
    // No EXIF or unreadable EXIF: the photo is still evidence.
  }
  return meta;
}
