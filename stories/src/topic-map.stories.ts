import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@payam/widgets/topic-map';
import { commonArgs, commonArgTypes, offlineClient, pendingClient, themeOf, type CommonArgs, type PayamClient } from './fixtures.js';
import { mapClient, months, threeRegions } from '../../packages/widgets/test/topic-map-fixtures.js';

interface Args extends CommonArgs {
  topic: string;
  period: string;
  client?: () => PayamClient;
}

const meta: Meta<Args> = {
  title: 'Widgets/Topic map',
  component: 'payam-topic-map',
  args: { ...commonArgs, topic: '', period: '' },
  argTypes: {
    ...commonArgTypes,
    topic: {
      control: 'select',
      options: ['', 'service:pothole', 'service:flooding', 'service:trees', 'group:معابر'],
      description: 'The topic the map is coloured by (empty: every topic)',
    },
    period: { control: 'select', options: ['', ...months.map((m) => m.iso)], description: 'One period (empty: the whole range)' },
    client: { table: { disable: true } },
  },
  render: (args) => html`<payam-topic-map
    lang=${args.lang}
    system=${args.system}
    topic=${args.topic}
    period=${args.period}
    style=${themeOf(args)}
    .regions=${threeRegions}
    .client=${args.client?.() ?? mapClient()}
  ></payam-topic-map>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Every topic over three Jalali months, on three schematic areas. */
export const AllTopics: Story = {};
/** One topic in one month: a suppressed count reads "fewer than 5", hatched on the map. */
export const SuppressedCell: Story = { args: { topic: 'service:pothole', period: months[1]!.iso } };
/** In English, with Gregorian dates beside the Jalali months. */
export const English: Story = { args: { lang: 'en', topic: 'service:pothole' } };
/** Loading the statistics. */
export const Loading: Story = { args: { client: pendingClient } };
/** The server cannot be reached. */
export const Offline: Story = { args: { client: offlineClient } };
