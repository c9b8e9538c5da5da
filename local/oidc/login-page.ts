import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { LocalAccount } from './accounts';

/**
 * The local OpenID provider's own sign-in page (what Cognito's hosted UI is on AWS): a
 * username and password form, bilingual, with no script. GET shows it for an interaction the
 * provider started; POST checks the password and hands the provider the account, which then
 * redirects back to the pages with the code.
 */

export const INTERACTION_PATH = '/interaction';
const MAX_FORM_BYTES = 8 * 1024;

export interface InteractionOptions {
  signIn(username: string, password: string): Promise<LocalAccount | undefined>;
  subjectOf(account: LocalAccount): string;
  hint?: string;
}

export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(action: string, options: { error?: string; username?: string; hint?: string }): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · Sign in — crossclaim</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1b1f24;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin-top:1rem}input{display:block;width:100%;min-height:44px;font:inherit;box-sizing:border-box}
button{margin-top:1.5rem;min-height:44px;padding:0 1.5rem;font:inherit;background:#0b5cad;color:#fff;border:0}
[role=alert]{color:#a4000f}:focus{outline:3px solid #0b5cad;outline-offset:2px}.hint{color:#4a5360}</style></head>
<body><main><h1>登录 <span lang="en">Sign in</span></h1>
<p>异地就医报销 <span lang="en">crossclaim</span></p>
${options.error ? `<p role="alert">${escape(options.error)}</p>` : ''}
<form method="post" action="${escape(action)}">
<label for="username">账号 <span lang="en">Username</span></label>
<input id="username" name="username" autocomplete="username" required value="${escape(options.username ?? '')}">
<label for="password">密码 <span lang="en">Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录 <span lang="en">Sign in</span></button>
</form>
${options.hint ? `<p class="hint">${escape(options.hint)}</p>` : ''}
</main></body></html>`;
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No script at all; the form posts to this origin only; no framing (clickjacking).
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
  });
  response.end(html);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = request.headers['content-type']?.split(';')[0]?.trim();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function answerInteraction(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
  options: InteractionOptions,
): Promise<void> {
  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await provider.interactionDetails(request, response);
  } catch {
    send(
      response,
      400,
      page('', {
        error: '登录已过期，请从页面重新登录。The sign-in has expired: start again from the page.',
      }),
    );
    return;
  }
  const action = `/oidc${INTERACTION_PATH}/${details.uid}`;
  if (request.method === 'GET') {
    send(response, 200, page(action, { ...(options.hint && { hint: options.hint }) }));
    return;
  }
  if (request.method !== 'POST' || details.prompt.name !== 'login') {
    send(response, 400, page(action, { error: '无法处理此请求。This request cannot be handled.' }));
    return;
  }
  const form = await readForm(request);
  const username = form?.get('username')?.trim() ?? '';
  const account = form && (await options.signIn(username, form.get('password') ?? ''));
  if (!account) {
    send(
      response,
      401,
      page(action, {
        error: '账号或密码不正确。The username or password is not correct.',
        username,
        ...(options.hint && { hint: options.hint }),
      }),
    );
    return;
  }
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId: options.subjectOf(account) } },
    { mergeWithLastSubmission: false },
  );
}
