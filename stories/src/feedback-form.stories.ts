import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@payam/widgets/feedback-form';
import {
  citizenPostRoute,
  commonArgs,
  commonArgTypes,
  fakeClient,
  offlineClient,
  pendingClient,
  requestRoute,
  sampleRequest,
  shadowReady,
  themeOf,
  type CommonArgs,
  type PayamClient,
} from './fixtures.js';

type Stage = 'before-answer' | 'window-open' | 'window-closed' | 'feedback-given';

interface Args extends CommonArgs {
  'request-id': string;
  'citizen-token': string;
  stage: Stage;
  client?: () => PayamClient;
}

const closedWindow = { opens_at: '2026-03-26T08:00:00Z', closes_at: '2026-04-26T08:00:00Z', open: false };

function requestFor(stage: Stage) {
  switch (stage) {
    case 'before-answer':
      return sampleRequest('in_progress');
    case 'window-open':
      return sampleRequest('answered');
    case 'window-closed':
      return sampleRequest('answered', { ext: { accepts: 'nothing', feedback_window: closedWindow } });
    case 'feedback-given':
      return sampleRequest('closed', {
        notes: [
          { type: 'answered', datetime: '2026-03-26T08:00:00Z', summary: 'Answered', description: 'Fixed.', data: {} },
          { type: 'feedback', datetime: '2026-03-27T08:00:00Z', summary: 'Feedback', description: null, data: {} },
        ],
        ext: { accepts: 'nothing', feedback_window: { ...closedWindow, closes_at: '2099-01-01T00:00:00Z', open: true } },
      });
  }
}

const clientFor = (args: Args): PayamClient =>
  args.client?.() ?? fakeClient([requestRoute(requestFor(args.stage)), citizenPostRoute(sampleRequest('closed'))]);

const meta: Meta<Args> = {
  title: 'Widgets/Feedback form',
  component: 'payam-feedback-form',
  args: { ...commonArgs, 'request-id': '137-000042', 'citizen-token': 'story-token', stage: 'before-answer' },
  argTypes: {
    ...commonArgTypes,
    'request-id': { control: 'text' },
    'citizen-token': { control: 'text', description: 'The citizen token from the SMS link' },
    stage: { control: 'select', options: ['before-answer', 'window-open', 'window-closed', 'feedback-given'] },
    client: { table: { disable: true } },
  },
  render: (args) => html`<payam-feedback-form
    lang=${args.lang}
    system=${args.system}
    request-id=${args['request-id']}
    citizen-token=${args['citizen-token']}
    style=${themeOf(args)}
    .client=${clientFor(args)}
  ></payam-feedback-form>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Without the citizen token: how to get it. */
export const NoToken: Story = { args: { 'citizen-token': '' } };
export const Loading: Story = { args: { client: pendingClient } };
export const NetworkError: Story = { args: { client: offlineClient } };
export const NetworkErrorEnglish: Story = { args: { client: offlineClient, lang: 'en' } };
/** Before the answer: a follow-up. */
export const FollowUp: Story = { args: { stage: 'before-answer' } };
export const FollowUpEnglish: Story = { args: { stage: 'before-answer', lang: 'en' } };
/** After the answer, inside the window: feedback with a 1–5 rating. */
export const WindowOpen: Story = { args: { stage: 'window-open' } };
export const WindowOpenEnglish: Story = { args: { stage: 'window-open', lang: 'en' } };

const sendEmpty: Story['play'] = async ({ canvasElement }) => {
  const el = await shadowReady(canvasElement, 'payam-feedback-form', 'button[type="submit"]');
  el.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
};
/** Feedback without a rating: the errors. */
export const ValidationErrors: Story = { args: { stage: 'window-open' }, play: sendEmpty };
export const ValidationErrorsEnglish: Story = { args: { stage: 'window-open', lang: 'en' }, play: sendEmpty };

const sendFeedback: Story['play'] = async ({ canvasElement }) => {
  const el = await shadowReady(canvasElement, 'payam-feedback-form', 'input[name="rating"]');
  el.shadowRoot.querySelector<HTMLInputElement>('input[name="resolved"][value="yes"]')?.click();
  el.shadowRoot.querySelector<HTMLInputElement>('input[name="rating"][value="5"]')?.click();
  el.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
};
/** Feedback recorded. */
export const Submitted: Story = { args: { stage: 'window-open' }, play: sendFeedback };
export const SubmittedEnglish: Story = { args: { stage: 'window-open', lang: 'en' }, play: sendFeedback };
/** After the window: when it closed. */
export const WindowClosed: Story = { args: { stage: 'window-closed' } };
export const WindowClosedEnglish: Story = { args: { stage: 'window-closed', lang: 'en' } };
/** Feedback on this answer was given already. */
export const FeedbackGiven: Story = { args: { stage: 'feedback-given' } };
