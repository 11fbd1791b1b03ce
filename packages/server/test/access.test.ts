import { describe, expect, it } from 'vitest';
import { createLifecycle, serviceConfigSchema } from '@payam/core';
import type { Catalog } from '../src/config/catalog.js';
import { demoOrgUnits, demoServices, demoSettings, demoSystems } from '../src/config/demo-data.js';
import {
  isPrivate,
  linkDecision,
  referTargets,
  staffMay,
  staffMessagesSql,
  type StaffMember,
} from '../src/access/index.js';

// The demo configuration, without a database: the access rules are pure functions of it.
const catalog: Catalog = {
  systems: new Map(demoSystems.map((s) => [s.id, s])),
  services: new Map(demoServices.map((s) => serviceConfigSchema.parse(s)).map((s) => [s.code, s])),
  formVersions: new Map(demoServices.map((s) => [s.code, 1])),
  units: new Map(demoOrgUnits.map((u) => [u.id, u])),
  settings: demoSettings,
  lifecycle: createLifecycle({
    orgUnits: demoOrgUnits,
    calendar: demoSettings.calendar,
    escalation: demoSettings.escalation,
    feedback: demoSettings.feedback,
  }),
};
const handler: StaffMember = { name: 'h', role: 'handler', unitId: 'district-6' };
const admin: StaffMember = { name: 'a', role: 'admin', unitId: null };
const pothole = {
  system: '137',
  serviceCode: 'pothole',
  unitId: 'district-6-technical',
  private: false,
  region: '6',
};
const complaint = {
  system: '1888',
  serviceCode: null,
  unitId: 'inspection-intake',
  private: false,
  region: '6',
};

describe('access rules on the demo configuration', () => {
  it('makes every message of a confidential system private, and a private service’s too, never the reverse', () => {
    expect(isPrivate(catalog, { system: '1888', serviceCode: null })).toBe(true);
    expect(isPrivate(catalog, { system: '1888', serviceCode: 'service-improvement' })).toBe(true);
    expect(isPrivate(catalog, { system: '137', serviceCode: 'contractor-misconduct' })).toBe(true);
    expect(isPrivate(catalog, { system: '137', serviceCode: 'pothole' })).toBe(false);
    expect(isPrivate(catalog, { system: '137', serviceCode: 'pothole', private: true })).toBe(true);
  });

  it('lets a district handler refer within its district, back to the intake or up, or to its routing targets, never across systems', () => {
    const targets = [...referTargets(catalog, handler, pothole, 'pothole')].sort();
    expect(targets).toEqual([
      'call-center-137',
      'district-6',
      'district-6-services',
      'district-6-technical',
      'municipality',
    ]);
    expect(referTargets(catalog, admin, pothole, 'pothole').has('inspection-complaints')).toBe(
      false,
    );
    expect(referTargets(catalog, admin, complaint, null).has('district-6')).toBe(false);
    expect(referTargets(catalog, admin, complaint, null).has('inspection-complaints')).toBe(true);
  });

  it('answers an out-of-scope first message like a missing one, and refuses links across systems or privacy', () => {
    expect(linkDecision(catalog, handler, pothole, complaint)).toBe('missing');
    expect(linkDecision(catalog, handler, pothole, undefined)).toBe('missing');
    expect(linkDecision(catalog, admin, pothole, complaint)).toBe('across');
    expect(
      linkDecision(catalog, admin, pothole, { ...pothole, serviceCode: 'contractor-misconduct' }),
    ).toBe('across');
    expect(linkDecision(catalog, handler, pothole, { ...pothole, unitId: 'district-6' })).toBe(
      'ok',
    );
  });

  it('keeps private messages from a role that does not read them, in single reads and in queues', () => {
    expect(staffMay(catalog, { name: 'x', role: 'analyst', unitId: null }, 'see', pothole)).toBe(
      false,
    );
    expect(staffMay(catalog, handler, 'see', complaint)).toBe(false);
    expect(staffMay(catalog, admin, 'see', complaint)).toBe(true);
    // A role that read queues but not private messages would see public ones only.
    const params: string[] = [];
    const bind = (v: string) => `$${params.push(v)}`;
    const reader = { name: 'r', role: 'analyst', unitId: 'district-6' } as const;
    expect(staffMessagesSql(catalog, reader, 'see', 'm', bind)).toContain('NOT m.private');
    expect(staffMessagesSql(catalog, reader, 'count', 'm', bind)).not.toContain('NOT m.private');
    expect(staffMessagesSql(catalog, admin, 'see', 'm', bind)).toBeNull();
  });
});
