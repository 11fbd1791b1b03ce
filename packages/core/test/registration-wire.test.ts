import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod/mini';
import {
  decodeRegistration,
  encodeRegistration,
  messageInputSchema,
  registrationInputField,
  registrationWireField,
  type MessageInput,
} from '../src/index.js';

const defaults = { system: '137', lang: 'fa' } as const;
const fieldsOf = (result: ReturnType<typeof decodeRegistration>) =>
  result.success ? [] : result.error.issues.map((issue) => registrationWireField(issue.path));

describe('the registration codec (Open311 POST /requests ↔ message input)', () => {
  it('decodes a form as Open311 clients send it: text everywhere, empty as absent, yes/no, consent by its version', () => {
    const decoded = decodeRegistration(
      {
        api_key: 'demo',
        service_code: 'streetlight',
        description: '  Lamp out  ',
        lat: '35.7',
        long: '51.4',
        region: ' 6 ',
        address_string: '',
        attribute: { lamp_state: 'off', kinds: ['a', 'b'] },
        phone: '09121234567',
        first_name: null,
        suggestion: 'yes',
        consent_text_version: 'v3',
      },
      { system: '137', lang: 'en' },
    );
    expect(decoded).toEqual({
      success: true,
      data: {
        system: '137',
        serviceCode: 'streetlight',
        description: 'Lamp out',
        location: { lat: 35.7, long: 51.4 },
        region: '6',
        attributes: { lamp_state: 'off', kinds: ['a', 'b'] },
        contact: { phone: '+989121234567' },
        suggestion: true,
        consents: { participation: { granted: true, textVersion: 'v3' } },
        lang: 'en',
      },
    });
  });

  it('takes JSON numbers and booleans where a form has text, and the given system and language over the defaults', () => {
    const decoded = decodeRegistration(
      {
        jurisdiction_id: 1888,
        description: 'x',
        lat: 35.7,
        long: 51.4,
        region: 6,
        suggestion: false,
        lang: 'en',
      },
      defaults,
    );
    expect(decoded.success && decoded.data).toMatchObject({
      system: '1888',
      region: '6',
      suggestion: false,
      lang: 'en',
      location: { lat: 35.7, long: 51.4 },
    });
  });

  it('names each problem by its wire field, whichever side of the codec finds it', () => {
    expect(
      fieldsOf(decodeRegistration({ description: 'x', lat: 'north', long: 51 }, defaults)),
    ).toEqual(['lat']);
    expect(fieldsOf(decodeRegistration({ description: 'x', long: 51 }, defaults))).toEqual(['lat']);
    expect(
      fieldsOf(decodeRegistration({ description: 'x', suggestion: 'perhaps' }, defaults)),
    ).toEqual(['suggestion']);
    expect(
      fieldsOf(decodeRegistration({ description: 'x', attribute: { depth: 3 } }, defaults)),
    ).toEqual(['attribute[depth]']);
    expect(
      fieldsOf(
        decodeRegistration(
          {
            description: '',
            phone: '123',
            service_code: '!',
            email: 'nope',
            lang: 'de',
            media_url: 'javascript:x',
            consent_text_version: '',
          },
          defaults,
        ),
      ).sort(),
    ).toEqual(['description', 'email', 'lang', 'media_url', 'phone', 'service_code'].sort());
  });

  it('maps every field name both ways', () => {
    for (const wire of [
      'jurisdiction_id',
      'service_code',
      'description',
      'lat',
      'long',
      'address_string',
      'region',
      'media_url',
      'phone',
      'first_name',
      'last_name',
      'email',
      'device_id',
      'suggestion',
      'consent_text_version',
      'lang',
      'attribute[depth]',
    ]) {
      const input = registrationInputField(wire);
      expect(registrationWireField(input.split('.')), wire).toBe(wire);
    }
    expect(registrationInputField('phone')).toBe('contact.phone');
    expect(registrationInputField('attribute[depth]')).toBe('attributes.depth');
  });

  it('decodes what it encodes: any checked message input comes back the same', () => {
    const text = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((v) => /^[\w ]+$/.test(v) && v.trim() === v && v.trim() !== '');
    const code = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    const message = fc.record(
      {
        system: fc.constantFrom('137', '1888'),
        serviceCode: code,
        description: text,
        // JSON writes -0 as 0.
        location: fc.record({
          lat: fc.double({ min: -90, max: 90, noNaN: true }).map((v) => v + 0),
          long: fc.double({ min: -180, max: 180, noNaN: true }).map((v) => v + 0),
        }),
        region: fc.stringMatching(/^[1-9][0-9]?$/),
        address: text,
        attributes: fc.dictionary(code, fc.oneof(text, fc.array(text, { maxLength: 3 }))),
        mediaUrl: fc.constantFrom('https://city.example/a.jpg', 'http://x.example/p'),
        contact: fc.record(
          {
            phone: fc.constantFrom('+989121234567', '+989350000000'),
            firstName: text,
            email: fc.constantFrom('a@example.org'),
          },
          { requiredKeys: [] },
        ),
        suggestion: fc.boolean(),
        consents: fc.option(
          fc.record({
            participation: fc.record({ granted: fc.constant(true as const), textVersion: code }),
          }),
          { nil: undefined },
        ),
        lang: fc.constantFrom('fa' as const, 'en' as const),
      },
      { requiredKeys: ['system', 'description', 'attributes', 'contact', 'suggestion', 'lang'] },
    );
    fc.assert(
      fc.property(message, (raw) => {
        const checked: MessageInput = z.parse(messageInputSchema, {
          ...raw,
          consents: raw.consents ?? {},
        });
        const wire = encodeRegistration(checked);
        // Through JSON, as the client sends it.
        const decoded = decodeRegistration(
          JSON.parse(JSON.stringify(wire)) as Record<string, unknown>,
          { system: '0', lang: 'fa' },
        );
        expect(decoded).toEqual({ success: true, data: checked });
      }),
      { numRuns: 200 },
    );
  });
});
