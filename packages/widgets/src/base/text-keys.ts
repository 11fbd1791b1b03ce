import type widgetsEn from '../locales/en.json';
import type coreEn from '@payam/core/locales/en.json';
import type topicMapEn from '../locales/topic-map.en.json';
import type reportExtrasEn from '../locales/report-extras.en.json';
import type reportMapEn from '../locales/report-map.en.json';

/** The plural suffixes of i18next JSON v4: `fixErrors_one` and `fixErrors_other` are read as `fixErrors` with a `count`. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** A key without its plural suffix. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;

/** The dotted paths of every text in a resource tree (`report.title`), plural forms folded into one key. */
export type KeysOf<Tree, Prefix extends string = ''> = {
  [K in keyof Tree & string]: Tree[K] extends string ? `${Prefix}${WithoutPlural<K>}` : KeysOf<Tree[K], `${Prefix}${K}.`>;
}[keyof Tree & string];

/** A key of the widgets' own texts, as the English resource has it (`report.title`). */
export type WidgetTextKey = KeysOf<typeof widgetsEn> | KeysOf<typeof topicMapEn> | KeysOf<typeof reportExtrasEn> | KeysOf<typeof reportMapEn>;

/** A key of core's texts, read through the `payam` namespace (`payam:status.answered.label`). */
export type CoreTextKey = `payam:${KeysOf<typeof coreEn>}`;

/**
 * Every key a widget may translate. Keys are checked by the compiler against the English
 * resources, so a misspelt key fails `pnpm typecheck` instead of showing the raw key.
 */
export type TextKey = WidgetTextKey | CoreTextKey;
