import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Add a data source to a tenant: the password (the scaffolder secret 'dataSourcePassword') is staged on the tenant's cluster and the change request names it",
    example: `
steps:
  - id: request
    name: Stage the password and file the change request
    action: tenant:request-data-source-change
    input:
      tenant: \${{ parameters.tenant }}
      operation: add
      dataSource:
        name: crm
        type: postgresql
        host: db.example.com
        port: 5432
        database: crm
        user: app
        tlsMode: require
      reason: \${{ parameters.reason }}
`,
  },
  {
    description: 'Remove a data source of a tenant (no password needed)',
    example: `
steps:
  - id: request
    name: File the change request
    action: tenant:request-data-source-change
    input:
      tenant: \${{ parameters.tenant }}
      operation: remove
      dataSource:
        name: crm
      reason: \${{ parameters.reason }}
`,
  },
];
