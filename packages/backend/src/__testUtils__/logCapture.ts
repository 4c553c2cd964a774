import {
  coreServices,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';

type LogMeta = Parameters<LoggerService['child']>[0];

export interface CapturedLogLine {
  level: string;
  message: string;
  /** The message and its meta (the logger's fields included) as one text. */
  text: string;
  /** Whether the auditor service wrote it: audit events are logged this way. */
  isAuditEvent: boolean;
}

/** JSON of log meta, with errors' messages and stacks, and without cycles. */
function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) {
      return { ...v, name: v.name, message: v.message, stack: v.stack };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return typeof v === 'bigint' ? String(v) : v;
  });
}

class CapturingLogger implements RootLoggerService {
  constructor(
    private readonly lines: CapturedLogLine[],
    private readonly fields: LogMeta,
  ) {}

  error(message: string, meta?: Error | LogMeta) {
    this.log('error', message, meta);
  }
  warn(message: string, meta?: Error | LogMeta) {
    this.log('warn', message, meta);
  }
  info(message: string, meta?: Error | LogMeta) {
    this.log('info', message, meta);
  }
  debug(message: string, meta?: Error | LogMeta) {
    this.log('debug', message, meta);
  }
  child(meta: LogMeta) {
    return new CapturingLogger(this.lines, { ...this.fields, ...meta });
  }

  private log(level: string, message: string, meta?: Error | LogMeta) {
    this.lines.push({
      level,
      message,
      text: `${message} ${serialize({ ...this.fields, meta })}`,
      isAuditEvent: this.fields.isAuditEvent === true,
    });
  }
}

/**
 * A root logger that keeps every line the backend logs, at every level, so a
 * test can search them; the plugins' loggers and the auditor service (which
 * logs audit events) write through it.
 */
export function createLogCapture() {
  const lines: CapturedLogLine[] = [];
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => new CapturingLogger(lines, {}),
    }),
  };
}
