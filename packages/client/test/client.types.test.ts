/**
 * Type tests: what the compiler accepts and refuses (checked by `tsc --noEmit`, the package's
 * typecheck), plus the runtime facts the types promise.
 */
import type { MessageInputInput, PublicStatus, StaffMessage } from '@payam/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  createMessageClient,
  createRegistrationClient,
  createStaffClient,
  PayamApiError,
  type CreatedMessage,
  type MessageView,
  type MessageClient,
  type PayamClient,
  type PayamStaffClient,
  type RegistrationClient,
  type StaffActionBody,
  type StaffQueue,
  type StaffQueueItem,
} from '../src/index.js';

describe('types', () => {
  it('types registration input by core and answers by the view', () => {
    expectTypeOf<Parameters<PayamClient['requests']['create']>[0]>().toEqualTypeOf<MessageInputInput>();
    expectTypeOf<ReturnType<PayamClient['requests']['create']>>().resolves.toEqualTypeOf<CreatedMessage>();
    expectTypeOf<MessageView['detailedStatus']>().toEqualTypeOf<{ code: PublicStatus; label: string; explanation: string } | null>();
    expectTypeOf<MessageView['requestedAt']>().toEqualTypeOf<Date>();
    expectTypeOf<ReturnType<PayamClient['requests']['list']>>().toEqualTypeOf<AsyncIterable<MessageView[]>>();
    expectTypeOf<ReturnType<PayamStaffClient['reports']['feedbackXlsx']>>().resolves.toEqualTypeOf<ArrayBuffer>();
    // A queue's messages: without the timeline, with how many the caller sees linked to each.
    expectTypeOf<StaffQueue['items'][number]>().toEqualTypeOf<StaffQueueItem>();
    expectTypeOf<StaffQueueItem['linkedCount']>().toEqualTypeOf<number>();
    expectTypeOf<StaffQueueItem>().toMatchTypeOf<Omit<StaffMessage, 'timeline'>>();
  });

  it('builds parts of the client that a whole client fits in place of', async () => {
    expectTypeOf<PayamClient>().toMatchTypeOf<RegistrationClient>();
    expectTypeOf<PayamClient>().toMatchTypeOf<MessageClient>();
    const registering = createRegistrationClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retries: 0 });
    const following = createMessageClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retries: 0 });
    expect(Object.keys(registering).sort()).toEqual(['photos', 'requests', 'services']);
    expect(Object.keys(registering.requests).sort()).toEqual(['create', 'similar']);
    expect(Object.keys(following)).toEqual(['requests']);
    expect(Object.keys(following.requests).sort()).toEqual(['feedback', 'followUp', 'get']);
    // They check their options and their input as the whole client does, before sending anything.
    expect(() => createRegistrationClient({ baseUrl: 'http://127.0.0.1:9', apiKey: ' ' })).toThrow(PayamApiError);
    // @ts-expect-error: the system is required
    await expect(registering.requests.create({ description: 'No system' })).rejects.toMatchObject({ status: 400, local: true });
    await expect(following.requests.get(' ')).rejects.toMatchObject({ status: 400, local: true });
  });

  it('types each staff action’s body', () => {
    expectTypeOf<StaffActionBody<'answer'>>().toEqualTypeOf<{ text: string }>();
    expectTypeOf<StaffActionBody<'link'>>().toEqualTypeOf<{ firstMessageId: string }>();
    expectTypeOf<StaffActionBody<'contact-attempt'>['outcome']>().toEqualTypeOf<'reached' | 'no_answer' | 'unreachable'>();
    expectTypeOf<ReturnType<PayamStaffClient['messages']['act']>>().resolves.toEqualTypeOf<StaffMessage>();
  });

  it('refuses what the API would refuse, at compile time and at run time', async () => {
    const payam = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retries: 0 });
    const staff = createStaffClient({ baseUrl: 'http://127.0.0.1:9', token: 't', retries: 0 });
    const refusals = [
      // @ts-expect-error: the system is required
      payam.requests.create({ description: 'No system' }),
      // @ts-expect-error: a rating is a number
      payam.requests.feedback('1', 't', { resolved: 'yes', rating: 'five' }),
      // @ts-expect-error: resolved is yes, partly or no
      payam.requests.feedback('1', 't', { resolved: 'maybe', rating: 3 }),
      // @ts-expect-error: refer takes unitId, not unit
      staff.messages.act('1', 'refer', { unit: 'district-6' }),
      // @ts-expect-error: not a public status
      staff.queue({ status: 'lost' }),
    ];
    for (const refusal of refusals) {
      const error = await refusal.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PayamApiError);
      expect((error as PayamApiError).local).toBe(true);
    }
  });
});
