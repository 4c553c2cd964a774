import {
  PROVISIONING_PHASES,
  TOTAL_PHASES,
  getPhase,
  phaseOrdinal,
} from './phases';

describe('provisioning phases', () => {
  it('keeps the contract order and numbering of the specification', () => {
    expect(PROVISIONING_PHASES.map(p => `${p.number} ${p.id}`)).toEqual([
      '1 namespace',
      '2 secrets',
      '3 data-infrastructure',
      '4 control-plane',
      '5 data-plane',
      '5.5 ingress',
      '6 observability',
      '7 validation',
    ]);
    expect(TOTAL_PHASES).toBe(8);
  });

  it('looks phases up by id', () => {
    expect(getPhase('ingress').name).toBe('Ingress');
    expect(phaseOrdinal('ingress')).toBe(6);
    expect(() => getPhase('bogus' as any)).toThrow(
      "Unknown provisioning phase 'bogus'",
    );
  });
});
