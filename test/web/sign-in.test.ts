import { describe, expect, it } from 'vitest';
import { pageAccessToken, poll, signIn, useWebHarness, type Person } from './support';

// Every role signs in through the local OpenID provider's own page (code flow + PKCE) and
// reaches its pages; a signed-out page sends the browser to that page first.
describe('web: sign-in through the local OpenID provider', () => {
  const web = useWebHarness();

  it('a signed-out page redirects to the provider’s sign-in page, which refuses a wrong password', async () => {
    const page = await (await web.context()).newPage();
    await page.goto('/#/dashboard');
    await poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
    expect(await page.getByLabel('密码').getAttribute('type')).toBe('password');
    await page.getByLabel('账号').fill('nobody');
    await page.getByLabel('密码').fill('wrong');
    await page.getByRole('button', { name: '登录' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('账号或密码不正确');
  });

  const people: { who: Person; lands: string }[] = [
    { who: { role: 'citizen', idNumber: '330402199001010019', name: '测试登录' }, lands: '我的报销申请' },
    { who: { role: 'clerk', sub: 'clerk-signin-1', region: '330400' }, lands: '待审队列' },
    { who: { role: 'supervisor', sub: 'supervisor-signin-1', region: '330500' }, lands: '服务监控' },
    { who: { role: 'admin', sub: 'admin-signin-1' }, lands: '' },
    { who: { role: 'agent', sub: 'agent-signin-1', region: '310100' }, lands: '帮办' },
  ];
  it.each(people)(
    '$who.role signs in on the provider’s page and reaches their page',
    async ({ who, lands }) => {
      const page = await (await web.context()).newPage();
      await signIn(page, who, web);
      if (lands) await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(lands);
      const home = {
        citizen: '#/claims',
        clerk: '#/clerk',
        supervisor: '#/dashboard',
        admin: '#/dashboard',
        agent: '#/agent',
      }[who.role];
      await poll(() => page.evaluate('location.hash')).toBe(home);
      // The page's token is an access token of the provider, which the API takes.
      const token = await pageAccessToken(page);
      if (who.role === 'agent') {
        // An agent's token is taken, and shows no claim it did not file.
        expect((await web.call('GET', '/claims/C20260101ABCDEFGHJKMN', token)).status).toBe(404);
        return;
      }
      const path =
        who.role === 'citizen'
          ? '/claims'
          : who.role === 'clerk'
            ? '/review-queue'
            : '/escalations?region=330500';
      expect((await web.call('GET', path, token)).status).toBe(200);
    },
  );
});
