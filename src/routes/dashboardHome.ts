import type { Route } from '@sapphire/plugin-api';
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';
import { DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/** Permissions the invite link asks for: what the plugins use (channels, roles, moderation, messages). */
const INVITE_PERMISSIONS =
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.ViewAuditLog |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.ManageThreads;

/** `GET /`: the login button, or the server picker: servers the user manages with the bot, invite links for others. */
export class DashboardHomeRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: '/', methods: ['GET'], access: 'public' });
  }

  protected async handle(context: DashboardContext) {
    const { session } = context;
    if (!session) {
      context.page(
        { title: 'Log in' },
        html`<h1>Bot dashboard</h1>
          <div class="card">
            <p>Turn plugins on and off, change their settings and read your staff pages, for the servers you manage.</p>
            <p><a class="button" href="/login">Log in with Discord</a></p>
          </div>`,
      );
      return;
    }
    const { access } = this.container.dashboard;
    const managed: { id: string; name: string }[] = [];
    const invitable: { id: string; name: string }[] = [];
    for (const guild of session.guilds) {
      const found = await access.memberOf(guild.id, session.userId);
      if (found) {
        if (await access.manages(found.member)) managed.push({ id: guild.id, name: found.guild.name });
      } else if (guild.owner || (BigInt(guild.permissions) & PermissionFlagsBits.ManageGuild) !== 0n) {
        if (!this.container.client.guilds.cache.has(guild.id)) invitable.push(guild);
      }
    }
    context.page(
      { title: 'Your servers' },
      html`<h1>Your servers</h1>
        ${
          managed.length
            ? html`<ul class="grid" aria-label="Servers you manage">
                ${managed.map(
                  (guild) =>
                    html`<li class="card server">
                      <strong>${guild.name}</strong>
                      <a class="button" href="/servers/${guild.id}">Manage</a>
                    </li>`,
                )}
              </ul>`
            : html`<p class="muted">You manage no server that has the bot (you need Manage Server there).</p>`
        }
        ${
          invitable.length
            ? html`<h2>Add the bot</h2>
                <ul class="grid" aria-label="Servers without the bot">
                  ${invitable.map(
                    (guild) =>
                      html`<li class="card server">
                        <strong>${guild.name}</strong>
                        <a class="button secondary" href="${this.inviteUrl(guild.id)}">Invite the bot</a>
                      </li>`,
                  )}
                </ul>`
            : ''
        }`,
    );
  }

  private inviteUrl(guildId: string): string {
    const url = new URL(`${this.container.config.discordApiUrl}/oauth2/authorize`);
    url.search = new URLSearchParams({
      client_id: this.container.client.application!.id,
      scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
      permissions: INVITE_PERMISSIONS.toString(),
      guild_id: guildId,
      disable_guild_select: 'true',
    }).toString();
    return url.toString();
  }
}
