import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applyObjects,
  ClusterRegistry,
  createRenderContext,
  listCrdNames,
  namespaceExists,
  readExistingSecretValues,
  waitForWorkloads,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { z } from 'zod';
import type { TenantServiceClient } from '../TenantServiceClient';
import { acmeSpecInput } from '../__testUtils__/tenantSpec';
import { createPhaseAction } from './phaseActions';
import { createRegisterTenantAction } from './tenantRegister';
import { createValidateTenantAction } from './tenantValidate';
import { createValidationAction } from './tenantValidation';

/*
 * Hostile input to the provisioning actions: each is refused with a clear
 * message before the Tenant Service is called or the cluster is touched.
 * Where the input breaks the action's input schema, the scaffolder refuses
 * it before the handler runs; the handler must refuse it on its own too.
 */

// listCrdNames and readExistingSecretValues are mocks; tenants-node's
// cachedCrdNames and secretObjects call them (see mockClusterReads).
jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('../__testUtils__/mockClusterReads').mockClusterReads(),
  applyObjects: jest.fn(),
  namespaceExists: jest.fn(),
  waitForWorkloads: jest.fn(),
}));

const clusters = ClusterRegistry.fromConfig(
  new ConfigReader({
    tenants: {
      clusters: [
        {
          name: 'local',
          provider: 'azure',
          regions: ['westeurope'],
          preferred: true,
          url: 'https://127.0.0.1:6443',
          serviceAccountToken: 'never-used',
        },
      ],
    },
  }),
);

const tenantService = {
  register: jest.fn(),
  isSlugAvailable: jest.fn(),
  reportPhase: jest.fn(),
};
const phaseDeps = {
  clusters,
  tenantService: tenantService as unknown as TenantServiceClient,
  renderContext: createRenderContext(),
};
const actions = {
  'tenant:validate': createValidateTenantAction(),
  'tenant:register': createRegisterTenantAction(phaseDeps),
  'tenant:namespace': createPhaseAction('namespace', phaseDeps),
  'tenant:validation': createValidationAction(phaseDeps),
};
type ActionId = keyof typeof actions;
/** What the mock context takes as input: JSON. */
type JsonInput = NonNullable<
  NonNullable<Parameters<typeof createMockActionContext>[0]>['input']
>;

const TENANT_ID = '5b1d7c57-2f0e-4d4c-9f57-0c6a7d1b2a10';
const NUL = '\u0000';

/** A fresh copy of the minimal acme spec, for a test to change. */
const baseSpec = (): Record<string, any> => structuredClone(acmeSpecInput);

/** The base spec with one value replaced, at a dotted path such as `details.slug`. */
function specWith(path: string, value: unknown): Record<string, any> {
  const spec = baseSpec();
  const keys = path.split('.');
  const parent = keys
    .slice(0, -1)
    .reduce((node: Record<string, any>, key) => (node[key] ??= {}), spec);
  parent[keys[keys.length - 1]] = value;
  return spec;
}

/** Inputs of each action that it accepts (the control test shows it). */
const baseInput: Record<ActionId, Record<string, unknown>> = {
  'tenant:validate': { spec: baseSpec() },
  'tenant:register': { spec: baseSpec() },
  'tenant:namespace': {
    tenantId: TENANT_ID,
    cluster: 'local',
    spec: baseSpec(),
  },
  'tenant:validation': {
    tenantId: TENANT_ID,
    cluster: 'local',
    spec: baseSpec(),
  },
};

interface HostileActionInput {
  name: string;
  action: ActionId;
  /** Replaces inputs of the action's base input. */
  input: Record<string, unknown>;
  /** A fragment of the message the handler fails with. */
  message: string;
  /** The input breaks the action's input schema (the scaffolder refuses it first). */
  breaksSchema?: boolean;
}

const cases: HostileActionInput[] = [
  ...(
    [
      ['SQL injection in the slug', 'details.slug', "acme'; DROP TABLE x;--"],
      ['a Cyrillic look-alike in the slug', 'details.slug', '\u0430cme'],
      ['a zero-width space in the slug', 'details.slug', 'ac\u200bme'],
      ['a 10 000-character slug', 'details.slug', 'a'.repeat(10_000)],
      ['a template expression in the name', 'details.name', '${{ secrets.x }}'],
      [
        'a right-to-left override in the name',
        'details.name',
        'Acme \u202egpj',
      ],
      ['a NUL byte in the name', 'details.name', `Acme${NUL}`],
      [
        'a header injection in the email',
        'details.adminEmail',
        'a@acme.example\r\nBcc: x@evil.example',
      ],
      ['an IPv4 prefix of 33', 'security.allowedCidrs', ['10.0.0.0/33']],
      ['an IPv6 prefix of 129', 'security.allowedCidrs', ['::/129']],
      [
        'a Unix socket as a data source host',
        'dataSources',
        [
          {
            name: 'warehouse',
            type: 'postgresql',
            host: '/var/run/postgresql',
            port: 5432,
            database: 'dw',
            user: 'reader',
          },
        ],
      ],
    ] as const
  ).map(
    ([what, path, value]): HostileActionInput => ({
      name: `tenant:validate refuses ${what}`,
      action: 'tenant:validate',
      input: { spec: specWith(path, value) },
      message: `Invalid tenant specification: ${path}`,
    }),
  ),
  {
    name: 'tenant:validate refuses an unknown field',
    action: 'tenant:validate',
    input: { spec: specWith('details.isPlatformAdmin', true) },
    message: 'details: Unrecognized key: "isPlatformAdmin"',
  },
  {
    name: 'tenant:validate refuses constructor.prototype in the spec',
    action: 'tenant:validate',
    input: { spec: specWith('constructor', { prototype: { x: 1 } }) },
    message: 'spec: Unrecognized key: "constructor"',
  },
  {
    name: 'tenant:validate refuses __proto__ in the spec',
    action: 'tenant:validate',
    input: {
      spec: JSON.parse(
        JSON.stringify(baseSpec()).replace(
          '"details":{',
          '"details":{"__proto__":{"isPlatformAdmin":true},',
        ),
      ),
    },
    message: 'details: Unrecognized key: "__proto__"',
  },
  {
    name: 'tenant:validate refuses a starter tenant with GPUs',
    action: 'tenant:validate',
    input: {
      spec: {
        ...specWith('details.billingTier', 'starter'),
        infrastructure: {
          cloudProvider: 'azure',
          region: 'westeurope',
          gpuEnabled: true,
        },
      },
    },
    message: 'Invalid tenant specification: infrastructure.gpuEnabled',
  },
  {
    name: 'tenant:validate refuses a spec that is an array',
    action: 'tenant:validate',
    input: { spec: [baseSpec()] },
    message:
      'Invalid tenant specification: spec: Invalid input: expected object',
    breaksSchema: true,
  },
  {
    name: 'tenant:validate refuses a spec that is null',
    action: 'tenant:validate',
    input: { spec: null },
    message:
      'Invalid tenant specification: spec: Invalid input: expected object',
    breaksSchema: true,
  },
  {
    name: 'tenant:register refuses SQL injection in the slug',
    action: 'tenant:register',
    input: { spec: specWith('details.slug', "x' OR '1'='1") },
    message: 'details.slug: Slug must start with a lowercase letter',
  },
  {
    name: 'tenant:register refuses a cluster with path traversal',
    action: 'tenant:register',
    input: { cluster: '../../etc/passwd' },
    message:
      "No cluster named '../../etc/passwd' is configured under tenants.clusters",
  },
  {
    name: 'tenant:register refuses a cluster with a shell command',
    action: 'tenant:register',
    input: { cluster: '$(rm -rf /)' },
    message: "No cluster named '$(rm -rf /)' is configured",
  },
  {
    name: 'tenant:register refuses a cluster that is a number',
    action: 'tenant:register',
    input: { cluster: 5 },
    message: "No cluster named '5' is configured",
    breaksSchema: true,
  },
  {
    name: 'tenant:register refuses a region with path traversal',
    action: 'tenant:register',
    input: { spec: specWith('infrastructure.region', '../../etc') },
    message: "No azure cluster serves region '../../etc'",
  },
  {
    name: 'tenant:namespace refuses a tenant id with path traversal',
    action: 'tenant:namespace',
    input: { tenantId: '../../v1/tenants' },
    message: 'Tenant id must be the tenantId output of tenant:register',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses the tenant id ..',
    action: 'tenant:namespace',
    input: { tenantId: '..' },
    message: 'Tenant id must be the tenantId output of tenant:register',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a 10 000-character tenant id',
    action: 'tenant:namespace',
    input: { tenantId: 'a'.repeat(10_000) },
    message: 'Tenant id must be the tenantId output of tenant:register',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a tenant id that is a number',
    action: 'tenant:namespace',
    input: { tenantId: 42 },
    message: 'Tenant id must be the tenantId output of tenant:register',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a cluster with path traversal',
    action: 'tenant:namespace',
    input: { cluster: '../../etc/passwd' },
    message: "No cluster named '../../etc/passwd' is configured",
  },
  {
    name: 'tenant:namespace refuses a negative readiness timeout',
    action: 'tenant:namespace',
    input: { readinessTimeoutSeconds: -1 },
    message: 'readinessTimeoutSeconds must be a whole number of seconds',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a readiness timeout beyond what timers hold',
    action: 'tenant:namespace',
    input: { readinessTimeoutSeconds: 1e12 },
    message: 'readinessTimeoutSeconds must be a whole number of seconds',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a readiness timeout that is a string',
    action: 'tenant:namespace',
    input: { readinessTimeoutSeconds: '600' },
    message: 'readinessTimeoutSeconds must be a whole number of seconds',
    breaksSchema: true,
  },
  {
    name: 'tenant:namespace refuses a Cyrillic look-alike in the slug',
    action: 'tenant:namespace',
    input: { spec: specWith('details.slug', '\u0430cme') },
    message: 'details.slug: Slug must start with a lowercase letter',
  },
  {
    name: 'tenant:namespace refuses a spec that is a string',
    action: 'tenant:namespace',
    input: { spec: 'kind: Namespace' },
    message:
      'Invalid tenant specification: spec: Invalid input: expected object',
    breaksSchema: true,
  },
  ...(['tenant:namespace', 'tenant:validation'] as const).map(
    (action): HostileActionInput => ({
      name: `${action} refuses a spec whose region is still "nearest"`,
      action,
      input: { spec: specWith('infrastructure.region', 'nearest') },
      message:
        'The tenant\'s region is still "nearest": pass the spec that tenant:register outputs',
    }),
  ),
  {
    name: 'tenant:validation refuses a tenant id with path traversal',
    action: 'tenant:validation',
    input: { tenantId: '../../v1/tenants' },
    message: 'Tenant id must be the tenantId output of tenant:register',
    breaksSchema: true,
  },
];

/** Parses an input with the action's input schema, as the scaffolder does before calling the handler. */
function schemaAccepts(action: ActionId, input: unknown): boolean {
  const schema = actions[action].schema?.input;
  return z.fromJSONSchema(schema as any).safeParse(input).success;
}

describe('hostile input to the tenant actions', () => {
  beforeEach(() => {
    jest.resetAllMocks();
    jest.mocked(listCrdNames).mockRejectedValue(new Error('cluster reached'));
  });

  // The phase actions get as far as reading the cluster's CRDs (which fails).
  it.each([
    ['tenant:validate', 'done'],
    ['tenant:register', 'done'],
    ['tenant:namespace', 'cluster reached'],
    ['tenant:validation', 'cluster reached'],
  ] as const)(
    'lets %s past its checks with the base input',
    async (action, outcome) => {
      tenantService.register.mockResolvedValue({
        tenant: { id: TENANT_ID, slug: 'acme' },
        run: { id: 'run-1', attempt: 1 },
      });
      expect(schemaAccepts(action, baseInput[action])).toBe(true);
      const ctx = createMockActionContext({
        input: baseInput[action] as JsonInput,
      });
      await expect(
        actions[action].handler(ctx as any).then(
          () => 'done',
          (error: Error) => error.message,
        ),
      ).resolves.toBe(outcome);
    },
  );

  it.each(cases.map(row => [row.name, row] as const))(
    '%s',
    async (_name, row) => {
      const input = { ...baseInput[row.action], ...row.input };
      expect(schemaAccepts(row.action, input)).toBe(!row.breaksSchema);

      const ctx = createMockActionContext({ input: input as JsonInput });
      await expect(
        actions[row.action].handler(ctx as any),
      ).rejects.toMatchObject({
        message: expect.stringContaining(row.message),
      });

      expect(ctx.output).not.toHaveBeenCalled();
      expect(tenantService.register).not.toHaveBeenCalled();
      expect(tenantService.isSlugAvailable).not.toHaveBeenCalled();
      expect(tenantService.reportPhase).not.toHaveBeenCalled();
      for (const touch of [
        listCrdNames,
        namespaceExists,
        readExistingSecretValues,
        waitForWorkloads,
        applyObjects,
      ]) {
        expect(touch).not.toHaveBeenCalled();
      }
    },
  );
});
