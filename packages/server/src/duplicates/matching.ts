import { cellOf, keysOfWords, splitMatchingWords, type DuplicatePolicy, type MatchingWords, type Point } from '@payam/core';
import type { Catalog } from '../config/catalog.js';

/** The duplicate policy of a system: its own when set, the general one otherwise. */
export function duplicatePolicyOf(catalog: Catalog, system: string): DuplicatePolicy {
  return catalog.settings.duplicatesBySystem[system] ?? catalog.settings.duplicates;
}

/** The key of a service's group (its English name, else its Persian one), or `null`. */
export function serviceGroupOf(catalog: Catalog, serviceCode: string | null): string | null {
  const group = serviceCode ? catalog.services.get(serviceCode)?.group : undefined;
  return group ? (group.en || group.fa || null) : null;
}

/** The columns a message's duplicate candidates are found by (migration 020). */
export interface MatchingColumns {
  /** Its grid cell, when located. */
  match_cell: string | null;
  /** Its service group. */
  match_group: string | null;
  /** The words it is about. */
  match_keys: string[];
  /** Its matching words as {@link wordsColumn} writes them (migration 021). */
  match_words: string;
}

/** The words of a message's description and address as kept in `match_words`. */
export function wordsColumn(split: MatchingWords): string {
  return `${split.words.join(' ')}\n${split.placeWords.join(' ')}`;
}

/** The words {@link wordsColumn} kept. */
export function readWordsColumn(column: string): MatchingWords {
  const [words = '', placeWords = ''] = column.split('\n');
  return { words: words.split(' ').filter(Boolean), placeWords: placeWords.split(' ').filter(Boolean) };
}

/** The matching words of a message's description and address (core `splitMatchingWords`). */
export function splitMessageWords(message: { description: string; address: string | null }): MatchingWords {
  return splitMatchingWords(message.address ? `${message.description} ${message.address}` : message.description);
}

/** A message's matching columns, worked out when it is registered or reclassified. */
export function matchingColumns(
  catalog: Catalog,
  message: { serviceCode: string | null; description: string; address: string | null; location: Point | null },
): MatchingColumns {
  const split = splitMessageWords(message);
  return {
    match_cell: message.location ? cellOf(message.location) : null,
    match_group: serviceGroupOf(catalog, message.serviceCode),
    match_keys: keysOfWords(split.words),
    match_words: wordsColumn(split),
  };
}
