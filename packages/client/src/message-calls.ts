/**
 * The calls on one message: read it, add a follow-up, give feedback. Each answers with the
 * message's view.
 */
import { open311RequestSchema } from '@payam/core/schemas/api';
import { feedbackInputSchema, followUpInputSchema } from '@payam/core/schemas/message';
import * as z from '@payam/core/zod';
import { blank, checkInput, idSchema, idSegment } from './input.js';
import { toMessageView, type MessageView } from './request-view.js';
import type { Transport } from './transport.js';
import type { PayamClient } from './client.js';

const firstRequest = z.array(open311RequestSchema).check(z.minLength(1));


/** `requests.get`, `followUp` and `feedback` over `transport`. */
export function messageRequests(transport: Transport): Pick<PayamClient['requests'], 'get' | 'followUp' | 'feedback'> {
  /**
   * One message, read (`what` absent) or posted to (`follow_ups`, `feedback`: never retried),
   * answered as the message's view.
   */
  const messageCall = async (
    id: string,
    citizenToken: string | undefined,
    signal: AbortSignal | undefined,
    what?: 'follow_ups' | 'feedback',
    body?: unknown,
  ): Promise<MessageView> => {
    const [raw] = await transport.json(
      {
        path: `open311/v2/requests/${idSegment(id)}${what ? `/${what}` : ''}.json`,
        query: what ? {} : { extensions: true },
        headers: citizenToken === undefined ? {} : { 'X-Citizen-Token': checkInput(idSchema, citizenToken, 'citizenToken') },
        body,
        signal,
      },
      firstRequest,
    );
    return toMessageView(raw!);
  };
  return {
    get: async (id, { citizenToken, signal } = {}) => messageCall(id, citizenToken, signal),
    followUp: async (id, citizenToken, text, { signal } = {}) =>
      messageCall(id, citizenToken, signal, 'follow_ups', checkInput(followUpInputSchema, { text })),
    feedback: async (id, citizenToken, { comment, ...feedback }, { signal } = {}) =>
      // An empty comment box means no comment.
      messageCall(id, citizenToken, signal, 'feedback', checkInput(feedbackInputSchema, blank(comment) ? feedback : { ...feedback, comment })),
  };
}
