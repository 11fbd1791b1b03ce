/**
 * What the report form needs once the citizen sends, loaded on the first send: the checks of the
 * message against core's schema and the chosen service's rules, the input each problem belongs
 * to, and the summary that lists the problems.
 */
import { asZodIssues, checkMessageAgainstService, type RegisteredFacts } from '@payam/core/registration';
import { messageInputSchema, type MessageInputInput } from '@payam/core/schemas/message';
import { registrationInputField } from '@payam/core/schemas/registration-wire';
import { safeParseInput } from '@payam/core/input-issues';
import type { Language } from '@payam/core/schemas/common';
import type { ServiceConfig, SystemConfig } from '@payam/core/schemas/service';
import type { ShownProblem } from '../../base/errors.js';
import { issueProblems } from '../../base/issue-problems.js';
import type { ChosenService } from './draft.js';

export { focusFirstProblem, renderErrorSummary } from '../../base/error-summary.js';
export { issueProblems };

/** The service as core's registration rules read it, built from the API's service and form. */
export function toServiceConfig(system: string, chosen: ChosenService): ServiceConfig {
  const { service, definition } = chosen;
  const ext = service.extended_attributes;
  return {
    system,
    code: service.service_code,
    name: { fa: service.service_name },
    keywords: [],
    type: service.type,
    attributes: definition.attributes.map((a) => ({
      code: a.code,
      datatype: a.datatype,
      variable: a.variable,
      required: a.required,
      description: { fa: a.description },
      order: a.order,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: { fa: v.name } })) } : {}),
    })),
    requires: { region: ext?.requires_region ?? false, address: ext?.requires_address ?? false },
    visibility: 'public',
    suggestionsAllowed: ext?.suggestions_allowed ?? false,
  };
}

/**
 * Checks the message before it is sent, with core's schema and core's rules for the chosen
 * service, and returns the problems in the citizen's language (empty when it can be sent).
 */
export function checkDraft(input: MessageInputInput, chosen: ChosenService | undefined, lang: Language): ShownProblem[] {
  const parsed = safeParseInput(messageInputSchema, input);
  const problems = parsed.success ? [] : issueProblems(parsed.error.issues, lang);
  if (!chosen) return problems;
  // The service's rules read only the region, address, location and attributes, so they can be
  // checked even when another field is wrong: the citizen sees every problem at once.
  // The input is parsed once: when it is invalid, the rules read what the citizen gave.
  const forRules: RegisteredFacts = parsed.success ? parsed.data : pick(input);
  const system: SystemConfig = { id: input.system, name: { fa: input.system }, serviceRequired: false, intakeUnitId: 'intake', confidential: false };
  const rules = issueProblems(asZodIssues(checkMessageAgainstService(forRules, system, toServiceConfig(input.system, chosen))), lang);
  return [...problems, ...rules.filter((rule) => !problems.some((p) => p.field === rule.field))];
}

/** The parts of the input the service's rules read. */
function pick(input: MessageInputInput): RegisteredFacts {
  return {
    attributes: input.attributes ?? {},
    ...(input.region ? { region: input.region } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.location ? { location: input.location } : {}),
  };
}

/** The id of the input that shows a problem at `field`, an input path or a wire name (`contact.phone`, `phone` → `phone`). */
export function inputIdOf(field: string): string {
  const path = registrationInputField(field);
  if (path.startsWith('attributes.')) return `attr-${path.slice('attributes.'.length)}`;
  if (path === 'contact.phone') return 'phone';
  if (path === 'serviceCode') return 'service';
  if (path === 'mediaIds') return 'photos';
  if (path.startsWith('location')) return 'use-location';
  if (path.startsWith('consents')) return 'consent';
  return path || 'description';
}

/** Problems as the form keeps them: each at the id of the input that shows it (`''` for none). */
export function atInputs(problems: readonly ShownProblem[]): ShownProblem[] {
  return problems.map((p) => ({ ...p, field: p.field && inputIdOf(p.field) }));
}
