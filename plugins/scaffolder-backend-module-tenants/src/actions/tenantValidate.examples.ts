import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Validate the spec assembled from the wizard steps',
    example: `
steps:
  - id: validate
    name: Validate tenant specification
    action: tenant:validate
    input:
      spec:
        details:
          name: Acme Analytics
          slug: acme
          billingTier: professional
          adminEmail: admin@acme.example
        infrastructure:
          cloudProvider: azure
          region: nearest
          resourceTier: medium
        modules:
          core: true
          bi: true
        security:
          authMethod: oidc
          mfaPolicy: required-admins
`,
  },
];
