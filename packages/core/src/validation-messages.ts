import * as inputMessages from './input-messages.js';
import * as configurationMessages from './configuration-messages.js';

/**
 * The English text of every validation message Payam's schemas give. Each has a Persian
 * translation in `locales/fa.json` under {@link messageTextKey}, which `localizeIssues` uses.
 */
export const V = { ...inputMessages, ...configurationMessages } as const;

/** Keys of {@link V}. */
export type ValidationMessageKey = keyof typeof V;

/**
 * Where the text of message `key` lives in the locales: `validation.<key>` for what citizens and
 * API callers send, `configuration.<key>` for a city's setup (which no citizen-facing page needs).
 */
export function messageTextKey(key: ValidationMessageKey): string {
  return key in configurationMessages ? `configuration.${key}` : `validation.${key}`;
}
