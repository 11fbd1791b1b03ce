// zod itself rather than ../zod.js: a schema only the server reads (see zod.ts).
import * as z from 'zod/mini';
import { codeSchema, localizedTextSchema } from './common.js';
import * as V from '../configuration-messages.js';

/** An organisational unit: a district, a department, the inspection organisation. */
export const orgUnitSchema = z.object({
  id: codeSchema,
  name: localizedTextSchema,
  /** The unit above this one; `null` for a root. */
  parentId: z.nullable(codeSchema),
  /** Municipal region (district) this unit serves, when it serves one. */
  region: z.optional(z.string()),
});
/** An organisational unit. */
export type OrgUnit = z.infer<typeof orgUnitSchema>;

/** Org units as a tree (a forest: the municipality and the inspection organisation are roots). */
export const orgTreeSchema = z.array(orgUnitSchema).check(
  z.superRefine((units, ctx) => {
    const byId = new Map<string, OrgUnit>();
    for (const unit of units) {
      if (byId.has(unit.id)) ctx.addIssue({ code: 'custom', message: V.orgUnitsDuplicate, path: [unit.id] });
      byId.set(unit.id, unit);
    }
    for (const unit of units) {
      if (unit.parentId !== null && !byId.has(unit.parentId)) {
        ctx.addIssue({ code: 'custom', message: V.orgUnitsParent, path: [unit.id, 'parentId'] });
      }
    }
    for (const unit of units) {
      const seen = new Set<string>();
      let current: OrgUnit | undefined = unit;
      while (current && current.parentId !== null) {
        if (seen.has(current.id)) {
          ctx.addIssue({ code: 'custom', message: V.orgUnitsCycle, path: [unit.id] });
          return;
        }
        seen.add(current.id);
        current = byId.get(current.parentId);
      }
    }
  }),
);
