import { SignJWT } from 'jose';

export interface TokenClaims {
  sub: string;
  permissions: string[];
  clinicIds: string[];
  ttlSeconds?: number;
}

/** HS256 token with the claims of SPEC §6 (used by `npm run token`, the demo and the tests). */
export async function signToken(secret: string, c: TokenClaims): Promise<string> {
  return new SignJWT({ permissions: c.permissions, clinicIds: c.clinicIds })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (c.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(secret));
}
