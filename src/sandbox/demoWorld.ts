import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import type { Emulator } from '../../emulator';

export const SANDBOX_TOKEN = 'offline-sandbox-token';

/** The demo guild the sandbox builds: people by name, channels by name, and the ids settings need. */
export interface DemoWorld {
  guildId: string;
  guildName: string;
  members: Map<string, string>;
  channels: Map<string, string>;
  roles: { admin: string; moderator: string; support: string; member: string };
  supportCategoryId: string;
}

/**
 * A guild with #general, #support (in a Support category) and #mod-log, and four people whose roles map to the
 * bot's ADMIN, MODERATOR, SUPPORT_AGENT and USER.
 */
export function buildDemoWorld(emu: Emulator): DemoWorld {
  const admin = emu.createUser({ username: 'admin' });
  const guild = emu.createGuild({
    name: 'Sandbox',
    ownerId: admin.id,
    botPermissions: PermissionFlagsBits.Administrator,
  });
  const roles = {
    admin: emu.createRole(guild.id, { name: 'Admin', permissions: PermissionFlagsBits.Administrator }).id,
    moderator: emu.createRole(guild.id, { name: 'Moderator' }).id,
    support: emu.createRole(guild.id, { name: 'Support' }).id,
    member: emu.createRole(guild.id, { name: 'Member' }).id,
  };
  const members = new Map<string, string>([['admin', admin.id]]);
  for (const [name, role] of [
    ['moderator', roles.moderator],
    ['support', roles.support],
    ['member', roles.member],
  ] as const) {
    const user = emu.createUser({ username: name });
    emu.addMember(guild.id, user.id, { roles: [role, roles.member] });
    members.set(name, user.id);
  }
  emu.setMemberRoles(guild.id, admin.id, [roles.admin]);
  const supportCategory = emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory });
  const channels = new Map<string, string>([['general', guild.generalChannelId]]);
  channels.set('support', emu.createChannel(guild.id, { name: 'support', parentId: supportCategory.id }).id);
  channels.set('mod-log', emu.createChannel(guild.id, { name: 'mod-log' }).id);
  return { guildId: guild.id, guildName: 'Sandbox', members, channels, roles, supportCategoryId: supportCategory.id };
}
