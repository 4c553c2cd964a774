import { APPLY_PHASES } from './applyPhases';

describe('APPLY_PHASES', () => {
  it('lists every provisioning phase but validation, in order', () => {
    expect(APPLY_PHASES).toEqual([
      'namespace',
      'secrets',
      'data-infrastructure',
      'control-plane',
      'data-plane',
      'ingress',
      'observability',
    ]);
  });
});
