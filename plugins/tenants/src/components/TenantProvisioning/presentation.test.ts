import { buildTenant, failedTenant } from '../../__testUtils__/tenants';
import {
  failedPhaseOf,
  formatDuration,
  isTenantBusy,
  parseLogLine,
  phaseLabel,
} from './presentation';
import { supportHref } from './support';

describe('parseLogLine', () => {
  it('splits the Tenant Service’s log format', () => {
    expect(
      parseLogLine(
        '2026-11-28T10:00:00.000Z ERROR [data-plane] Phase data-plane failed: boom',
      ),
    ).toMatchObject({
      at: '2026-11-28T10:00:00.000Z',
      level: 'ERROR',
      phaseId: 'data-plane',
      message: 'Phase data-plane failed: boom',
    });
    expect(
      parseLogLine('2026-11-28T10:00:00.000Z INFO Rollback started by x'),
    ).toMatchObject({ level: 'INFO', phaseId: undefined });
    expect(parseLogLine('something else')).toEqual({
      message: 'something else',
      raw: 'something else',
    });
  });
});

describe('presentation helpers', () => {
  it('formats durations and phase labels', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(phaseLabel('ingress')).toBe('Phase 5.5 · Ingress');
  });

  it('knows when a tenant is busy and which phase failed', () => {
    expect(isTenantBusy(buildTenant())).toBe(true);
    expect(isTenantBusy(failedTenant())).toBe(false);
    expect(isTenantBusy(failedTenant({ state: 'rolling_back' }))).toBe(true);
    expect(failedPhaseOf(failedTenant())?.phaseId).toBe('data-plane');
  });
});

describe('supportHref', () => {
  const tenant = failedTenant();
  it('is undefined without configuration', () => {
    expect(supportHref({}, { tenant })).toBeUndefined();
  });

  it('appends to a URL that already has a query', () => {
    expect(
      supportHref(
        { url: 'https://help.example.com/?form=tenants' },
        { tenant, phase: 'secrets', error: 'a & b' },
      ),
    ).toBe(
      `https://help.example.com/?form=tenants&tenant=${tenant.id}&slug=acme&phase=secrets&error=a%20%26%20b&task=${tenant.latestRun?.scaffolderTaskId}`,
    );
  });

  it('prefers the URL over the email and caps long errors', () => {
    const href = supportHref(
      { url: 'https://help.example.com', email: 'help@example.com' },
      { tenant, error: 'x'.repeat(5000) },
    )!;
    expect(href.startsWith('https://help.example.com?tenant=')).toBe(true);
    expect(href.length).toBeLessThan(1700);
  });
});
