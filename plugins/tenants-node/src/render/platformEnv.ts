import type { V1EnvVar } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  KAFKA_CLIENT_PORT,
  KAFKA_SERVICE,
  LOG_COLLECTOR_SERVICE,
  OTLP_HTTP_PORT,
  POSTGRES_PORT,
  POSTGRES_SERVICE,
  REDIS_PORT,
  REDIS_SERVICE,
} from './endpoints';
import { plainEnv, secretEnv } from './podTemplate';
import {
  API_KEYS_SECRET,
  KAFKA_CREDENTIALS_SECRET,
  POSTGRES_CREDENTIALS_SECRET,
  REDIS_CREDENTIALS_SECRET,
} from './secrets';

/**
 * How a platform service reaches the tenant's data infrastructure and
 * telemetry; every credential comes from a Secret by reference.
 */
export function platformServiceEnv(spec: TenantSpec): V1EnvVar[] {
  return [
    plainEnv('TENANT_SLUG', spec.details.slug),
    plainEnv('POSTGRES_HOST', POSTGRES_SERVICE),
    plainEnv('POSTGRES_PORT', POSTGRES_PORT),
    secretEnv('POSTGRES_DB', POSTGRES_CREDENTIALS_SECRET, 'database'),
    secretEnv('POSTGRES_USER', POSTGRES_CREDENTIALS_SECRET, 'username'),
    secretEnv('POSTGRES_PASSWORD', POSTGRES_CREDENTIALS_SECRET, 'password'),
    plainEnv('REDIS_HOST', REDIS_SERVICE),
    plainEnv('REDIS_PORT', REDIS_PORT),
    secretEnv('REDIS_PASSWORD', REDIS_CREDENTIALS_SECRET, 'password'),
    plainEnv(
      'KAFKA_BOOTSTRAP_SERVERS',
      `${KAFKA_SERVICE}:${KAFKA_CLIENT_PORT}`,
    ),
    secretEnv('KAFKA_USERNAME', KAFKA_CREDENTIALS_SECRET, 'username'),
    secretEnv('KAFKA_PASSWORD', KAFKA_CREDENTIALS_SECRET, 'password'),
    secretEnv('SERVICE_TOKEN', API_KEYS_SECRET, 'service-token'),
    plainEnv(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      `http://${LOG_COLLECTOR_SERVICE}:${OTLP_HTTP_PORT}`,
    ),
  ];
}
