// The bearer token of the signed-in user: from `#token=<JWT>` in the address, or pasted into the sign-in form.
// Kept in sessionStorage (this tab only, gone when the tab closes); the page never sends it anywhere but /api/v1.

const KEY = 'utilization-admin-token';

export interface Claims {
  sub: string;
  permissions: string[];
  clinicIds: string[];
  exp: number;
}

/** Reads the claims without verifying the signature (the API verifies it; this only tailors the page). */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const c = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (ch) => ch.charCodeAt(0)))) as Partial<Claims>;
    return {
      sub: String(c.sub ?? ''),
      permissions: Array.isArray(c.permissions) ? c.permissions.map(String) : [],
      clinicIds: Array.isArray(c.clinicIds) ? c.clinicIds.map(String) : [],
      exp: Number(c.exp ?? 0),
    };
  } catch {
    return null;
  }
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the token lives in memory only */
  }
}

export const canSeeProviderDetail = (c: Claims | null) => !!c?.permissions.includes('ops:view_provider_detail');
