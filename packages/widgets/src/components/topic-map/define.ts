import { defineElement } from '../../base/define.js';
import { PayamTopicMap } from './topic-map.js';

defineElement('payam-topic-map', PayamTopicMap);

declare global {
  interface HTMLElementTagNameMap {
    'payam-topic-map': PayamTopicMap;
  }
}
