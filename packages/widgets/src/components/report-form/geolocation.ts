import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A place on the map, rounded to six decimals (about 10 cm). */
export interface Place {
  lat: number;
  long: number;
}

/**
 * Reads the device's location for a form, with the citizen's permission: `state` is `busy` while
 * the browser asks and measures, `failed` when it could not (no geolocation, permission refused,
 * no fix in 15 s). The host renders again at each change.
 */
export class GeolocationController implements ReactiveController {
  /** Where the last reading stands. */
  state: 'idle' | 'busy' | 'failed' = 'idle';
  private reading = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Reads the location and hands it to `found` (as soon as the browser gives it), or calls
   * `failed` when it could not be read. A reading overtaken by a newer one or a reset calls neither.
   */
  locate(found: (place: Place) => void, failed: () => void): void {
    const reading = ++this.reading;
    if (!('geolocation' in navigator)) {
      this.set('failed');
      return;
    }
    this.set('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (reading !== this.reading) return;
        const round = (n: number) => Math.round(n * 1e6) / 1e6;
        this.set('idle');
        found({ lat: round(position.coords.latitude), long: round(position.coords.longitude) });
      },
      () => {
        if (reading !== this.reading) return;
        this.set('failed');
        failed();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  /** Forgets a reading under way and any failure. */
  reset(): void {
    this.reading++;
    this.set('idle');
  }

  hostConnected(): void {}

  private set(state: GeolocationController['state']): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
