import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Open311Service, Open311ServiceDefinition } from '@payam/core/schemas/api';
import { LoadTask } from '../../base/load-task.js';
import type { ShownProblem } from '../../base/errors.js';
import type { ChosenService } from './draft.js';

/** Where the services come from, and what the form does with a failure. */
export interface ServicesSource {
  /** The system whose services are offered. */
  system(): string;
  /** The code of the service the citizen has chosen (`''` for none). */
  chosenCode(): string;
  list(signal: AbortSignal): Promise<Open311Service[]>;
  definition(code: string, signal: AbortSignal): Promise<Open311ServiceDefinition>;
  /** A failure as problems the citizen can act on. */
  describe(error: unknown): ShownProblem[];
  /** The chosen service's form could not be loaded. */
  definitionFailed(error: unknown): void;
}

/**
 * The services of the form's system and the chosen service's form (its attributes), each loaded
 * so that only the latest load is shown. The host renders again at each change.
 */
export class ServicesController implements ReactiveController {
  /** The system's services, once loaded. */
  services: Open311Service[] | undefined;
  /** Why the services could not be loaded. */
  failure: ShownProblem[] | undefined;
  /** The chosen service with its form, once loaded. */
  chosen: ChosenService | undefined;
  private readonly listLoad: LoadTask;
  private readonly definitionLoad: LoadTask;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: ServicesSource,
  ) {
    host.addController(this);
    this.listLoad = new LoadTask(host, () => void this.load());
    this.definitionLoad = new LoadTask(host, () => void this.choose(source.chosenCode()));
  }

  /** Loads the system's services, then the chosen service's form. */
  async load(): Promise<void> {
    this.set({ failure: undefined });
    const system = this.source.system();
    const loaded = await this.listLoad.run((signal) => this.source.list(signal));
    if ('stale' in loaded) return;
    if (!loaded.ok) return this.set({ services: undefined, failure: this.source.describe(loaded.error) });
    this.set({ services: loaded.value.filter((s) => (s.extended_attributes?.jurisdiction_id ?? system) === system) });
    const code = this.source.chosenCode();
    if (code) await this.choose(code);
  }

  /** Loads the form of the service `code` (none for `''`). */
  async choose(code: string): Promise<void> {
    const service = code ? this.services?.find((s) => s.service_code === code) : undefined;
    if (this.chosen?.service.service_code !== code) this.set({ chosen: undefined });
    if (!service) return this.definitionLoad.cancel();
    const loaded = await this.definitionLoad.run(async (signal) =>
      service.metadata ? await this.source.definition(code, signal) : { service_code: code, attributes: [] },
    );
    if ('stale' in loaded) return;
    if (loaded.ok) this.set({ chosen: { service, definition: loaded.value } });
    else this.source.definitionFailed(loaded.error);
  }

  hostConnected(): void {}

  private set(change: Partial<Pick<ServicesController, 'services' | 'failure' | 'chosen'>>): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }
}
