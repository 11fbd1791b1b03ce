import { describe, expect, test } from 'vitest';
import {
  apiErrorSchema,
  createRequestResponseSchema,
  feedbackBodySchema,
  followUpBodySchema,
  open311RequestSchema,
  open311StatusOf,
  publicStatusOf,
  STAFF_ACTIONS,
  staffActionBodySchemas,
  translate,
  validationMessages as V,
} from '../src/index.js';
import { answered, T0 } from './fixtures.js';

describe('Open311 wire shapes', () => {
  test('a request with extensions, built from a lifecycle snapshot, is accepted', () => {
    const { snapshot } = answered(T0);
    const status = publicStatusOf(snapshot);
    const request = {
      service_request_id: 'M1',
      status: open311StatusOf(status),
      status_notes: null,
      service_name: 'Pothole',
      service_code: 'pothole',
      description: 'چاله',
      agency_responsible: 'District 1 roads',
      service_notice: null,
      requested_datetime: T0,
      updated_datetime: T0,
      expected_datetime: null,
      address: null,
      address_id: null,
      zipcode: null,
      lat: 35.7,
      long: 51.4,
      media_url: null,
      extended_attributes: {
        jurisdiction_id: 'tehran.ir',
        detailed_status: status,
        detailed_status_label: translate('fa', `status.${status}.label`),
        detailed_status_explanation: translate('fa', `status.${status}.explanation`),
        duplicate: false,
        parent_service_request_id: null,
        linked_count: 0,
        feedback_window: { opens_at: T0, closes_at: snapshot.context.feedbackWindow?.closesAt ?? '', open: true },
        accepts: 'feedback',
        escalation_level: 0,
        stage: null,
        stage_due_datetime: null,
        region: '1',
        private: false,
        suggestion: null,
      },
      notes: [{ type: 'answered', datetime: T0, summary: translate('fa', 'timeline.answered'), description: 'Fixed.', data: {} }],
    };
    expect(open311RequestSchema.parse(request).status).toBe('closed');
    expect(open311RequestSchema.safeParse({ ...request, status: 'answered' }).success).toBe(false);
    const unknownStatus = { ...request, extended_attributes: { ...request.extended_attributes, detailed_status: 'calling_citizen' } };
    expect(open311RequestSchema.safeParse(unknownStatus).success).toBe(false);
  });

  test('error bodies are Open311 lists, with the field and the refusal as extensions', () => {
    const body = [{ code: 400, description: V.noHtml, field: 'description' }, { code: 409, description: 'x', refusal: 'feedback_window_closed' }];
    expect(apiErrorSchema.parse(body)).toEqual(body);
    expect(apiErrorSchema.safeParse({ code: 400, description: 'x' }).success).toBe(false);
  });

  test('POST requests answers with the citizen token', () => {
    const body = [{ service_request_id: 'M1', service_notice: null, account_id: null, citizen_token: 'secret' }];
    expect(createRequestResponseSchema.parse(body)).toEqual(body);
    expect(createRequestResponseSchema.safeParse([{ service_request_id: 'M1', service_notice: null, account_id: null }]).success).toBe(false);
  });

  test('follow-up and feedback bodies carry the citizen token and keep the input rules', () => {
    expect(followUpBodySchema.parse({ text: ' x ', citizen_token: 't' })).toEqual({ text: 'x', citizen_token: 't' });
    expect(followUpBodySchema.safeParse({ text: '<b>x</b>' }).error?.issues[0]?.message).toBe(V.noHtml);
    expect(feedbackBodySchema.parse({ resolved: 'yes', rating: '5' })).toEqual({ resolved: 'yes', rating: 5 });
    expect(feedbackBodySchema.safeParse({ resolved: 'yes', rating: 9 }).error?.issues[0]?.message).toBe(V.rating);
  });
});

describe('staff action bodies', () => {
  test('every action has a strict body schema', () => {
    expect(STAFF_ACTIONS).toEqual(['triage', 'refer', 'start', 'answer', 'reject', 'link', 'unlink', 'contact-attempt', 'note']);
    for (const action of STAFF_ACTIONS) {
      expect(staffActionBodySchemas[action].safeParse({ surprise: true }).success, action).toBe(false);
    }
  });

  test('answers and rejections need text; contact attempts an outcome; links a first message', () => {
    expect(staffActionBodySchemas.answer.parse({ text: ' آسفالت شد ' })).toEqual({ text: 'آسفالت شد' });
    expect(staffActionBodySchemas.answer.safeParse({ text: '   ' }).success).toBe(false);
    expect(staffActionBodySchemas.reject.safeParse({ text: 'x'.repeat(4001) }).success).toBe(false);
    expect(staffActionBodySchemas['contact-attempt'].safeParse({ outcome: 'busy' }).success).toBe(false);
    expect(staffActionBodySchemas['contact-attempt'].parse({ outcome: 'no_answer' })).toEqual({ outcome: 'no_answer' });
    expect(staffActionBodySchemas.link.safeParse({ firstMessageId: '' }).success).toBe(false);
    expect(staffActionBodySchemas.unlink.parse({})).toEqual({});
  });
});
