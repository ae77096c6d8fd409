import { request, type Agent } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so that tests can send the headers a browser would not (an attacker's Host, Origin, type…). */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: init.agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The `name=value` a browser would send back from a response's Set-Cookie. */
export const cookieFrom = (response: RawResponse) => String(response.headers['set-cookie']).split(';')[0]!;
