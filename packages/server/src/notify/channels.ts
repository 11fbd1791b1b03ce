import { CITIZEN_CHANNELS, type CitizenChannel, type Language, type NotificationText } from '@payam/core';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger } from '../engine/context.js';
import type { PushSender, SmsSender } from './adapters.js';

/** What one channel did with a notification: sent it, or had nothing to send it to (no subscription, a gone device). */
export type Delivery = 'delivered' | 'skipped';

/** A notification for one citizen by one channel. */
export interface CitizenNotice {
  /** The contact detail this channel reaches the citizen by (phone, device id, email address). Never logged. */
  to: string;
  /** The message's tracking id. */
  messageId: string;
  /** The citizen's language. */
  lang: Language;
  /** The texts, rendered from core's locales. */
  text: NotificationText;
  /** Where the citizen follows and acts on the message (carries the citizen token: never logged). */
  link: string;
  /** Lets the receiving service drop a repeat (unique per notification and channel). */
  idempotencyKey: string;
  /** Aborted when the delivery must stop (before the outbox row's lease runs out). */
  signal: AbortSignal;
}

/**
 * A notification channel as a plug-in: the worker loops over the registry of these for every
 * channel a notification names. Throw to have the outbox retry later; answer `skipped` when
 * there is nothing to deliver to (never count that as delivered).
 */
export interface ChannelAdapter {
  /** The channel it delivers. */
  readonly channel: CitizenChannel;
  /** Delivers one notice. */
  deliver(notice: CitizenNotice): Promise<Delivery>;
}

/** Rejects when `signal` aborts (for clients that take no signal of their own). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** SMS as a channel, through an {@link SmsSender} such as `kavenegarSms`. */
export function smsChannel(sender: SmsSender): ChannelAdapter {
  return {
    channel: 'sms',
    async deliver({ to, text, idempotencyKey, signal }) {
      await sender.send({ to, text: text.sms, idempotencyKey, signal });
      return 'delivered';
    },
  };
}

/** Push as a channel, through a {@link PushSender} such as `webPush` (which answers `skipped` for a device without a subscription). */
export function pushChannel(sender: PushSender): ChannelAdapter {
  return {
    channel: 'push',
    async deliver({ to, text, link, idempotencyKey, signal }) {
      const result = await sender.send({ deviceId: to, title: text.title, body: text.body, url: link, idempotencyKey, signal });
      return result ?? 'delivered';
    },
  };
}

/** How the email channel reaches its SMTP server. */
export interface EmailOptions {
  /** An SMTP URL (`smtp://user:password@host:587`, `smtps://…`) or nodemailer's SMTP options. */
  smtp: string | SMTPTransport.Options;
  /** The sender, `"Tehran 137" <noreply@tehran.example>`. */
  from: string;
}

/**
 * Email as a channel, through an SMTP server with `nodemailer`: the notification's subject and
 * plain text from core's locales, in the citizen's language. The Message-ID is derived from the
 * idempotency key, so a repeat after a retry carries the same id for the receiver to drop.
 */
export function emailChannel(options: EmailOptions): ChannelAdapter & { close(): void } {
  const base = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 };
  const transport = nodemailer.createTransport(typeof options.smtp === 'string' ? { url: options.smtp, ...base } as SMTPTransport.Options : { ...base, ...options.smtp });
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'payam.invalid';
  return {
    channel: 'email',
    async deliver({ to, lang, text, idempotencyKey, signal }) {
      await untilAborted(
        transport.sendMail({
          from: options.from,
          to,
          subject: text.email.subject,
          text: text.email.text,
          messageId: `<${encodeURIComponent(idempotencyKey)}@${domain}>`,
          headers: { 'Content-Language': lang },
        }),
        signal,
      );
      return 'delivered';
    },
    close: () => transport.close(),
  };
}

/** A development stand-in for a channel without a configured adapter: logs the idempotency key only (never the recipient or the text), and counts as skipped. */
export function devLogChannel(channel: CitizenChannel, log: Logger): ChannelAdapter {
  return {
    channel,
    async deliver({ idempotencyKey }) {
      log.info(`${channel} (development log, not sent)`, { idempotencyKey });
      return 'skipped';
    },
  };
}

/** The registry the worker delivers through: one adapter per citizen channel, the development log where none is given. */
export function channelRegistry(adapters: readonly ChannelAdapter[], log: Logger): ReadonlyMap<CitizenChannel, ChannelAdapter> {
  const registry = new Map<CitizenChannel, ChannelAdapter>();
  for (const channel of CITIZEN_CHANNELS) registry.set(channel, adapters.find((a) => a.channel === channel) ?? devLogChannel(channel, log));
  return registry;
}
