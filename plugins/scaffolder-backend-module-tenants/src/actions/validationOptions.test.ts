import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_VALIDATION_OPTIONS,
  validationOptionsFromConfig,
} from './validationOptions';

const read = (validation?: object) =>
  validationOptionsFromConfig(
    new ConfigReader(validation ? { tenants: { validation } } : {}),
  );

describe('validationOptionsFromConfig', () => {
  it('has defaults', () => {
    expect(read()).toEqual(DEFAULT_VALIDATION_OPTIONS);
  });

  it('reads every key', () => {
    expect(
      read({
        certificateExpiryWindowDays: 30,
        timeoutSeconds: 45,
        dnsResolver: '127.0.0.1:15353',
      }),
    ).toEqual({
      certificateExpiryWindowDays: 30,
      timeoutMs: 45_000,
      dnsResolver: '127.0.0.1:15353',
    });
    expect(read({ dnsResolver: '[::1]:53' }).dnsResolver).toBe('[::1]:53');
  });

  it('names the key that is wrong', () => {
    expect(() => read({ certificateExpiryWindowDays: -1 })).toThrow(
      'tenants.validation.certificateExpiryWindowDays must be a whole number of days ≥ 0, got -1',
    );
    expect(() => read({ timeoutSeconds: 0 })).toThrow(
      'tenants.validation.timeoutSeconds must be a positive number, got 0',
    );
    expect(() => read({ dnsResolver: 'dns server; rm' })).toThrow(
      "tenants.validation.dnsResolver must be host or host:port (e.g. 10.0.0.2 or 127.0.0.1:53), got 'dns server; rm'",
    );
  });
});
