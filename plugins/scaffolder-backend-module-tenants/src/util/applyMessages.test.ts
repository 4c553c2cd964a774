import { summarizeApplied } from './applyMessages';

describe('summarizeApplied', () => {
  it('counts outcomes', () => {
    const applied = (outcome: 'created' | 'configured' | 'unchanged') => ({
      ref: 'x/y',
      outcome,
      object: {},
    });
    expect(
      summarizeApplied([
        applied('unchanged'),
        applied('created'),
        applied('created'),
      ]),
    ).toBe('2 created, 1 unchanged');
    expect(summarizeApplied([])).toBe('no objects');
  });
});
