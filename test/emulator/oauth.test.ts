import { expect } from 'chai';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Emulator } from '../../emulator';
import { startWorld } from './helpers';

describe('emulator: OAuth2 (Discord login for web apps)', () => {
  let emu: Emulator;
  let world: Awaited<ReturnType<typeof startWorld>>;
  const redirect = 'http://localhost:1234/oauth/callback';

  before(async () => {
    world = await startWorld();
    emu = world.emu;
  });

  after(() => emu.stop());

  const authorizeQuery = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: emu.applicationId,
      redirect_uri: redirect,
      response_type: 'code',
      scope: 'identify guilds',
      state: 'xyz',
      ...overrides,
    });

  /** Picks `userId` on the authorize page; returns the code sent to the redirect. */
  async function pick(userId: string, query = authorizeQuery()): Promise<string> {
    const form = new URLSearchParams(query);
    form.set('user_id', userId);
    const response = await fetch(`${emu.apiUrl}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(response.status).to.equal(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).to.equal(redirect);
    expect(location.searchParams.get('state')).to.equal('xyz');
    return location.searchParams.get('code')!;
  }

  const exchange = (code: string, overrides: Record<string, string> = {}) =>
    fetch(`${emu.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: emu.applicationId,
        client_secret: emu.oauthClientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirect,
        ...overrides,
      }).toString(),
    });

  it('shows a member picker listing the users (not bots), and refuses a bad request', async () => {
    const page = await fetch(`${emu.apiUrl}/oauth2/authorize?${authorizeQuery().toString()}`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html)
      .to.include(`name="user_id" value="${world.owner.id}"`)
      .and.not.include(`name="user_id" value="${emu.botUserId}"`);
    const wrongClient = await fetch(`${emu.apiUrl}/oauth2/authorize?${authorizeQuery({ client_id: '1' }).toString()}`);
    expect(wrongClient.status).to.equal(400);
    const noIdentify = await fetch(`${emu.apiUrl}/oauth2/authorize?${authorizeQuery({ scope: 'guilds' }).toString()}`);
    expect(noIdentify.status).to.equal(400);
  });

  it('exchanges a code once for a bearer token that reads the user and their guilds with permissions', async () => {
    const code = await pick(world.owner.id);
    const token = (await (await exchange(code)).json()) as { access_token: string; token_type: string; scope: string };
    expect(token).to.include({ token_type: 'Bearer', scope: 'identify guilds' });
    const headers = { authorization: `Bearer ${token.access_token}` };
    const me = (await (await fetch(`${emu.apiUrl}/v10/users/@me`, { headers })).json()) as { id: string };
    expect(me.id).to.equal(world.owner.id);
    const guilds = (await (await fetch(`${emu.apiUrl}/v10/users/@me/guilds`, { headers })).json()) as {
      id: string;
      owner: boolean;
      permissions: string;
    }[];
    const own = guilds.find((guild) => guild.id === world.guild.id)!;
    expect(own.owner).to.equal(true);
    expect(BigInt(own.permissions) & PermissionFlagsBits.ManageGuild).to.equal(PermissionFlagsBits.ManageGuild);
    // Single use.
    expect((await exchange(code)).status).to.equal(400);
    // A bearer token is no bot token, and revoked it is nothing.
    expect((await fetch(`${emu.apiUrl}/v10/channels/${world.guild.id}`, { headers })).status).to.equal(401);
    await fetch(`${emu.apiUrl}/oauth2/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token.access_token }).toString(),
    });
    expect((await fetch(`${emu.apiUrl}/v10/users/@me`, { headers })).status).to.equal(401);
  });

  it('refuses a wrong client secret, another redirect, and a token without the guilds scope reading guilds', async () => {
    expect((await exchange(await pick(world.owner.id), { client_secret: 'nope' })).status).to.equal(401);
    expect((await exchange(await pick(world.owner.id), { redirect_uri: 'http://localhost:9/cb' })).status).to.equal(
      400,
    );
    const code = await pick(world.owner.id, authorizeQuery({ scope: 'identify' }));
    const { access_token: accessToken } = (await (await exchange(code)).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    expect((await fetch(`${emu.apiUrl}/v10/users/@me`, { headers })).status).to.equal(200);
    expect((await fetch(`${emu.apiUrl}/v10/users/@me/guilds`, { headers })).status).to.equal(401);
  });
});
