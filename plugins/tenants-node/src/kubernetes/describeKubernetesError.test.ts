import {
  describeKubernetesError,
  isKindNotServed,
  isNotFound,
} from './describeKubernetesError';

describe('describeKubernetesError', () => {
  it('uses the Status message of an API error and its HTTP code', () => {
    const error = {
      code: 422,
      body: JSON.stringify({
        kind: 'Status',
        message:
          'Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1',
      }),
    };
    expect(describeKubernetesError(error, 'deployment/api')).toBe(
      'deployment/api: Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1 (HTTP 422)',
    );
  });

  it.each([
    [
      'a kind discovery does not know',
      new Error(
        'Unrecognized API version and kind: cert-manager.io/v1 Certificate',
      ),
    ],
    [
      'an API group that is not served',
      { code: 404, body: '404 page not found\n' },
    ],
  ])('explains %s as a missing CustomResourceDefinition', (_, error) => {
    const kind = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate' };
    expect(describeKubernetesError(error, 'certificate/tls', kind)).toBe(
      'certificate/tls: the cluster does not serve Certificate (cert-manager.io/v1); install the CustomResourceDefinition that provides it',
    );
    expect(isKindNotServed(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });

  it('recognizes a missing object', () => {
    const error = {
      code: 404,
      body: JSON.stringify({
        kind: 'Status',
        reason: 'NotFound',
        message: 'configmaps "x" not found',
      }),
    };
    expect(isNotFound(error)).toBe(true);
    expect(isKindNotServed(error)).toBe(false);
    expect(isNotFound(new Error('boom'))).toBe(false);
  });
});
