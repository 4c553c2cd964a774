import { computeResourceStatus } from './kstatus';

const deployment = (spec: object, status: object, generation = 2) => ({
  kind: 'Deployment',
  metadata: { name: 'api', generation },
  spec,
  status,
});

describe('computeResourceStatus', () => {
  it('waits until the controller observed the latest generation', () => {
    const result = computeResourceStatus(
      deployment(
        { replicas: 2 },
        {
          observedGeneration: 1,
          replicas: 2,
          updatedReplicas: 2,
          readyReplicas: 2,
          availableReplicas: 2,
        },
      ),
    );
    expect(result).toEqual({
      status: 'InProgress',
      message: 'controller has not observed generation 2 yet',
    });
  });

  it.each([
    [
      { observedGeneration: 2, replicas: 2, updatedReplicas: 1 },
      'InProgress',
      '1/2 replicas updated',
    ],
    [
      {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 2,
        readyReplicas: 2,
      },
      'InProgress',
      '1 old replicas pending termination',
    ],
    [
      {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 1,
      },
      'InProgress',
      '1/2 ready',
    ],
    [
      {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 1,
      },
      'InProgress',
      '1/2 available',
    ],
    [
      {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
      },
      'Current',
      '2/2 ready',
    ],
  ])('reads deployment status %j as %s', (status, expected, message) => {
    expect(computeResourceStatus(deployment({ replicas: 2 }, status))).toEqual({
      status: expected,
      message,
    });
  });

  it('reports a deployment past its progress deadline as failed', () => {
    const result = computeResourceStatus(
      deployment(
        { replicas: 1 },
        {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "api-1" has timed out progressing.',
            },
          ],
        },
      ),
    );
    expect(result.status).toBe('Failed');
    expect(result.message).toContain('has timed out progressing');
  });

  it('explains why a pod is not ready', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'api-0' },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'False', message: 'readiness probe failed' },
        ],
      },
    };
    expect(computeResourceStatus(pod)).toEqual({
      status: 'InProgress',
      message: 'pod not ready: readiness probe failed',
    });
  });

  it('reports a crash-looping pod as failed with the container reason', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'api-0' },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'api',
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' },
            },
          },
        ],
      },
    };
    expect(computeResourceStatus(pod)).toEqual({
      status: 'Failed',
      message: 'container api: CrashLoopBackOff back-off 10s',
    });
  });

  it('reports a failed pod with how its container ended when the pod gives no reason', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'setup-x' },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'data-setup',
            state: {
              terminated: {
                exitCode: 2,
                reason: 'Error',
                message:
                  'psql: error: connection refused\n\n  is the server running?\n',
              },
            },
          },
        ],
      },
    };
    expect(computeResourceStatus(pod)).toEqual({
      status: 'Failed',
      message:
        'pod failed: container data-setup exited with code 2 (Error): psql: error: connection refused | is the server running?',
    });
    expect(
      computeResourceStatus({
        kind: 'Pod',
        status: { phase: 'Failed', reason: 'DeadlineExceeded' },
      }).message,
    ).toBe('pod failed: DeadlineExceeded');
  });

  it('judges a Job by its Complete and Failed conditions', () => {
    const job = (conditions: object[]) => ({
      kind: 'Job',
      metadata: { name: 'setup', generation: 1 },
      status: { conditions },
    });
    expect(computeResourceStatus(job([])).status).toBe('InProgress');
    expect(
      computeResourceStatus(job([{ type: 'Complete', status: 'True' }])),
    ).toEqual({ status: 'Current', message: 'job complete' });
    expect(
      computeResourceStatus(
        job([
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ]),
      ),
    ).toEqual({
      status: 'Failed',
      message: 'job failed: Job has reached the specified backoff limit',
    });
  });

  it('treats objects being deleted as terminating', () => {
    expect(
      computeResourceStatus({
        kind: 'Namespace',
        metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' },
      }).status,
    ).toBe('Terminating');
  });

  it('uses the Ready condition for custom resources', () => {
    const certificate = {
      kind: 'Certificate',
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'Issuing' }],
      },
    };
    expect(computeResourceStatus(certificate)).toEqual({
      status: 'InProgress',
      message: 'Issuing',
    });
    expect(computeResourceStatus({ kind: 'ConfigMap' })).toEqual({
      status: 'Current',
      message: 'applied',
    });
  });
});
