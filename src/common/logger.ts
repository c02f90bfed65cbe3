import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** One pino logger for Fastify's request logs and Nest's own messages: JSON lines with the request id (reqId). */
export function createPino(level: string): Logger {
  return pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    base: { service: 'utilization-tracking' },
  });
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, params: unknown[]) {
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, String(message));
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    const stack = params.length > 1 ? params[0] : undefined;
    this.write('error', message, stack ? [params[params.length - 1]] : params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
}
