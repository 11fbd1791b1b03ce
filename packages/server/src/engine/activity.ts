/**
 * When the server last began answering a request: background work (the duplicate search after
 * registrations) yields to citizens' and staff's requests while they keep arriving.
 */
export class RequestActivity {
  /** When the last request began (ms, `performance.now()`). */
  last = -Infinity;

  /** Notes a request beginning. */
  note(): void {
    this.last = performance.now();
  }
}
