import { describe, expect, it } from 'vitest';
import { acceptAllIds, allowedIds, decisionInForce, difference, isAllowed, isRefused, type Context } from '../../src/core/consent';
import { decide } from '../../src/core/decision';
import { validateConfig } from '../../src/core/validate';
import type { ConsentModel, ConsentRecord } from '../../src/core/types';

/** The built-in categories (advertising yields to GPC) under `model`. */
const context = (model: ConsentModel = 'opt-in', gpc = false, failed = false): Context => ({
  config: validateConfig({ revision: 2 }).config,
  failed,
  jurisdiction: { key: model === 'opt-in' ? 'EU' : 'US', model },
  gpc,
});

const record = (granted: string[], changes: Partial<ConsentRecord> = {}): ConsentRecord => ({
  v: 1,
  id: '3f2b6c1e-8d4a-4b7e-9c21-5a6d7e8f9012',
  revision: 2,
  granted,
  refused: ['necessary', 'performance', 'advertising', 'third-party'].filter((id) => !granted.includes(id)),
  method: 'custom',
  language: 'en',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  jurisdiction: 'EU',
  model: 'opt-in',
  ...changes,
});

describe('what is allowed', () => {
  it('without a decision: opt-in nothing but required; opt-out all but what GPC refuses; notice all', () => {
    expect(allowedIds(context('opt-in'), null)).toEqual(['necessary']);
    expect(allowedIds(context('opt-out'), null)).toEqual(['necessary', 'performance', 'advertising', 'third-party']);
    expect(allowedIds(context('opt-out', true), null)).toEqual(['necessary', 'performance', 'third-party']);
    expect(allowedIds(context('notice', true), null)).toEqual(['necessary', 'performance', 'advertising', 'third-party']);
  });

  it('with a decision: what it granted, under every model', () => {
    for (const model of ['opt-in', 'opt-out', 'notice'] as const)
      expect(allowedIds(context(model), record(['necessary', 'advertising']))).toEqual(['necessary', 'advertising']);
  });

  it('under opt-out, a GPC signal the browser did not send at the decision refuses what yields to it; one it sent leaves the choice as made', () => {
    const granted = ['necessary', 'performance', 'advertising'];
    expect(allowedIds(context('opt-out', true), record(granted))).toEqual(['necessary', 'performance']);
    expect(allowedIds(context('opt-out', true), record(granted, { gpc: true }))).toEqual(granted);
    // Under opt-in, GPC bears on new "Accept all" decisions only.
    expect(allowedIds(context('opt-in', true), record(granted))).toEqual(granted);
  });

  it('under a rejected configuration: required categories only, whatever the decision', () => {
    expect(allowedIds(context('opt-in', false, true), record(['necessary', 'performance']))).toEqual(['necessary']);
  });

  it('never an unknown or inherited id', () => {
    for (const id of ['foo', 'constructor', '__proto__', 'toString']) expect(isAllowed(context('notice'), null, id)).toBe(false);
  });
});

describe('which stored decision counts', () => {
  const stored = (changes: Partial<ConsentRecord> = {}, checked = true) => ({ record: record(['necessary'], changes), checked });
  /** The decision in force among `decisions`, at the decision's date plus a day unless said. */
  const inForce = (at: Context, decisions: ReturnType<typeof stored>[], now = Date.parse('2026-11-02T00:00:00Z')) =>
    decisionInForce(at, decisions, now);

  it('under opt-in: only for this very revision, naming every category', () => {
    expect(inForce(context(), [stored()])).not.toBeNull();
    expect(inForce(context(), [stored({ revision: 1 })])).toBeNull();
    expect(inForce(context(), [stored({ refused: ['performance'] })])).toBeNull();
    // A later revision than the site's is not this site's decision (a staging site's, say).
    expect(inForce(context(), [stored({ revision: 3 })])).toBeNull();
  });

  it('a decision dated ahead of this clock by more than a few minutes does not count', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(inForce(context(), [stored({ updatedAt: '2026-11-01T00:04:00.000Z' })], now)).not.toBeNull();
    expect(inForce(context(), [stored({ updatedAt: '2026-11-01T00:10:00.000Z' })], now)).toBeNull();
    expect(inForce(context(), [stored({ updatedAt: '2036-11-01T00:00:00.000Z' })], now)).toBeNull();
  });

  it('under opt-out and notice, what the visitor refused stays refused across new revisions and new categories, for 12 months', () => {
    const optedOut = stored({ revision: 1, model: 'opt-out', jurisdiction: 'US', granted: ['necessary', 'performance'], refused: ['advertising'] });
    for (const model of ['opt-out', 'notice'] as const) {
      const kept = inForce(context(model), [optedOut]);
      expect(kept?.refused).toEqual(['advertising']);
      // Refused stays refused; a category the decision does not name (new since) takes the model's default.
      expect(allowedIds(context(model), kept)).toEqual(['necessary', 'performance', 'third-party']);
    }
    const aYearAndADayLater = Date.parse('2027-11-02T00:00:00Z');
    expect(inForce(context('opt-out'), [optedOut], aYearAndADayLater)).toBeNull();
    // Under opt-in a new revision asks again: before a yes, nothing runs anyway.
    expect(inForce(context('opt-in'), [optedOut])).toBeNull();
  });

  it('counts under a model as strict as the one it was made under, or less', () => {
    const made = (model: ConsentModel) => stored({ model });
    expect(inForce(context('opt-out'), [made('opt-in')])).not.toBeNull();
    expect(inForce(context('notice'), [made('opt-in')])).not.toBeNull();
    expect(inForce(context('notice'), [made('opt-out')])).not.toBeNull();
    expect(inForce(context('opt-in'), [made('opt-out')])).toBeNull();
    expect(inForce(context('opt-in'), [made('notice')])).toBeNull();
    expect(inForce(context('opt-out'), [made('notice')])).toBeNull();
    // Written before models existed: an opt-in decision.
    const { model, ...older } = record(['necessary']);
    expect(inForce(context('opt-out'), [{ record: older, checked: true }])).not.toBeNull();
  });

  it('taken under a rejected configuration: only while a rejected one is in force', () => {
    expect(inForce(context('opt-in', false, true), [stored({}, false)])).not.toBeNull();
    expect(inForce(context('opt-in'), [stored({}, false)])).toBeNull();
  });

  it('of several consent cookies: the newest when they agree; when they disagree, asked again under opt-in, the most refusing under opt-out', () => {
    const refusing = stored({ updatedAt: '2026-11-01T08:00:00.000Z' });
    const accepting = { record: record(['necessary', 'performance', 'advertising', 'third-party'], { updatedAt: '2026-11-01T09:00:00.000Z' }), checked: true };
    const again = stored({ updatedAt: '2026-11-01T10:00:00.000Z' });
    expect(inForce(context(), [refusing, again])?.updatedAt).toBe('2026-11-01T10:00:00.000Z');
    // A cookie of the same name from elsewhere, newer and granting more, never overrides a refusal.
    expect(inForce(context('opt-in'), [refusing, accepting])).toBeNull();
    expect(inForce(context('opt-out'), [accepting, refusing])?.granted).toEqual(['necessary']);
  });
});

describe('what a !category stand-in waits for', () => {
  it('a refusal: by a decision, or by the model under opt-out (GPC); nothing before a decision under opt-in, nothing under a rejected configuration', () => {
    expect(isRefused(context('opt-in'), null, 'performance')).toBe(false);
    expect(isRefused(context('opt-in'), record(['necessary']), 'performance')).toBe(true);
    expect(isRefused(context('opt-in'), record(['necessary', 'performance']), 'performance')).toBe(false);
    expect(isRefused(context('opt-out', true), null, 'advertising')).toBe(true);
    expect(isRefused(context('opt-out', true), null, 'performance')).toBe(false);
    expect(isRefused(context('opt-in', false, true), record(['necessary']), 'performance')).toBe(false);
    expect(isRefused(context('opt-in'), record(['necessary']), 'necessary')).toBe(false);
  });
});

describe('a new decision', () => {
  it('grants the wanted and required categories, refuses the rest, and says where and under which model', () => {
    const made = decide(context('opt-out', true), null, ['advertising'], 'custom', 'fr-CA');
    expect(made).toMatchObject({
      v: 1,
      revision: 2,
      granted: ['necessary', 'advertising'],
      refused: ['performance', 'third-party'],
      method: 'custom',
      language: 'fr-CA',
      jurisdiction: 'US',
      model: 'opt-out',
      gpc: true,
    });
    expect(made.createdAt).toBe(made.updatedAt);
    expect(made.updatedAt.endsWith('.000Z')).toBe(true);
  });

  it('keeps the id and creation time of the previous one', () => {
    const previous = record(['necessary']);
    const made = decide(context(), previous, [], 'reject-all', 'en');
    expect([made.id, made.createdAt]).toEqual([previous.id, previous.createdAt]);
    expect(made.updatedAt > previous.updatedAt).toBe(true);
  });

  it('"Accept all" leaves out what yields to Global Privacy Control', () => {
    expect(acceptAllIds(context('opt-in', true))).toEqual(['necessary', 'performance', 'third-party']);
    expect(acceptAllIds(context('opt-in', false))).toEqual(['necessary', 'performance', 'advertising', 'third-party']);
  });

  it('tells what was granted and what was revoked', () => {
    expect(difference(['necessary', 'performance'], ['necessary', 'advertising'])).toEqual({ granted: ['advertising'], revoked: ['performance'] });
  });
});
