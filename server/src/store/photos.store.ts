import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { ReadStream } from 'node:fs';
import { join } from 'node:path';

const SHA = /^[0-9a-f]{64}$/;

/**
 * Incident photos on disk, named by their SHA-256 (the same photo sent twice is stored once). A file is
 * written under a temporary name and renamed into place, so a reader never sees half a photo.
 */
export class PhotoStore {
  constructor(private dir: string) {}

  private path(sha: string): string {
    if (!SHA.test(sha)) throw new RangeError('not a sha256');
    return join(this.dir, sha);
  }

  /** Stores the bytes; true when this call created the file (false: it was already there). */
  async put(sha: string, buf: Buffer): Promise<boolean> {
    const path = this.path(sha);
    if (await this.exists(sha)) return false;
    await mkdir(this.dir, { recursive: true });
    const tmp = `${path}.${randomUUID()}.tmp`;
    await writeFile(tmp, buf, { mode: 0o600 });
    await rename(tmp, path);
    return true;
  }

  async exists(sha: string): Promise<boolean> {
    return stat(this.path(sha)).then(
      () => true,
      () => false,
    );
  }

  async remove(sha: string): Promise<void> {
    await unlink(this.path(sha)).catch(() => {});
  }

  open(sha: string): ReadStream {
    return createReadStream(this.path(sha));
  }
}
