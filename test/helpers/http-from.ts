// HTTP requests from a chosen loopback address (127.0.0.2, 127.0.0.3, …): several "clients" on one machine,
// as the login throttle sees them.
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpFrom(
  localAddress: string,
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: init.method ?? 'GET',
        localAddress,
        headers: init.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A login attempt from `address`: the form the login page posts, from the board's own origin. */
export function loginFrom(address: string, base: string, username: string, password: string, cookie?: string): Promise<HttpAnswer> {
  return httpFrom(address, `${base}/board/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...(cookie ? { cookie } : {}) },
  });
}

/** The `name=value` of the cookie `name` among an answer's Set-Cookie headers. */
export const cookieOf = (setCookie: string | string[] | undefined, name: string): string | undefined =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));

/** The board's session cookie after a successful login from `address`; throws with the status otherwise. */
export async function sessionFrom(address: string, base: string, username: string, password: string): Promise<string> {
  const res = await loginFrom(address, base, username, password);
  const cookie = cookieOf(res.headers['set-cookie'], 'duban_board');
  if (res.status !== 302 || !cookie) throw new Error(`login as ${username} from ${address} answered ${res.status}`);
  return cookie;
}
