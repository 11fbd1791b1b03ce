import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@payam/widgets/report-form';
import {
  commonArgs,
  commonArgTypes,
  createdRoute,
  fakeClient,
  offlineClient,
  pendingClient,
  serviceRoutes,
  shadowReady,
  themeOf,
  type CommonArgs,
  type PayamClient,
} from './fixtures.js';

interface Args extends CommonArgs {
  service: string;
  'track-url': string;
  'consent-version': string;
  client: () => PayamClient;
}

const meta: Meta<Args> = {
  title: 'Widgets/Report form',
  component: 'payam-report-form',
  args: { ...commonArgs, service: '', 'track-url': '#track', 'consent-version': 'v1', client: () => fakeClient([...serviceRoutes, createdRoute]) },
  argTypes: {
    ...commonArgTypes,
    service: { control: 'select', options: ['', 'street-light', 'city-idea'], description: 'Service chosen at the start' },
    'track-url': { control: 'text', description: 'The tracking page: the success view links to the message on it (core tracking link)' },
    'consent-version': { control: 'text', description: 'Version of the consent text' },
    client: { table: { disable: true } },
  },
  render: (args) => html`<payam-report-form
    lang=${args.lang}
    system=${args.system}
    service=${args.service}
    track-url=${args['track-url']}
    consent-version=${args['consent-version']}
    keep-draft="none"
    style=${themeOf(args)}
    .client=${args.client()}
  ></payam-report-form>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The empty form: choose a subject, write the message. */
export const Empty: Story = {};
/** The empty form in English. */
export const EmptyEnglish: Story = { args: { lang: 'en' } };

/** Loading the subjects. */
export const Loading: Story = { args: { client: pendingClient } };
/** Loading, in English. */
export const LoadingEnglish: Story = { args: { lang: 'en', client: pendingClient } };

/** A service form with every Open311 datatype, required marks and guidance. */
export const ServiceForm: Story = { args: { service: 'street-light' } };
/** The service form in English. */
export const ServiceFormEnglish: Story = { args: { service: 'street-light', lang: 'en' } };

/** A service that accepts suggestions: the explanation and the explicit consent. */
export const Suggestion: Story = {
  args: { service: 'city-idea' },
  play: async ({ canvasElement }) => {
    const el = await shadowReady(canvasElement, 'payam-report-form', '#suggestion');
    el.shadowRoot.querySelector<HTMLInputElement>('#suggestion')?.click();
  },
};
/** Suggestion consent, in English. */
export const SuggestionEnglish: Story = { ...Suggestion, args: { service: 'city-idea', lang: 'en' } };

const sendEmpty: Story['play'] = async ({ canvasElement }) => {
  const el = await shadowReady(canvasElement, 'payam-report-form', '[data-attribute]');
  el.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
};

/** Validation errors, shown before anything is sent. */
export const ValidationErrors: Story = { args: { service: 'street-light' }, play: sendEmpty };
/** Validation errors in English. */
export const ValidationErrorsEnglish: Story = { args: { service: 'street-light', lang: 'en' }, play: sendEmpty };

const sendMessage: Story['play'] = async ({ canvasElement }) => {
  const el = await shadowReady(canvasElement, 'payam-report-form', '#description');
  const description = el.shadowRoot.querySelector<HTMLTextAreaElement>('#description')!;
  description.value = 'چراغ کوچه سوم خیابان آزادی شب‌ها خاموش است.';
  description.dispatchEvent(new Event('input'));
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  el.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
};

/** Registered: the tracking code, what happens next and the link to tracking. */
export const Submitted: Story = { play: sendMessage };
/** Registered, in English. */
export const SubmittedEnglish: Story = { args: { lang: 'en' }, play: sendMessage };

/** The server cannot be reached: the text is kept and can be sent again safely. */
export const NetworkError: Story = {
  args: { client: () => fakeClient([...serviceRoutes, () => 'network-error']) },
  play: sendMessage,
};
/** Network error, in English. */
export const NetworkErrorEnglish: Story = { ...NetworkError, args: { ...NetworkError.args, lang: 'en' } };

/** The subjects cannot be loaded. */
export const Offline: Story = { args: { client: offlineClient } };
