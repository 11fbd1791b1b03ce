/**
 * How alike two messages are, as a score between 0 and 1 with the reasons a person can read
 * ("same service, 40 m, 2 days apart, text 0.82"). Pure functions: the server scores the
 * candidates its database finds, a benchmark scores a labelled set, both with this code.
 */
import { translate } from '../i18n.js';
import type { Language } from '../schemas/common.js';
import type { DuplicatePolicy } from '../schemas/policy.js';
import { cellOf, cellsAround, distanceMetres, type Point } from './geo.js';
import { characterGrams, splitMatchingWords, type MatchingWords } from './words.js';

/** What matching needs to know of a message. */
export interface MatchableMessage {
  /** Its id. */
  id: string;
  /** Its system (messages of two systems are never alike). */
  system: string;
  /** Its service, when known. */
  serviceCode: string | null;
  /** The group of its service (a key, for example the group's English name), when known. */
  serviceGroup: string | null;
  /** What the citizen wrote. */
  description: string;
  /** The address in words, when given. */
  address: string | null;
  /** Where, when the citizen gave a location. */
  location: Point | null;
  /** The region (district) when known. */
  region: string | null;
  /** When it was registered (an ISO 8601 instant). */
  registeredAt: string;
}

/** A message with its words and n-grams worked out once, to be compared with many others. */
export interface PreparedMessage extends MatchableMessage {
  /** Its matching words (description and address) that say what it is about. */
  readonly words: ReadonlySet<string>;
  /** The character trigrams of those words. */
  readonly grams: ReadonlySet<string>;
  /** The words that say where (a kind of place and its name). */
  readonly placeWords: ReadonlySet<string>;
  /** Its registration time in milliseconds. */
  readonly time: number;
}

/** Works out a message's words and n-grams for {@link similarity}. */
export function prepareForMatching(message: MatchableMessage): PreparedMessage {
  return prepareFromWords(message, splitMatchingWords(message.address ? `${message.description} ${message.address}` : message.description));
}

/**
 * {@link prepareForMatching} with the words of its description and address split already (by
 * {@link splitMatchingWords}, kept with the message): what normalising the text would give,
 * without normalising it again.
 */
export function prepareFromWords(message: MatchableMessage, { words, placeWords }: MatchingWords): PreparedMessage {
  return {
    ...message,
    words: new Set(words),
    grams: characterGrams(words),
    placeWords: new Set(placeWords),
    time: Date.parse(message.registeredAt),
  };
}

/** One reason two messages look alike (or not). */
export type SimilarityReason =
  | { code: 'service'; value: 'same' | 'group' | 'related' | 'other' }
  | { code: 'distance'; value: number }
  | { code: 'region'; value: string }
  | { code: 'place'; value: number }
  | { code: 'time'; value: number }
  | { code: 'text'; value: number };

/** The codes of {@link SimilarityReason}. */
export type SimilarityReasonCode = SimilarityReason['code'];

/** How alike two messages are. */
export interface Similarity {
  /** 0 (nothing alike) to 1 (the same words, place, time and service). */
  score: number;
  /** Why, in the order a person reads them: service, place, time, text. */
  reasons: SimilarityReason[];
}

const DAY = 86_400_000;
/** Within this distance two points are the same place (a citizen's pin is rarely more precise). */
const SAME_PLACE_METRES = 40;

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** How alike two texts are (0–1): character trigrams and whole words, half each, place names left out. */
export function textSimilarity(a: Pick<PreparedMessage, 'words' | 'grams'>, b: Pick<PreparedMessage, 'words' | 'grams'>): number {
  return 0.5 * dice(a.grams, b.grams) + 0.5 * dice(a.words, b.words);
}

function serviceRelation(a: MatchableMessage, b: MatchableMessage, policy: DuplicatePolicy): 'same' | 'group' | 'related' | 'other' | null {
  if (!a.serviceCode || !b.serviceCode) return null;
  if (a.serviceCode === b.serviceCode) return 'same';
  if (a.serviceGroup && a.serviceGroup === b.serviceGroup) return 'group';
  const related = policy.relatedServices.some(
    ([x, y]) => (x === a.serviceCode && y === b.serviceCode) || (x === b.serviceCode && y === a.serviceCode),
  );
  return related ? 'related' : 'other';
}

/**
 * Whether `candidate` is among the messages a search for `message`'s duplicates scores — what the
 * server's database query finds through its indexes, written once as a rule: the same system,
 * within the policy's time window, the same service group (or a related service, or either
 * without a service), and the same place: both located within a grid cell of each other, or in
 * the same region when either has no location.
 */
export function isCandidate(message: PreparedMessage, candidate: PreparedMessage, policy: DuplicatePolicy): boolean {
  if (message.system !== candidate.system || message.id === candidate.id) return false;
  if (Math.abs(message.time - candidate.time) > policy.windowDays * DAY) return false;
  const relation = serviceRelation(message, candidate, policy);
  if (relation === 'other') return false;
  if (message.location && candidate.location) return cellsAround(message.location).includes(cellOf(candidate.location));
  return message.region !== null && message.region === candidate.region;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * How alike two prepared messages are under a system's policy, or `null` when they can never be
 * duplicates (two systems, or the same message). The score weighs text (0.45), place (0.3),
 * service (0.15) and time (0.1); two places known to be apart (beyond twice the radius, or two
 * regions) halve it, two unrelated services take 30 % off.
 */
export function similarity(a: PreparedMessage, b: PreparedMessage, policy: DuplicatePolicy): Similarity | null {
  if (a.system !== b.system || a.id === b.id) return null;
  const reasons: SimilarityReason[] = [];
  let apart = false;

  const relation = serviceRelation(a, b, policy);
  const service = relation === null ? 0.3 : relation === 'same' ? 1 : relation === 'other' ? 0 : 0.6;
  if (relation) reasons.push({ code: 'service', value: relation });

  let place = 0.25;
  if (a.location && b.location) {
    const metres = distanceMetres(a.location, b.location);
    const span = Math.max(1, policy.radiusMetres - SAME_PLACE_METRES);
    place = metres <= SAME_PLACE_METRES ? 1 : Math.max(0, 1 - (metres - SAME_PLACE_METRES) / span);
    apart = metres > 2 * policy.radiusMetres;
    reasons.push({ code: 'distance', value: Math.round(metres) });
  } else {
    // Without a location on both sides: the region, and the place as the citizens named it.
    const named = a.placeWords.size > 0 && b.placeWords.size > 0 ? dice(a.placeWords, b.placeWords) : null;
    if (a.region && b.region) {
      apart = a.region !== b.region;
      place = apart ? 0 : named === null ? 0.5 : 0.4 + 0.6 * named;
      if (!apart) reasons.push({ code: 'region', value: a.region });
    } else if (named !== null) place = 0.25 + 0.5 * named;
    if (named !== null && !apart) reasons.push({ code: 'place', value: round(named, 2) });
  }

  const days = Math.abs(a.time - b.time) / DAY;
  const time = Math.max(0, 1 - days / policy.windowDays);
  reasons.push({ code: 'time', value: round(days, 1) });

  const text = textSimilarity(a, b);
  reasons.push({ code: 'text', value: round(text, 2) });

  let score = 0.45 * text + 0.3 * place + 0.15 * service + 0.1 * time;
  if (apart) score *= 0.5;
  if (relation === 'other') score *= 0.7;
  return { score: round(Math.min(1, Math.max(0, score)), 3), reasons };
}

/** What a score means under a policy: link without staff, suggest to staff, or nothing. */
export function duplicateDecision(score: number, policy: Pick<DuplicatePolicy, 'linkAt' | 'suggestAt'>): 'link' | 'suggest' | null {
  if (score >= policy.linkAt) return 'link';
  return score >= policy.suggestAt ? 'suggest' : null;
}

/**
 * The reasons in a sentence, in Persian or English: "same service, 40 m, 2 days apart, text 0.82"
 * (fa: «همان خدمت، ۴۰ متر، ۲ روز فاصله، متن ۰٫۸۲»).
 */
export function describeSimilarity(reasons: readonly SimilarityReason[], lang: Language): string {
  const parts = reasons.map((reason) => {
    switch (reason.code) {
      case 'service':
        return translate(lang, `similarity.service_${reason.value}`);
      case 'distance':
        return translate(lang, 'similarity.distance', { metres: reason.value });
      case 'region':
        return translate(lang, 'similarity.region', { region: reason.value });
      case 'place':
        return translate(lang, 'similarity.place', { score: reason.value });
      case 'time':
        return reason.value < 1
          ? translate(lang, 'similarity.time_same_day')
          : translate(lang, 'similarity.time_days', { days: Math.round(reason.value) });
      case 'text':
        return translate(lang, 'similarity.text', { score: reason.value });
      default: {
        const unknown: never = reason;
        return String(unknown);
      }
    }
  });
  return parts.join(translate(lang, 'similarity.separator'));
}
