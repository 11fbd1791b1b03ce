import type { Database } from '../db/database.js';

/** One point spent on a counter of the `rate_limits` table. */
export interface CounterSpend {
  /** The counter's key (`<limit name>:<client or API key>`). */
  key: string;
  /** Its window in milliseconds: the counter starts again this long after its first point. */
  windowMs: number;
}

/** A counter as it stands after a spend. */
export interface CounterState {
  /** Points spent in the current window, this spend included. */
  spent: number;
  /** When the current window ends (epoch ms). */
  expiresAt: number;
}

interface Waiting extends CounterSpend {
  done: (state: CounterState) => void;
  fail: (error: unknown) => void;
}

/**
 * The spends of one statement, one row per key: a key spent twice in one statement would be an
 * `ON CONFLICT` row affected twice, so each key carries its number of points instead. A window
 * that has ended starts again with the points spent now (the fixed-window counting of
 * rate-limiter-flexible's PostgreSQL store, whose table layout this keeps).
 */
const SPEND_SQL = `INSERT INTO rate_limits AS r (key, points, expire)
SELECT x.key, x.points, $2::bigint + x.window_ms FROM jsonb_to_recordset($1::jsonb) AS x(key text, points integer, window_ms bigint)
ON CONFLICT (key) DO UPDATE SET
  points = CASE WHEN r.expire IS NOT NULL AND r.expire <= $2::bigint THEN EXCLUDED.points ELSE r.points + EXCLUDED.points END,
  expire = CASE WHEN r.expire IS NULL OR r.expire <= $2::bigint THEN EXCLUDED.expire ELSE r.expire END
RETURNING key, points, expire`;

/**
 * The abuse limits' counters in PostgreSQL, shared by every server process, spent in batches: the
 * spends that arrive while a statement is in flight go together in the next one (one statement
 * for any number of keys and points), so counting costs the database a statement per batch
 * instead of one per limit per request. Each spend still learns a count of its own (no two spends
 * of a key in one window get the same one), and a request is answered only after its point is
 * written, so processes sharing the database count exactly, as with one statement per spend.
 *
 * rate-limiter-flexible (used for the counters in memory) writes one statement per spend and has
 * no way to gather them; this keeps its table layout and its fixed windows.
 */
export class SharedCounters {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  /**
   * @param db the database holding `rate_limits` (migration 010)
   * @param concurrency statements in flight at once
   * @param now the clock (epoch ms)
   */
  constructor(
    private readonly db: Database,
    private readonly concurrency = 2,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one point of `key`; resolves to the counter as this point left it. */
  spend(spend: CounterSpend): Promise<CounterState> {
    return new Promise((done, fail) => {
      this.waiting.push({ key: spend.key, windowMs: spend.windowMs, done, fail });
      this.pump();
    });
  }

  /** Deletes the counters whose window ended more than `olderThanMs` ago; returns how many. */
  async sweep(olderThanMs = 3_600_000): Promise<number> {
    const rows = await this.db.query<{ key: string }>('DELETE FROM rate_limits WHERE expire < $1::bigint RETURNING key', [String(this.now() - olderThanMs)]);
    return rows.length;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, 500);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting[]): Promise<void> {
    const perKey = new Map<string, { points: number; windowMs: number; spends: Waiting[] }>();
    for (const spend of batch) {
      const entry = perKey.get(spend.key);
      if (entry) {
        entry.points += 1;
        entry.spends.push(spend);
      } else {
        perKey.set(spend.key, { points: 1, windowMs: spend.windowMs, spends: [spend] });
      }
    }
    const rows = [...perKey].map(([key, { points, windowMs }]) => ({ key, points, window_ms: windowMs }));
    let counted: { key: string; points: number | string; expire: number | string | null }[];
    try {
      counted = await this.db.query(SPEND_SQL, [JSON.stringify(rows), String(this.now())]);
    } catch (error) {
      for (const spend of batch) spend.fail(error);
      return;
    }
    for (const row of counted) {
      const entry = perKey.get(row.key);
      if (!entry) continue;
      const total = Number(row.points);
      const expiresAt = Number(row.expire);
      // The points of this batch are the last `entry.points` of the total, in arrival order.
      entry.spends.forEach((spend, i) => spend.done({ spent: total - entry.points + i + 1, expiresAt }));
      perKey.delete(row.key);
    }
    for (const entry of perKey.values()) for (const spend of entry.spends) spend.fail(new Error('The rate limit counter was not written.'));
  }
}
