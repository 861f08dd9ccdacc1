/** The console speaks only to the /v1 API, with the session cookie; a change carries the CSRF token in a header. */

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

/** An answer other than 2xx: the API's error code, its message and, for a 400, each field path and reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

const csrfToken = () => /(?:^|;\s*)statledger_csrf=([^;]+)/.exec(document.cookie)?.[1];

/** Called when the session has ended (401), so the console can ask to sign in again. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (handler: () => void) => (onSignedOut = handler);

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  options: { csv?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
  }
  let payload: string | undefined;
  if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = options.csv;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    if (response.status === 401 && path !== '/v1/session') onSignedOut();
    throw new ApiError(
      response.status,
      String(json.error ?? 'error'),
      String(json.message ?? response.statusText),
      (json.issues as ApiIssue[]) ?? [],
    );
  }
  return json as T;
}

/** Query strings without the empty parameters. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  return search.toString();
}
