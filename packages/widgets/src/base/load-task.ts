import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How a load ended: with its value, or with what it threw. A load overtaken by a newer one ends as `stale`. */
export type LoadOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown } | { stale: true };

/**
 * Loads something for a widget (services, a service's form, a message) so that only the latest
 * load counts: starting a load aborts the one before (its `AbortSignal` fires) and its outcome is
 * `stale`, never shown over a newer one. When the widget leaves the page the running load is
 * aborted, and `restart` is called when the widget comes back.
 */
export class LoadTask implements ReactiveController {
  private runs = 0;
  private abort: AbortController | undefined;
  private running = false;
  private interrupted = false;

  /** `restart` starts the load again when the widget comes back to the page after leaving it mid-load. */
  constructor(
    host: ReactiveControllerHost,
    private readonly restart: () => void,
  ) {
    host.addController(this);
  }

  /** Whether a load is under way. */
  get pending(): boolean {
    return this.running;
  }

  /** Starts `work`, aborting any load still running; resolves with its outcome, `stale` if a newer load started meanwhile. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<LoadOutcome<T>> {
    const run = ++this.runs;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.running = true;
    this.interrupted = false;
    try {
      const value = await work(abort.signal);
      return run === this.runs ? { ok: true, value } : { stale: true };
    } catch (error) {
      return run === this.runs && !abort.signal.aborted ? { ok: false, error } : { stale: true };
    } finally {
      if (run === this.runs) this.running = false;
    }
  }

  /** Forgets any load under way: its outcome will be `stale`. */
  cancel(): void {
    this.runs++;
    this.abort?.abort();
    this.running = false;
  }

  hostConnected(): void {
    if (!this.interrupted) return;
    this.interrupted = false;
    this.restart();
  }

  hostDisconnected(): void {
    if (!this.running) return;
    this.cancel();
    this.interrupted = true;
  }
}
