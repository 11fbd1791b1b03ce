import type { EscalationPolicy, EscalationRule, Stage, StageLimit } from '../schemas/policy.js';
import type { OrgUnit } from '../schemas/org.js';

/** Where a message stands, for choosing the escalation rule that applies to it. */
export interface RuleSubject {
  /** The message's system. */
  system: string;
  /** Its service, when known. */
  serviceCode: string | null;
  /** Its responsible unit. */
  unitId: string;
}

function specificity(rule: EscalationRule, subject: RuleSubject): number {
  const { system, serviceCode, unitId } = rule.match;
  if (system !== undefined && system !== subject.system) return -1;
  if (serviceCode !== undefined && serviceCode !== subject.serviceCode) return -1;
  if (unitId !== undefined && unitId !== subject.unitId) return -1;
  return (unitId ? 4 : 0) + (serviceCode ? 2 : 0) + (system ? 1 : 0);
}

/**
 * The rule that decides `stage` for a message: the most specific matching rule that limits that
 * stage (unit beats service beats system), else the policy's default.
 */
export function ruleFor(policy: EscalationPolicy, subject: RuleSubject, stage: Stage): EscalationRule {
  let best: EscalationRule = policy.default;
  let bestScore = -1;
  for (const rule of policy.rules) {
    if (!rule.stages[stage]) continue;
    const score = specificity(rule, subject);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/** The limit of `stage` for a message. */
export function stageLimitFor(policy: EscalationPolicy, subject: RuleSubject, stage: Stage): StageLimit {
  const limit = ruleFor(policy, subject, stage).stages[stage] ?? policy.default.stages[stage];
  if (!limit) throw new Error(`The escalation policy has no limit for the ${stage} stage.`);
  return limit;
}

/**
 * The unit a message escalates to from `unitId` when `stage` runs out, or `null` at the top
 * (the unit has no parent, or the named target is the unit itself or unknown).
 */
export function escalationTargetFor(
  policy: EscalationPolicy,
  units: readonly OrgUnit[],
  subject: RuleSubject,
  stage: Stage,
): string | null {
  const target = stageLimitFor(policy, subject, stage).escalateTo;
  const current = units.find((u) => u.id === subject.unitId);
  if (target === 'parent') return current?.parentId ?? null;
  if (target.unitId === subject.unitId || !units.some((u) => u.id === target.unitId)) return null;
  return target.unitId;
}

/** The ancestors of a unit, nearest first. */
export function ancestorsOf(units: readonly OrgUnit[], unitId: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: string[] = [];
  let current = byId.get(unitId);
  while (current?.parentId && !path.includes(current.parentId)) {
    path.push(current.parentId);
    current = byId.get(current.parentId);
  }
  return path;
}
