import { formatChecksTable } from './formatChecksTable';

describe('formatChecksTable', () => {
  it('aligns check, result and detail', () => {
    expect(
      formatChecksTable([
        { check: 'deployment/api', ok: true, detail: 'Current: 1/1 ready' },
        { check: 'service/api endpoints', ok: false, detail: 'none' },
      ]),
    ).toEqual([
      'check                 | result | detail',
      'deployment/api        | pass   | Current: 1/1 ready',
      'service/api endpoints | FAIL   | none',
    ]);
  });
});
