import {
  suggestSlug,
  tenantSpecSchema,
  TenantSpecInput,
  SLUG_MAX_LENGTH,
} from './spec';

const validSpec: TenantSpecInput = {
  details: {
    name: 'Acme Analytics',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: {},
  modules: {},
  security: { authMethod: 'oidc', mfaPolicy: 'required-admins' },
};

describe('tenantSpecSchema', () => {
  it('fills in the specification defaults', () => {
    const spec = tenantSpecSchema.parse(validSpec);
    expect(spec.infrastructure).toEqual({
      cloudProvider: 'azure',
      region: 'nearest',
      resourceTier: 'medium',
      dedicatedCompute: false,
      gpuEnabled: false,
    });
    expect(spec.modules).toEqual({
      core: true,
      bi: true,
      ml: false,
      dataPlatform: false,
      contextGraph: true,
    });
    expect(spec.dataSources).toEqual([]);
    expect(spec.security.allowedCidrs).toEqual([]);
  });

  it.each([
    [
      'a name that is too short',
      { details: { ...validSpec.details, name: 'ab' } },
      'Tenant name must be at least 3 characters',
    ],
    [
      'a slug with upper case',
      { details: { ...validSpec.details, slug: 'Acme' } },
      'Slug must start with a lowercase letter and contain only lowercase letters and digits',
    ],
    [
      'a slug with a dash',
      { details: { ...validSpec.details, slug: 'ac-me' } },
      'Slug must start with a lowercase letter and contain only lowercase letters and digits',
    ],
    [
      'an overlong slug',
      {
        details: {
          ...validSpec.details,
          slug: 'a'.repeat(SLUG_MAX_LENGTH + 1),
        },
      },
      `Slug must be at most ${SLUG_MAX_LENGTH} characters`,
    ],
    [
      'a reserved slug',
      { details: { ...validSpec.details, slug: 'platform' } },
      "Slug 'platform' is reserved",
    ],
    [
      'an invalid email',
      { details: { ...validSpec.details, adminEmail: 'not-an-email' } },
      'Admin email must be a valid email address',
    ],
    [
      'a description over 500 characters',
      { details: { ...validSpec.details, description: 'x'.repeat(501) } },
      'Description must be at most 500 characters',
    ],
    [
      'an invalid CIDR',
      { security: { ...validSpec.security, allowedCidrs: ['10.0.0.0/33'] } },
      "'10.0.0.0/33': an IPv4 prefix length is at most 32",
    ],
  ])(
    'rejects %s with a message a person can act on',
    (_, override, message) => {
      const result = tenantSpecSchema.safeParse({ ...validSpec, ...override });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map(i => i.message)).toContain(message);
    },
  );

  it('rejects unknown fields instead of silently dropping them', () => {
    const result = tenantSpecSchema.safeParse({ ...validSpec, extra: true });
    expect(result.success).toBe(false);
  });

  it('rejects two data sources with the same name', () => {
    const source = {
      name: 'warehouse',
      type: 'postgresql',
      host: 'db',
      port: 5432,
      database: 'dw',
      user: 'u',
    } as const;
    const result = tenantSpecSchema.safeParse({
      ...validSpec,
      dataSources: [source, source],
    });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['dataSources', 1, 'name'],
      message: "Data source name 'warehouse' is used twice",
    });
  });
});

describe('suggestSlug', () => {
  it.each([
    ['Acme Corp (EU)', 'acmecorpeu'],
    ['Café Zürich', 'cafezurich'],
    ['42 Labs', 'labs'],
    ['x'.repeat(80), 'x'.repeat(SLUG_MAX_LENGTH)],
  ])('suggests a slug for %s', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });
});
