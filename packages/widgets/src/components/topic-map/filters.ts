import { html, type TemplateResult } from 'lit';
import type { FrequencyStats } from '@payam/core';
import type { TopicChoice, TopicService } from './frequency-view.js';
import type { MapWording } from './map-wording.js';
import type { PeriodBucket } from './period-label.js';

/** The units of the periods, in the order the filter offers them. */
export const BUCKETS: readonly PeriodBucket[] = ['day', 'week', 'month', 'year'];

/** The topic a `topic` attribute names: empty for all, `service:pothole`, `group:Roads`. */
export function topicOf(value: string): TopicChoice {
  if (value.startsWith('group:')) return { kind: 'group', group: value.slice(6) };
  if (value.startsWith('service:')) return { kind: 'service', code: value.slice(8) };
  return { kind: 'all' };
}

/** What the filters offer: the answer's periods, the services of the system and the systems. */
export interface FilterChoices {
  stats: FrequencyStats;
  services: readonly TopicService[];
  systems: readonly string[];
}

/** What is chosen now, and how a choice changes it. */
export interface ChosenFilters {
  system: string;
  topic: string;
  period: string;
  choose(filter: 'system' | 'topic' | 'bucket' | 'period', value: string): void;
}

const chosen = (event: Event) => (event.target as HTMLSelectElement).value;

/** The filters: system, topic (every one, a group or a service), period unit and period. */
export function renderFilters(wording: MapWording, choices: FilterChoices, filters: ChosenFilters): TemplateResult {
  const { t, language } = wording;
  const groups = [...new Set(choices.services.map((s) => s.group).filter(Boolean))].sort((a, b) => a.localeCompare(b, language));
  const periods = choices.stats.periods;
  return html`<fieldset class="filters" part="filters">
    <legend class="visually-hidden">${t('map.filters')}</legend>
    <div class="field">
      <label for="system">${t('map.system')}</label>
      <select id="system" @change=${(e: Event) => filters.choose('system', chosen(e))}>
        <option value="" ?selected=${!filters.system}>${t('map.systemAll')}</option>
        ${choices.systems.map((s) => html`<option value=${s} ?selected=${s === filters.system}>${t('map.systemName', { code: wording.number(Number(s)) })}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="topic">${t('map.topic')}</label>
      <select id="topic" @change=${(e: Event) => filters.choose('topic', chosen(e))}>
        <option value="" ?selected=${!filters.topic}>${t('map.topicAll')}</option>
        <optgroup label=${t('map.groups')}>
          ${groups.map((g) => html`<option value=${`group:${g}`} ?selected=${filters.topic === `group:${g}`}>${t('map.groupOption', { group: g })}</option>`)}
        </optgroup>
        <optgroup label=${t('map.services')}>
          ${choices.services.map((s) => html`<option value=${`service:${s.code}`} ?selected=${filters.topic === `service:${s.code}`}>${s.name}</option>`)}
        </optgroup>
      </select>
    </div>
    <div class="field">
      <label for="bucket">${t('map.bucket')}</label>
      <select id="bucket" @change=${(e: Event) => filters.choose('bucket', chosen(e))}>
        ${BUCKETS.map((b) => html`<option value=${b} ?selected=${b === choices.stats.bucket}>${t(`map.buckets.${b}`)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="period">${t('map.period')}</label>
      <select id="period" @change=${(e: Event) => filters.choose('period', chosen(e))}>
        <option value="" ?selected=${!filters.period}>
          ${periods.length > 0 ? t('map.periodAll', { first: wording.period(periods[0]!), last: wording.period(periods.at(-1)!) }) : t('map.none')}
        </option>
        ${periods.map((p) => html`<option value=${p.period} ?selected=${p.period === filters.period}>${wording.period(p)}</option>`)}
      </select>
    </div>
  </fieldset>`;
}
