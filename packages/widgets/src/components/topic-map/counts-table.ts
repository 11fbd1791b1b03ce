import { html, type TemplateResult } from 'lit';
import { readTally, toCsv, type Tally } from './frequency-view.js';
import type { MapWording } from './map-wording.js';

/** A row of the table: a region with its names. */
export interface CountedRegion {
  id: string;
  name: { fa: string; en: string };
}

/** What the table and the CSV are of: the chosen topic and period, named. */
export interface CountsCaption {
  topic: string;
  period: string;
}

const NO_MESSAGES: Tally = { known: 0, suppressed: 0 };

/** The table of counts by region (the accessible reading of the map), the selected region marked. */
export function renderCountsTable(wording: MapWording, rows: readonly CountedRegion[], tallies: ReadonlyMap<string, Tally>, caption: CountsCaption, selectedRegion: string | null): TemplateResult {
  const { t, language } = wording;
  return html`<table part="table">
    <caption>${t('map.tableCaption', { topic: caption.topic, period: caption.period })}</caption>
    <thead><tr><th scope="col">${t('map.region')}</th><th scope="col">${t('map.count')}</th></tr></thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr data-region=${r.id} ?data-selected=${r.id === selectedRegion}>
          <th scope="row">${r.name[language]}</th>
          <td class="count">${wording.reading(tallies.get(r.id) ?? NO_MESSAGES)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The "export CSV" link: the table's counts as a CSV file (an exact count as a number, a bound as read). */
export function renderCsvExport(wording: MapWording, rows: readonly CountedRegion[], tallies: ReadonlyMap<string, Tally>, caption: CountsCaption): TemplateResult {
  const { t, language } = wording;
  const csv = toCsv(
    [t('map.region'), t('map.regionName'), t('map.topic'), t('map.period'), t('map.count')],
    rows.map((r) => {
      const tally = tallies.get(r.id) ?? NO_MESSAGES;
      const read = readTally(tally, wording.minimumCount);
      return [r.id, r.name[language], caption.topic, caption.period, read.kind === 'exact' ? read.count : read.kind === 'none' ? 0 : wording.reading(tally)];
    }),
  );
  return html`<a class="export" part="export" download=${`${t('map.csvFile')}.csv`} href=${`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`}>${t('map.exportCsv')}</a>`;
}
