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
