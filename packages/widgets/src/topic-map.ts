/**
 * `<payam-topic-map>`: importing this module registers the element.
 * @packageDocumentation
 */
import './components/topic-map/define.js';

export { PayamTopicMap, type TopicMapClient } from './components/topic-map/topic-map.js';
export { PayamRegionSelectedEvent, type RegionSelectedDetail } from './components/topic-map/region-selected.js';
export type { RegionCollection, RegionFeature } from './components/topic-map/map-geometry.js';
export { defineElement } from './base/define.js';
export { useI18next, type HostI18next } from './base/i18n.js';
