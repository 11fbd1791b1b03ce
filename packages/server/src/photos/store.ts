import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { PHOTO_SUFFIX, PHOTO_TYPES, type PhotoFormat, type PreparedPhoto } from './prepare.js';

/** The most photos one message has (core's limit). */
export { MAX_PHOTOS_PER_MESSAGE } from '@payam/core';

/** A kept photo's facts (not its bytes). */
export interface PhotoRecord {
  /** Its id (random, unguessable). */
  id: string;
  /** The message it belongs to, once registered. */
  messageId: string | null;
  /** Its format. */
  format: PhotoFormat;
  /** Its size in bytes. */
  size: number;
}

/** A photo's name in URLs and files: its id and suffix (`k3…Q.jpg`). */
export function photoFileName(photo: Pick<PhotoRecord, 'id' | 'format'>): string {
  return `${photo.id}.${PHOTO_SUFFIX[photo.format]}`;
}

const FORMAT_OF: Record<string, PhotoFormat> = Object.fromEntries(Object.entries(PHOTO_TYPES).map(([format, type]) => [type, format as PhotoFormat]));

/**
 * Where photos are kept: in the database (`photos.bytes`, the default: backed up with everything
 * else) or as files in `dir` (then the row holds the facts only). Photos are uploaded before their
 * message exists and attached to it when it is registered.
 */
export class PhotoStore {
  constructor(
    private readonly db: Queryable,
    private readonly dir: string | null = null,
  ) {}

  /** Keeps a prepared photo uploaded with the API key `apiKeyHash`; the file (if any) is written before the row names it. */
  async save(photo: PreparedPhoto, apiKeyHash: string, at: Date): Promise<PhotoRecord> {
    const id = randomBytes(18).toString('base64url');
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      const path = join(this.dir, id);
      await writeFile(`${path}.partial`, photo.bytes);
      await rename(`${path}.partial`, path);
    }
    await this.db.query(
      'INSERT INTO photos (id, api_key_hash, content_type, size, bytes, uploaded_at) VALUES ($1, $2, $3, $4, $5::bytea, $6::timestamptz)',
      [id, apiKeyHash, PHOTO_TYPES[photo.format], photo.bytes.length, this.dir ? null : photo.bytes, at.toISOString()],
    );
    return { id, messageId: null, format: photo.format, size: photo.bytes.length };
  }

  /** A photo's facts, or `null`. */
  async find(id: string): Promise<PhotoRecord | null> {
    const [row] = await this.db.query<{ id: string; message_id: string | null; content_type: string; size: number }>('SELECT id, message_id, content_type, size FROM photos WHERE id = $1', [id]);
    const format = row ? FORMAT_OF[row.content_type] : undefined;
    return row && format ? { id: row.id, messageId: row.message_id, format, size: row.size } : null;
  }

  /** A photo's bytes. */
  async bytes(id: string): Promise<Buffer | null> {
    const [row] = await this.db.query<{ bytes: Uint8Array | null }>('SELECT bytes FROM photos WHERE id = $1', [id]);
    if (!row) return null;
    if (row.bytes) return Buffer.from(row.bytes);
    if (!this.dir) return null;
    return readFile(join(this.dir, id)).catch(() => null);
  }

  /**
   * Which of `ids` may be attached to a new message registered with `apiKeyHash`: uploaded with
   * that key and not attached to a message yet (or attached to `replayOf`, a registration being
   * answered again). Answers the photos in the order given, or `null` when one is not.
   *
   * The photos found count as uploaded `at` from now on, in the same statement: the cleanup of
   * photos never attached ({@link removeUnattached}) then leaves them for another full period, so
   * a photo named by a registration cannot be removed between this check and {@link attach}. Were
   * the cleanup removing it at this very moment, this statement waits for it and finds it gone.
   */
  async attachable(ids: readonly string[], apiKeyHash: string, at: Date): Promise<PhotoRecord[] | null> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string; message_id: string | null; content_type: string; size: number }>(
      `UPDATE photos SET uploaded_at = greatest(uploaded_at, $3::timestamptz)
       WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND api_key_hash = $2
       RETURNING id, message_id, content_type, size`,
      [JSON.stringify(ids), apiKeyHash, at.toISOString()],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const found: PhotoRecord[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      const format = row ? FORMAT_OF[row.content_type] : undefined;
      if (!row || !format) return null;
      found.push({ id, messageId: row.message_id, format, size: row.size });
    }
    return found;
  }

  /** Attaches photos to a registered message, in order; a photo attached already (to it, by a retry) stays. */
  async attach(messageId: string, ids: readonly string[], apiKeyHash: string): Promise<void> {
    await this.db.query(
      `UPDATE photos p SET message_id = $1, position = x.ord FROM (SELECT value AS id, ordinality::smallint AS ord FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY) x
       WHERE p.id = x.id AND p.api_key_hash = $3 AND (p.message_id IS NULL OR p.message_id = $1)`,
      [messageId, JSON.stringify(ids), apiKeyHash],
    );
  }

  /**
   * Removes up to `limit` photos uploaded before `before` and never attached to a message, and
   * answers how many. Rows are claimed `FOR UPDATE SKIP LOCKED`, so processes sharing a database
   * never remove one twice; a kept file goes before its row, in the row's transaction, so a crash
   * leaves the row for the next run and never a file without a row.
   */
  async removeUnattached(db: Database, before: Date, limit = 500): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        'SELECT id FROM photos WHERE message_id IS NULL AND uploaded_at < $1::timestamptz ORDER BY uploaded_at LIMIT $2 FOR UPDATE SKIP LOCKED',
        [before.toISOString(), limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      if (this.dir) for (const id of ids) await rm(join(this.dir, id), { force: true });
      await tx.query('DELETE FROM photos WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(ids)]);
      return ids.length;
    });
  }

  /** The photos of a message, in order. */
  async ofMessage(messageId: string): Promise<PhotoRecord[]> {
    const rows = await this.db.query<{ id: string; content_type: string; size: number }>('SELECT id, content_type, size FROM photos WHERE message_id = $1 ORDER BY position, id', [messageId]);
    return rows.flatMap((r) => {
      const format = FORMAT_OF[r.content_type];
      return format ? [{ id: r.id, messageId, format, size: r.size }] : [];
    });
  }
}
