import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { importSPKI, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { ENV, type Env } from '../config/env.js';
import { ErrorBody } from '../common/errors.js';

export const PERMISSIONS = ['ops:view_analytics', 'ops:view_provider_detail', 'ops:ingest', 'ops:admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface Principal {
  sub: string;
  permissions: Set<string>;
  /** null = every clinic (`["*"]`) */
  clinicIds: Set<string> | null;
}

const IS_PUBLIC = 'auth:public';
const REQUIRED = 'auth:permissions';

/** Opts a route out of the global auth guard (health checks, the API document). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Requires every listed permission; also writes them into the OpenAPI document
 * (`x-permissions`, bearer auth, 401 and 403 responses).
 */
export const RequirePermissions = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(REQUIRED, permissions),
    ApiBearerAuth('bearer'),
    ApiExtension('x-permissions', permissions),
    ApiUnauthorizedResponse({ description: 'Missing, malformed, expired or wrongly signed bearer token', type: ErrorBody }),
    ApiForbiddenResponse({ description: `The token lacks ${permissions.join(' and ')} or is not granted the clinic asked for`, type: ErrorBody }),
  );

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);

const claimsSchema = z.object({
  sub: z.string().min(1),
  permissions: z.array(z.string()),
  clinicIds: z.array(z.string()),
  exp: z.number(),
});

/** How many verified tokens the verifier remembers (the oldest is forgotten first). */
const REMEMBERED_TOKENS = 10_000;

@Injectable()
export class TokenVerifier {
  private key: Promise<Uint8Array | Awaited<ReturnType<typeof importSPKI>>>;
  private algorithms: string[];
  /**
   * Tokens already verified, until they expire: a client sends the same token with every request, and checking its
   * signature and claims again each time cost about a tenth of a millisecond of CPU per request. Keyed by the whole
   * token text, so a token differing in any byte is verified afresh; an entry past its `exp` is dropped and the token
   * verified (and refused as expired) again.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(@Inject(ENV) private readonly env: Env) {
    if (env.AUTH_JWT_PUBLIC_KEY) {
      this.key = importSPKI(env.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'), 'RS256');
      this.algorithms = ['RS256'];
    } else {
      this.key = Promise.resolve(new TextEncoder().encode(env.AUTH_JWT_SECRET));
      this.algorithms = ['HS256'];
    }
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known.principal;
      this.verified.delete(token);
    }
    const { principal, exp } = await this.check(token);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAt: exp * 1000 });
    return principal;
  }

  private async check(token: string): Promise<{ principal: Principal; exp: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: this.algorithms,
        issuer: this.env.AUTH_JWT_ISSUER,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new UnauthorizedException(
        code === 'ERR_JWT_EXPIRED' ? 'The bearer token has expired; get a new one' : `The bearer token is not valid (${(e as Error).message})`,
      );
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new UnauthorizedException(
        `The bearer token lacks required claims: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')} (needs sub, permissions[], clinicIds[], exp)`,
      );
    }
    const { sub, permissions, clinicIds, exp } = claims.data;
    return { principal: { sub, permissions: new Set(permissions), clinicIds: clinicIds.includes('*') ? null : new Set(clinicIds) }, exp };
  }
}

/** The bearer token of a request, or undefined when the Authorization header is missing or not "Bearer <token>". */
export function bearerToken(headers: Record<string, unknown>): string | undefined {
  const header = headers['authorization'];
  return typeof header === 'string' ? header.match(/^Bearer\s+(\S+)$/i)?.[1] : undefined;
}

const VERIFIED = Symbol('verified principal');
type WithVerified = { headers: Record<string, unknown>; [VERIFIED]?: Promise<Principal> };

/**
 * Verifies a request's bearer token once: the rate limit (which keys requests by the token's subject) and the guard
 * share the result. Rejects like TokenVerifier.verify when the token is missing or invalid.
 */
export function verifyRequest(req: WithVerified, verifier: TokenVerifier): Promise<Principal> {
  req[VERIFIED] ??= (() => {
    const token = bearerToken(req.headers);
    if (!token) return Promise.reject(new UnauthorizedException('Send the header Authorization: Bearer <JWT> (npm run token prints one for local use)'));
    return verifier.verify(token);
  })();
  return req[VERIFIED];
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); then the route's permissions. Every
 * /api/v1 route is clinic-scoped, so a token granted no clinic (`clinicIds: []`) can do nothing: 403 (never "all").
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<WithVerified & { principal?: Principal }>();
    const principal = await verifyRequest(req, this.verifier);
    req.principal = principal;
    const required = this.reflector.getAllAndOverride<Permission[]>(REQUIRED, targets) ?? [];
    const missing = required.filter((p) => !principal.permissions.has(p));
    if (missing.length)
      throw new ForbiddenException(`This route needs the permission ${missing.join(', ')}; the token has [${[...principal.permissions].join(', ')}]`);
    if (principal.clinicIds !== null && principal.clinicIds.size === 0) {
      throw new ForbiddenException(
        'The token is granted no clinic (clinicIds: []); ask for a token whose clinicIds name the clinics it may use, or ["*"] for all',
      );
    }
    return true;
  }
}

export function canSeeClinic(p: Principal, clinicId: string): boolean {
  return p.clinicIds === null || p.clinicIds.has(clinicId);
}

export function assertClinicAccess(p: Principal, clinicIds: Iterable<string>): void {
  const denied = [...clinicIds].filter((c) => !canSeeClinic(p, c));
  if (denied.length) throw new ForbiddenException(`The token is not granted clinic ${denied.join(', ')}; ask for a token whose clinicIds include it`);
}
