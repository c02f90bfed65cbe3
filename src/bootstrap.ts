import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { TokenVerifier, verifyRequest } from './auth/auth.js';
import { registerConditionalGet } from './common/http.js';
import { registerUrlCheck, replyUrlProblems, urlProblems } from './common/url-check.js';
import { RequestValidationPipe } from './common/validation.js';
import { registerHttpMetrics } from './metrics/figures.js';
import { describeService, EXTRA_MODELS, finishDocument } from './common/openapi.js';
import { createPino, NestPinoLogger } from './common/logger.js';
import type { Env } from './config/env.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one bootstrap of the service: main.ts and every e2e test build the app here, so tests run
 * through the production pipes, guards, filters, headers and OpenAPI document.
 */
export async function createApp(env: Env): Promise<NestFastifyApplication> {
  const logger = createPino(env.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: 20 * 1024 * 1024,
    // X-Forwarded-For decides the client address only behind a proxy the operator names (TRUST_PROXY)
    trustProxy: env.TRUST_PROXY,
    // a URL the router cannot decode (bad percent-encoding in the path) answers in the one error body too
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => {
      const found = urlProblems(req.url);
      void replyUrlProblems(req, reply, found.length ? found : [{ field: '(path)', message: `cannot be read (${error.message})` }]);
    },
    genReqId: (req: import('node:http').IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      req.headers['x-request-id'] = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, { logger: new NestPinoLogger(logger), abortOnError: false });
  app.enableShutdownHooks();
  // the one validation of request DTOs (query, path parameters, bodies): src/common/validation.ts
  app.useGlobalPipes(new RequestValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  registerHttpMetrics(fastify);
  registerUrlCheck(fastify);
  registerConditionalGet(fastify);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  const verifier = app.get(TokenVerifier);
  await app.register(rateLimit, {
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // per verified token subject; requests without a valid token per client address (so rotating garbage tokens gains nothing)
    keyGenerator: async (req) => {
      try {
        return `sub:${(await verifyRequest(req, verifier)).sub}`;
      } catch {
        return `ip:${req.ip}`;
      }
    },
    errorResponseBuilder: (req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Rate limit of ${ctx.max} requests a minute reached; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
      requestId: String(req.id),
    }),
  });
  const document = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
  await app.init();
  await fastify.ready();
  return app;
}

export function buildOpenApi(app: NestFastifyApplication): OpenAPIObject {
  const config = describeService(new DocumentBuilder())
    .setTitle('Utilization Tracking')
    .setDescription(
      'How well the chairs, rooms and providers of dental and orthodontic clinics are used, why time is lost, when the busy and idle hours are, ' +
        'and what capacity they will need.\n\n' +
        'Every `/api/v1` route needs `Authorization: Bearer <JWT>` (HS256 with AUTH_JWT_SECRET, or RS256 with AUTH_JWT_PUBLIC_KEY) with the claims ' +
        '`sub`, `permissions` (e.g. `["ops:view_analytics"]`), `clinicIds` (clinic ids, or `["*"]`) and `exp`. A missing or invalid token answers 401; ' +
        "a token without the route's permission (`x-permissions` on each operation) or without the clinic answers 403.\n\n" +
        'Errors share one body: `{statusCode, error, message, errors?, requestId}`.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return finishDocument(SwaggerModule.createDocument(app, config, { extraModels: EXTRA_MODELS }));
}
