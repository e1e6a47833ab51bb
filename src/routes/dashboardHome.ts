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
    const { access, guilds } = this.container.dashboard;
    // The bot's own view decides, in whichever shard process the guild lives: this one's cache, else Discord.
    const withBot = await guilds.ofMany(session.guilds.map((guild) => guild.id));
    const rows = await Promise.all(
      session.guilds.map(async (guild) => {
        const view = withBot.get(guild.id);
        if (!view) {
          const mayInvite = guild.owner || (BigInt(guild.permissions) & PermissionFlagsBits.ManageGuild) !== 0n;
          return { guild, invitable: mayInvite, managed: false };
        }
        const found = await access.membershipIn(view, session.userId);
        return {
          guild: { id: guild.id, name: view.name },
          invitable: false,
          managed: !!found && (await access.manages(found)),
        };
      }),
    );
    const managed = rows.filter((row) => row.managed).map((row) => row.guild);
    const invitable = rows.filter((row) => row.invitable).map((row) => row.guild);
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
