/**
 * Type tests of the widgets' text keys, checked by `pnpm typecheck` (this file is never run): a
 * misspelt key is a compile error, and the Persian resource has exactly the English keys.
 */
import type { I18nController } from '../src/base/i18n.js';
import type { KeysOf, TextKey } from '../src/base/text-keys.js';
import type en from '../src/locales/en.json';
import type fa from '../src/locales/fa.json';
import type extrasEn from '../src/locales/report-extras.en.json';
import type extrasFa from '../src/locales/report-extras.fa.json';
import type coreEn from '@payam/core/locales/en.json';
import type coreFa from '@payam/core/locales/fa.json';

declare const i18n: I18nController;

// Keys of the widgets' texts, plural forms read through their base key, and core's texts under `payam:`.
export const known: TextKey[] = ['report.title', 'common.fixErrors', 'feedback.ratingValue_5', 'payam:status.answered.label', 'payam:linked_count'];
i18n.t('tracker.codeHint');

// @ts-expect-error a misspelt key of the widgets' texts
i18n.t('report.titel');
// @ts-expect-error a section that does not exist
i18n.t('reports.title');
// @ts-expect-error a misspelt key of core's texts
i18n.t('payam:status.answerd.label');
// @ts-expect-error core's texts are read only through their namespace
i18n.t('status.answered.label');
// @ts-expect-error a plural form is read through its base key with a count
i18n.t('common.fixErrors_one');
// @ts-expect-error a section is not a text
i18n.t('report');

/** Whether two unions hold the same members. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Persian has every English key and no other, in the widgets' texts and in core's.
export const sameWidgetKeys: Same<KeysOf<typeof fa>, KeysOf<typeof en>> = true;
export const sameExtraKeys: Same<KeysOf<typeof extrasFa>, KeysOf<typeof extrasEn>> = true;
export const sameCoreKeys: Same<KeysOf<typeof coreFa>, KeysOf<typeof coreEn>> = true;
