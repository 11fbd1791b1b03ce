import { createActor, type AnyActorScope } from 'xstate';
import { lifecycleDefinition, type LifecycleMachine } from './machine.js';
import { explainRefusal, type Refusal } from './refusals.js';
import { feedbackPolicySchema } from '../schemas/policy.js';
import { configuration as configurationTexts } from '../locales/en.json';
import { LIFECYCLE_EFFECT_TYPES } from './types.js';
import { isLifecycleSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LifecycleSnapshot } from './snapshot.js';
import type {
  LifecycleContext,
  LifecycleEffect,
  LifecycleEnvironment,
  LifecycleEvent,
  LifecycleInput,
  LifecycleState,
} from './types.js';

/** The result of applying an event: the next snapshot and the effects, or a refusal. */
export type ApplyResult =
  | { ok: true; snapshot: LifecycleSnapshot; effects: LifecycleEffect[]; changed: boolean }
  | { ok: false; refusal: Refusal };

/** The pure lifecycle API of one environment. */
export interface Lifecycle {
  /** The XState machine (for actors, inspection and path tests). */
  readonly machine: LifecycleMachine;
  /** Registers a message: its first snapshot and effects. */
  start(input: LifecycleInput): { snapshot: LifecycleSnapshot; effects: LifecycleEffect[] };
  /** Applies `event` to `snapshot`. Pure: same inputs, same result. */
  apply(snapshot: LifecycleSnapshot, event: LifecycleEvent): ApplyResult;
  /** Whether `event` would be accepted, without applying it. */
  can(snapshot: LifecycleSnapshot, event: LifecycleEvent): boolean;
}

const EFFECT_TYPES: ReadonlySet<string> = new Set(LIFECYCLE_EFFECT_TYPES);

function toEffects(actions: readonly { type: string; params?: unknown }[]): LifecycleEffect[] {
  return actions
    .filter((action) => EFFECT_TYPES.has(action.type))
    .map((action) => ({ type: action.type, ...(action.params as object) }) as LifecycleEffect);
}

function canonicalTime(at: string): string {
  const time = Date.parse(at);
  if (Number.isNaN(time)) throw new RangeError(`Not a valid instant: ${at}`);
  return new Date(time).toISOString();
}

/**
 * One inert actor scope for every pure transition of a lifecycle, collecting the actions instead
 * of running them. XState's `initialTransition`/`transition` build a throwaway actor per call,
 * and that actor computes a whole initial snapshot of its own (without input, so it fails inside
 * and is thrown away): on a server that was most of the cost of a transition. Transitions run
 * synchronously, so one scope serves them all.
 */
function inertScope(machine: LifecycleMachine, env: LifecycleEnvironment) {
  const self = createActor(machine, {
    input: { messageId: 'payam:inert', system: '', intakeUnitId: env.orgUnits[0]?.id ?? '', at: new Date(0).toISOString() },
  });
  let actions: { type: string; params?: unknown }[] = [];
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action);
    },
  };
  const takeActions = () => {
    const taken = actions;
    actions = [];
    return taken;
  };
  return { scope, takeActions };
}

/**
 * Creates the pure lifecycle API for an environment: `start(input)` and
 * `apply(snapshot, event) → { snapshot, effects }` with no side effects, so a backend can run it
 * inside a database transaction and a browser can run it in an actor.
 */
export function createLifecycle(env: LifecycleEnvironment): Lifecycle {
  // The feedback window is never shorter than one calendar month (seed §2.2), even when a host
  // builds the environment without parsing its policies.
  for (const [system, policy] of [['default', env.feedback], ...Object.entries(env.feedbackBySystem ?? {})] as const) {
    const parsed = feedbackPolicySchema.safeParse(policy);
    if (!parsed.success) {
      // A city's setup gives the key of its message's text (`configuration.<key>`): said in English here.
      const english = (message: string) => configurationTexts[message.replace(/^configuration\./, '') as keyof typeof configurationTexts] ?? message;
      throw new RangeError(`Feedback policy (${system}): ${parsed.error.issues.map((i) => english(i.message)).join(' ')}`);
    }
  }
  const { machine, firstTransition } = lifecycleDefinition(env);
  const { scope, takeActions } = inertScope(machine, env);

  const restore = (snapshot: LifecycleSnapshot) => {
    if (!isLifecycleSnapshot(snapshot)) {
      throw new TypeError(`Not a ${SNAPSHOT_FORMAT} v${SNAPSHOT_VERSION} snapshot (read stored ones with readSnapshot).`);
    }
    return machine.resolveState({ value: snapshot.state, context: snapshot.context });
  };
  const save = (state: { value: unknown; context: LifecycleContext }): LifecycleSnapshot => ({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    state: state.value as LifecycleState,
    context: JSON.parse(JSON.stringify(state.context)) as LifecycleContext,
  });

  return {
    machine,
    start(input) {
      // The machine's initial transition without the interpreter (the same entry action, proven
      // equal to XState's `initialTransition` by a property test).
      // Its context is made of fresh plain data (nothing shared with the input or the effects),
      // so it needs no JSON copy; the same property test holds it equal to that copy.
      const first = firstTransition({ ...input, at: canonicalTime(input.at) });
      const snapshot: LifecycleSnapshot = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, state: first.state, context: first.context };
      return { snapshot, effects: toEffects(first.actions) };
    },
    can(snapshot, event) {
      return restore(snapshot).can({ ...event, at: canonicalTime(event.at) });
    },
    apply(snapshot, event) {
      const timed = { ...event, at: canonicalTime(event.at) } as LifecycleEvent;
      const current = restore(snapshot);
      if (!current.can(timed)) {
        // A stale (or premature) deadline is not an error: the message moved on before its timer fired.
        if (timed.type === 'DEADLINE_ELAPSED') return { ok: true, snapshot, effects: [], changed: false };
        return { ok: false, refusal: explainRefusal(snapshot.state, snapshot.context, timed, env.orgUnits) };
      }
      takeActions();
      const next = machine.transition(current, timed, scope);
      return { ok: true, snapshot: save(next), effects: toEffects(takeActions()), changed: true };
    },
  };
}
