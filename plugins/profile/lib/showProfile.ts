import { container, UserError } from '@sapphire/framework';
import {
  AttachmentBuilder,
  PermissionFlagsBits,
  type Guild,
  type GuildMember,
  type PermissionsBitField,
  type User,
} from 'discord.js';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { avatarOf } from '#core/plugin-kit/canvas';
import { cardBackgroundOf } from '#core/plugin-kit/cardBackgrounds';
import { DEFAULT_ACCENT, renderProfileCard } from './profileCard';

/** The guild member behind a user option, or a clear refusal when they are not in the server. */
export async function memberOf(guild: Guild, user: User): Promise<GuildMember> {
  const member = await guild.members.fetch(user.id).catch(() => null);
  if (!member)
    throw new UserError({ identifier: 'NotAMember', message: `${user.username} is not a member of this server.` });
  return member;
}

/** The permissions the bot has where the command was used (null in a DM). */
export async function botPermissionsIn(source: CommandSource): Promise<Readonly<PermissionsBitField> | null> {
  if ('appPermissions' in source) return source.appPermissions;
  const guild = source.guild!;
  const me = guild.members.me ?? (await guild.members.fetchMe());
  return source.channel.isDMBased() ? null : source.channel.permissionsFor(me);
}

/** Answers with the member's profile card (PNG), or the same facts as text where the bot may not attach files. */
export async function showProfile(source: CommandSource, member: GuildMember, viewerId: string): Promise<void> {
  await deferIfInteraction(source);
  const view = await container.profile.view(member.guild.id, member.id, viewerId);
  const name = member.displayName;
  const socials = view.socials.map(([network, url]) => `${network}: <${url}>`).join(' · ');
  const permissions = await botPermissionsIn(source);
  if (!permissions?.has(PermissionFlagsBits.AttachFiles)) {
    const lines = [`**${name}**${view.title ? ` — ${view.title}` : ''}`, view.bio ?? 'No bio yet.'];
    const facts: string[] = [];
    if (view.level)
      facts.push(`Level ${view.level.level} · Rank ${view.level.rank === null ? 'unranked' : `#${view.level.rank}`}`);
    if (view.balance !== undefined) facts.push(`Balance ${view.balance.toLocaleString('en-US')}`);
    if (facts.length) lines.push(facts.join(' · '));
    if (view.badges.length) {
      lines.push(
        `Badges: ${view.badges.map((badge) => (badge.selected ? `**${badge.name}**` : badge.name)).join(', ')}`,
      );
    }
    if (socials) lines.push(socials);
    await respond(source, { content: lines.join('\n').slice(0, 2000), allowedMentions: { parse: [] } });
    return;
  }
  const png = await renderProfileCard({
    displayName: name,
    userId: member.id,
    avatar: await avatarOf(member),
    title: view.title,
    bio: view.bio,
    accent: view.accent ?? DEFAULT_ACCENT,
    background: await cardBackgroundOf(view.background),
    level: view.level,
    balance: view.balance,
    badges: view.badges,
  });
  await respond(source, {
    content: socials || undefined,
    files: [new AttachmentBuilder(png, { name: 'profile.png', description: `${name}'s profile` })],
    allowedMentions: { parse: [] },
  });
}
