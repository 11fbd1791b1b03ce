import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod/mini';
import {
  decodeRegistration,
  encodeRegistration,
  messageInputSchema,
  registrationInputField,
  registrationWireField,
  registrationWireSchema,
  type MessageInput,
} from '../src/index.js';
import { registrationCodec, wireFieldsAccepted } from '../src/schemas/registration-wire.js';

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

  it('reads the photos named by media_ids as a list or comma-separated, once each; an empty list is none', () => {
    const decode = (media_ids: unknown) => {
      const result = decodeRegistration({ description: 'x', media_ids }, defaults);
      return result.success ? result.data.mediaIds : fieldsOf(result);
    };
    expect(decode(['a1', 'b_2'])).toEqual(['a1', 'b_2']);
    expect(decode(' a1 , b-2,,a1 ')).toEqual(['a1', 'b-2']);
    expect(decode('')).toBeUndefined();
    expect(decode([])).toBeUndefined();
    expect(decode(null)).toBeUndefined();
    // More than a message may have, an id no upload answers, or not text: the field is named.
    expect(decode('a,b,c,d')).toEqual(['media_ids']);
    expect(decode(['../etc/passwd'])).toEqual(['media_ids']);
    expect(decode([1, 2])).toEqual(['media_ids']);
    expect(encodeRegistration(z.parse(messageInputSchema, { system: '137', description: 'x', mediaIds: ['a1'] })).media_ids).toEqual(['a1']);
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
      'media_ids',
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
        mediaIds: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), { minLength: 1, maxLength: 3 }),
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
        const sent = JSON.parse(JSON.stringify(wire)) as Record<string, unknown>;
        // What a client sends is read without zod's object parse.
        expect(wireFieldsAccepted(sent)).toBe(true);
        const decoded = decodeRegistration(sent, { system: '0', lang: 'fa' });
        expect(decoded).toEqual({ success: true, data: checked });
      }),
      { numRuns: 200 },
    );
  });

  describe('the well-typed fields read without the wire schema\'s parse', () => {
    const names = Object.keys(registrationWireSchema._zod.def.shape);
    /** Fields of the wire (and a stray one) with values from `value`. */
    const fieldsWith = (value: fc.Arbitrary<unknown>) =>
      fc.dictionary(fc.constantFrom(...names, 'stray'), value, { maxKeys: 8 }) as fc.Arbitrary<Record<string, unknown>>;
    const known = (fields: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(fields).filter(([name]) => names.includes(name)));

    it('accepts exactly what the schema accepts for values JSON or a form can carry, and reads them as its parse does', () => {
      fc.assert(
        fc.property(fieldsWith(fc.jsonValue({ maxDepth: 2 })), (fields) => {
          const parsed = z.safeParse(registrationWireSchema, fields);
          expect(wireFieldsAccepted(fields)).toBe(parsed.success);
          // The schema keeps the known fields as they are: reading them unparsed reads the same.
          if (parsed.success) expect(parsed.data).toEqual(known(fields));
        }),
        { numRuns: 2000 },
      );
    });

    it('never accepts what the schema refuses, whatever the value (class instances, NaN, functions, …)', () => {
      fc.assert(
        fc.property(fieldsWith(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true, withSparseArray: true })), (fields) => {
          if (wireFieldsAccepted(fields)) expect(z.safeParse(registrationWireSchema, fields).success).toBe(true);
        }),
        { numRuns: 2000 },
      );
      // Values of the wrong type are judged by zod, and named by their field.
      expect(wireFieldsAccepted({ description: { text: 'x' } })).toBe(false);
      expect(fieldsOf(decodeRegistration({ description: { text: 'x' } }, defaults))).toEqual(['description']);
      expect(wireFieldsAccepted({ lat: Number.NaN, long: 51 })).toBe(false);
      expect(wireFieldsAccepted({ attribute: new Map() })).toBe(false);
      // A field zod reads though it is not enumerable.
      const hidden = Object.defineProperty({ lat: 35.7 }, 'long', { value: { east: 51 }, enumerable: false });
      expect(z.safeParse(registrationWireSchema, hidden).success).toBe(false);
      expect(wireFieldsAccepted(hidden)).toBe(false);
    });

    it('decodes as the codec decodes the fields with the defaults filled in, whatever is given or left out', () => {
      // What the server's decoding must equal: the defaults put into the fields, then the codec.
      const byCodec = (fields: Record<string, unknown>, given: { system: string; lang: 'fa' | 'en' }) => {
        const absent = (value: unknown) => value === undefined || value === null || value === '';
        const filled = {
          ...fields,
          jurisdiction_id: absent(fields.jurisdiction_id) ? given.system : fields.jurisdiction_id,
          lang: absent(fields.lang) ? given.lang : fields.lang,
        };
        return z.safeDecode(registrationCodec, filled as z.input<typeof registrationCodec>);
      };
      const value = fc.oneof(
        fc.constantFrom(undefined, null, '', '137', '1888', 'fa', 'en', 'pothole', '35.7', '51.4', 'yes', 'no', 'v1', 'a, b'),
        fc.jsonValue({ maxDepth: 1 }),
      );
      fc.assert(
        fc.property(
          fieldsWith(value),
          fc.record({ system: fc.constantFrom('137', '1888', ''), lang: fc.constantFrom('fa' as const, 'en' as const) }),
          (fields, given) => {
            const decoded = decodeRegistration(fields, given);
            const expected = byCodec(fields, given);
            expect(decoded.success).toBe(expected.success);
            if (decoded.success && expected.success) expect(decoded.data).toEqual(expected.data);
            if (!decoded.success && !expected.success) {
              expect(fieldsOf(decoded)).toEqual(expected.error.issues.map((issue) => registrationWireField(issue.path)));
            }
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('reads a form\'s text fields and a JSON body alike', () => {
      expect(wireFieldsAccepted({ api_key: 'demo', service_code: 'pothole', description: 'چاله', lat: '35.7', long: '51.4', 'attribute': { depth: ['deep'] } })).toBe(true);
      expect(wireFieldsAccepted({ description: 'x', lat: 35.7, long: 51.4, suggestion: true, media_ids: ['a', 'b'] })).toBe(true);
    });
  });
});
