import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '@ecc/shared';
import type { ErrorCode } from '@ecc/shared';

export interface ReportUpload {
  /** The `incident` field: the report as JSON text. */
  incident: string | undefined;
  photos: Buffer[];
}

export type UploadResult = { ok: true; upload: ReportUpload } | { ok: false; code: ErrorCode; field: string };

const MAX_FIELD_BYTES = 16 * 1024;

/**
 * Reads a multipart report into memory (≤ 3 × 5 MB): nothing is written anywhere until the whole request has
 * been read and checked, so a rejected upload leaves nothing behind. Parts beyond the limits are drained, then
 * the first problem found is answered (a photo over 5 MB → 413, more than 3 photos or an unknown part → 400).
 */
export function readReportUpload(req: IncomingMessage): Promise<UploadResult> {
  return new Promise((resolve) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          fileSize: MAX_PHOTO_BYTES,
          files: MAX_PHOTOS,
          fields: 4,
          parts: MAX_PHOTOS + 4,
          fieldSize: MAX_FIELD_BYTES,
        },
      });
    } catch {
      return resolve({ ok: false, code: 'MALFORMED', field: '(body)' });
    }
    const upload: ReportUpload = { incident: undefined, photos: [] };
    let problem: { code: ErrorCode; field: string } | null = null;
    const fail = (code: ErrorCode, field: string) => (problem ??= { code, field });

    bb.on('field', (name, value, info) => {
      if (name !== 'incident') return fail('INVALID_FIELD', name.slice(0, 40));
      if (info.valueTruncated) return fail('PAYLOAD_TOO_LARGE', 'incident');
      upload.incident = value;
    });
    bb.on('file', (name, stream) => {
      const index = upload.photos.length;
      if (name !== 'photos') fail('INVALID_FIELD', name.slice(0, 40));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail('PHOTO_TOO_LARGE', `photos.${index}`));
      stream.on('close', () => {
        if (!problem) upload.photos[index] = Buffer.concat(chunks);
      });
      upload.photos.length = index + 1;
    });
    bb.on('filesLimit', () => fail('INVALID_FIELD', 'photos'));
    bb.on('partsLimit', () => fail('INVALID_FIELD', '(body)'));
    bb.on('fieldsLimit', () => fail('INVALID_FIELD', '(body)'));
    bb.on('error', () => resolve({ ok: false, code: 'MALFORMED', field: '(body)' }));
    bb.on('close', () => {
      if (problem) resolve({ ok: false, ...problem });
      else resolve({ ok: true, upload });
    });
    req.pipe(bb);
  });
}
