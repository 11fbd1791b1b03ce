/**
 * Registering a message (`requests.create`): the message checked with core's schema, encoded in
 * the Open311 wire format and posted with its idempotency key.
 */
import { createRequestResponseSchema } from '@payam/core/schemas/api';
import { encodeRegistration, registrationInputField } from '@payam/core/schemas/registration-wire';
import { messageInputSchema, type MessageInputInput } from '@payam/core/schemas/message';
import { idempotencyKeySchema } from '@payam/core/schemas/common';
import * as z from '@payam/core/zod';
import { newIdempotencyKey } from './idempotency-key.js';
import { blank, checkInput } from './input.js';
import type { Transport } from './transport.js';
import type { CreatedMessage } from './client.js';

const OPTIONAL_TEXT = ['serviceCode', 'region', 'address', 'mediaUrl', 'follow'] as const;
const OPTIONAL_CONTACT = ['phone', 'firstName', 'lastName', 'email', 'deviceId'] as const;

/**
 * Leaves out optional fields that are empty or blank, as Open311 reads an empty field as absent:
 * a form's untouched inputs must not make the message invalid.
 */
function withoutBlankFields(input: MessageInputInput): MessageInputInput {
  const copy: Record<string, unknown> = { ...input };
  for (const name of OPTIONAL_TEXT) if (blank(copy[name])) delete copy[name];
  if (input.contact) {
    const contact: Record<string, unknown> = { ...input.contact };
    for (const name of OPTIONAL_CONTACT) if (blank(contact[name])) delete contact[name];
    copy.contact = contact;
  }
  return copy as MessageInputInput;
}

/** The caller's names for a `POST requests` error's field: the options', then the message input's. */
const inputFieldOf = (wire: string): string =>
  wire === 'api_key' ? 'apiKey' : wire === 'Idempotency-Key' ? 'idempotencyKey' : registrationInputField(wire);

/** Checks, encodes and posts a message; see `PayamClient.requests.create`. */
export async function registerMessage(
  transport: Transport,
  apiKey: string,
  input: MessageInputInput,
  idempotencyKey: string | undefined,
  signal: AbortSignal | undefined,
): Promise<CreatedMessage> {
  const message = checkInput(messageInputSchema, withoutBlankFields(input));
  const key = idempotencyKey === undefined ? newIdempotencyKey() : checkInput(idempotencyKeySchema, idempotencyKey, 'idempotencyKey');
  const [created] = await transport.json(
    {
      path: 'open311/v2/requests.json',
      headers: { 'Idempotency-Key': key },
      body: { api_key: apiKey, ...encodeRegistration(message) },
      signal,
      retry: true,
      fieldOf: inputFieldOf,
    },
    createRequestResponseSchema.check(z.minLength(1)),
  );
  return { id: created!.service_request_id, citizenToken: created!.citizen_token, notice: created!.service_notice };
}
