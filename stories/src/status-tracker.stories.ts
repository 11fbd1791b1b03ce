import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@payam/widgets/status-tracker';
import { PUBLIC_STATUSES, type PublicStatus } from '@payam/core';
import {
  commonArgs,
  commonArgTypes,
  fakeClient,
  offlineClient,
  pendingClient,
  requestRoute,
  sampleRequest,
  themeOf,
  type CommonArgs,
  type PayamClient,
} from './fixtures.js';

interface Args extends CommonArgs {
  'request-id': string;
  status: PublicStatus;
  linked: number;
  client?: () => PayamClient;
}

const clientFor = (args: Args): PayamClient =>
  args.client?.() ??
  fakeClient([
    requestRoute(sampleRequest(args.status, { ext: { linked_count: args.linked } })),
    requestRoute(sampleRequest('in_progress', { service_request_id: '137-000007', ext: { linked_count: 3 } })),
  ]);

const meta: Meta<Args> = {
  title: 'Widgets/Status tracker',
  component: 'payam-status-tracker',
  args: { ...commonArgs, 'request-id': '137-000042', status: 'in_progress', linked: 0 },
  argTypes: {
    ...commonArgTypes,
    'request-id': { control: 'text', description: 'The tracking code to show (empty: ask for it)' },
    status: { control: 'select', options: [...PUBLIC_STATUSES], description: 'Public status of the sample message' },
    linked: { control: { type: 'number', min: 0 }, description: 'Messages joined to the sample message' },
    client: { table: { disable: true } },
  },
  render: (args) => html`<payam-status-tracker
    lang=${args.lang}
    system=${args.system}
    request-id=${args['request-id']}
    style=${themeOf(args)}
    .client=${clientFor(args)}
  ></payam-status-tracker>`,
};
export default meta;

type Story = StoryObj<Args>;

/** No code yet: the tracker asks for one. */
export const Empty: Story = { args: { 'request-id': '' } };
/** Asking for a code, in English. */
export const EmptyEnglish: Story = { args: { 'request-id': '', lang: 'en' } };
/** Loading the message. */
export const Loading: Story = { args: { client: pendingClient } };
/** The server cannot be reached. */
export const NetworkError: Story = { args: { client: offlineClient } };
/** The server cannot be reached, in English. */
export const NetworkErrorEnglish: Story = { args: { client: offlineClient, lang: 'en' } };
/** No message has this code. */
export const NotFound: Story = { args: { 'request-id': '137-999999' } };

export const Received: Story = { args: { status: 'received' } };
export const Sorting: Story = { args: { status: 'sorting' } };
export const Referred: Story = { args: { status: 'referred' } };
export const InProgress: Story = { args: { status: 'in_progress' } };
export const InProgressEnglish: Story = { args: { status: 'in_progress', lang: 'en' } };
export const Escalated: Story = { args: { status: 'escalated' } };
export const EscalatedEnglish: Story = { args: { status: 'escalated', lang: 'en' } };
export const Overdue: Story = { args: { status: 'overdue' } };
export const Duplicate: Story = { args: { status: 'duplicate' } };
export const DuplicateEnglish: Story = { args: { status: 'duplicate', lang: 'en' } };
export const FirstMessageWithLinked: Story = { args: { status: 'in_progress', linked: 4 } };
/** Answered: the feedback window is open. */
export const AnsweredWindowOpen: Story = { args: { status: 'answered' } };
export const AnsweredWindowOpenEnglish: Story = { args: { status: 'answered', lang: 'en' } };
export const NotActionable: Story = { args: { status: 'not_actionable' } };
export const Reopened: Story = { args: { status: 'reopened' } };
/** Closed: the feedback window has closed. */
export const ClosedWindowClosed: Story = { args: { status: 'closed' } };
export const ClosedWindowClosedEnglish: Story = { args: { status: 'closed', lang: 'en' } };
