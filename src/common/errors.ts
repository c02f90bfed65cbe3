import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Prisma } from '../generated/prisma/client.js';

export class ErrorItem {
  @ApiPropertyOptional({ description: 'Index of the bad item in `items` (intake batches)', example: 3 })
  index?: number;
  @ApiProperty({ description: 'The field (dotted path) that is wrong', example: 'scheduledEnd' })
  field!: string;
  @ApiProperty({ description: 'What is wrong and how to fix it', example: 'must be after scheduledStart (2026-03-02T09:00:00-06:00)' })
  message!: string;
}

/** The one error body of the service. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;
  @ApiProperty({ example: 'Bad Request' })
  error!: string;
  @ApiProperty({ example: '2 items are invalid; see errors' })
  message!: string;
  @ApiPropertyOptional({ type: [ErrorItem], description: 'Every problem found, when there are several' })
  errors?: ErrorItem[];
  @ApiProperty({ example: 'b4c1d0d2-7f55-4f5e-8d3e-1f1f6b6a2c10', description: 'Also sent as the x-request-id header; quote it when reporting a problem' })
  requestId!: string;
}

/** 400 with a list of problems; for intake batches each carries the item index. */
export class ValidationFailed extends BadRequestException {
  constructor(
    readonly errors: ErrorItem[],
    message?: string,
  ) {
    super(message ?? (errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} problems in the request; see errors`));
  }
}

const PRISMA_HTTP: Record<string, [number, string]> = {
  P2002: [HttpStatus.CONFLICT, 'A record with the same key already exists'],
  P2003: [HttpStatus.CONFLICT, 'The record refers to something that does not exist'],
  P2025: [HttpStatus.NOT_FOUND, 'The record was not found'],
  P2034: [HttpStatus.CONFLICT, 'The write conflicted with another one; retry the request'],
};
const PG_HTTP: Record<string, [number, string]> = {
  '23505': [HttpStatus.CONFLICT, 'A record with the same key already exists'],
  '23503': [HttpStatus.CONFLICT, 'The record refers to something that does not exist'],
  '40001': [HttpStatus.CONFLICT, 'The write conflicted with another one; retry the request'],
  '40P01': [HttpStatus.CONFLICT, 'The write conflicted with another one; retry the request'],
  '57014': [HttpStatus.SERVICE_UNAVAILABLE, 'The database cancelled the query (timeout); narrow the request or retry'],
  // data exceptions: a value from the request that the database cannot store or compare. The input checks (schemas,
  // url-check.ts) refuse these first; this keeps any path they miss a 400, never a 500
  ...Object.fromEntries(
    ['22021', '22P05', '22008', '22007', '22P02', '22003', '22001', '22023', '2200X', '22009'].map((code) => [
      code,
      [HttpStatus.BAD_REQUEST, 'A value in the request cannot be stored or compared (invalid text, date or number); check the parameters and fields'] as [
        number,
        string,
      ],
    ]),
  ),
};

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const requestId = String(req?.id ?? '');
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error; the request id identifies it in the logs';
    let errors: ErrorItem[] | undefined;

    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'string') message = res;
      else {
        const m = (res as { message?: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : exception.message;
      }
      if (exception instanceof ValidationFailed) errors = exception.errors;
    } else if (PG_HTTP[databaseCode(exception) ?? '']) {
      [status, message] = PG_HTTP[databaseCode(exception)!];
    } else if (exception instanceof Prisma.PrismaClientKnownRequestError && PRISMA_HTTP[exception.code]) {
      [status, message] = PRISMA_HTTP[exception.code];
    } else if ((exception as { statusCode?: number })?.statusCode && (exception as { statusCode: number }).statusCode < 500) {
      // errors raised by Fastify itself (body too large, malformed JSON, unsupported media type)
      status = (exception as { statusCode: number }).statusCode;
      message = (exception as Error).message;
    }
    if (status >= 500) this.logger.error({ err: exception, requestId }, (exception as Error)?.message);

    const body: ErrorBody = {
      statusCode: status,
      error:
        HttpStatus[status]
          ?.replace(/_/g, ' ')
          .toLowerCase()
          .replace(/\b\w/g, (c) => c.toUpperCase()) ?? 'Error',
      message,
      requestId,
    };
    if (errors) body.errors = errors;
    if (reply.sent) return;
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const sqlState = (v: unknown): string | undefined => (typeof v === 'string' && SQLSTATE.test(v) ? v : undefined);

/**
 * The PostgreSQL error code (SQLSTATE) behind an error, wherever the layers put it: a pg / PGlite error (`code`); under
 * Prisma's driver adapters a PrismaClientKnownRequestError (P2010 for $queryRaw/$executeRaw, P2002… for the model API)
 * carrying it in `meta.driverAdapterError.cause` (`originalCode`, or `code` for the errors the adapter does not
 * classify), or a bare DriverAdapterError (`cause`). Prisma's own P-codes are not SQLSTATEs (a P is not a digit first).
 */
export function databaseCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const x = e as {
    code?: unknown;
    cause?: { originalCode?: unknown; code?: unknown };
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  };
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = x.meta?.driverAdapterError?.cause;
    return sqlState(cause?.originalCode) ?? sqlState(cause?.code) ?? /Code: `([0-9A-Z]{5})`/.exec(e.message)?.[1];
  }
  if ((e as Error).name === 'DriverAdapterError') return sqlState(x.cause?.originalCode) ?? sqlState(x.cause?.code);
  return /^P\d{4}$/.test(String(x.code)) ? undefined : sqlState(x.code);
}
