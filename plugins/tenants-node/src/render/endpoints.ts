/** Ports and service names through which tenant workloads reach each other. */
export const HTTP_PORT = 8080;
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
export const KAFKA_CLIENT_PORT = 9092;
export const KAFKA_CONTROLLER_PORT = 9093;
export const METRICS_PORT = 8889;
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

export const POSTGRES_SERVICE = 'postgres';
export const REDIS_SERVICE = 'redis';
export const KAFKA_SERVICE = 'kafka';
export const TENANT_CONFIG_SERVICE = 'tenant-config';
export const QUERY_ENGINE_SERVICE = 'query-engine';
export const LOG_COLLECTOR_SERVICE = 'log-collector';
