import { container } from '@sapphire/framework';
import { ChannelType, type APIUser } from 'discord-api-types/v10';
import type { Actor } from '#emulator';
import { UserRole } from '../../src/permissions/enums';
import type { MatrixRole } from './commandLeaves';
import { createTestGuild, type Harness, type TestGuild } from './e2e';
import { eventually } from './wait';

/** A guild for the reliability suites: every plugin on, one member per role, and objects options can name. */
export interface RoleGuild {
  guild: TestGuild;
  actors: Record<MatrixRole, { actor: Actor; user: APIUser }>;
  /** A plain role nobody has. */
  roleId: string;
  categoryId: string;
  /** The roles `/config role` maps, as the guild was built (a suite that lets admins change them puts them back). */
  roles: { supportRoleId: string; modRoleId: string; adminRoleId: string };
  /** A member who is none of the actors: user options name them, so a wrongly accepted /ban hurts no actor. */
  target: APIUser;
}

/** Builds a {@link RoleGuild}: support, moderator and admin roles configured with `/config`, all plugins enabled. */
export async function createRoleGuild(h: Harness, prefix: string): Promise<RoleGuild> {
  const guild = await createTestGuild(h.emu);
  const supportRole = h.emu.createRole(guild.id, { name: 'Support' });
  const adminRole = h.emu.createRole(guild.id, { name: 'Admins' });
  const roleId = h.emu.createRole(guild.id, { name: 'Plain' }).id;
  const categoryId = h.emu.createChannel(guild.id, { name: 'Cat', type: ChannelType.GuildCategory }).id;
  const agent = h.emu.createUser({ username: `${prefix}-agent` });
  const admin = h.emu.createUser({ username: `${prefix}-admin` });
  const target = h.emu.createUser({ username: `${prefix}-target` });
  h.emu.addMember(guild.id, target.id);
  h.emu.addMember(guild.id, agent.id, { roles: [supportRole.id] });
  h.emu.addMember(guild.id, admin.id, { roles: [adminRole.id] });
  await eventually(
    () => container.client.guilds.cache.get(guild.id)?.members.cache.has(admin.id) ?? false,
    'the bot to see the new members',
  );
  const roles = { supportRoleId: supportRole.id, modRoleId: guild.modRoleId, adminRoleId: adminRole.id };
  await container.guildSettings.updateConfig(guild.id, 'g', roles, guild.setupBy);
  for (const plugin of container.plugins.names) {
    await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
  }
  return {
    guild,
    roleId,
    categoryId,
    target,
    roles,
    actors: {
      [UserRole.USER]: { actor: guild.as.member, user: guild.member },
      [UserRole.SUPPORT_AGENT]: { actor: h.emu.actor(agent.id), user: agent },
      [UserRole.MODERATOR]: { actor: guild.as.moderator, user: guild.moderator },
      [UserRole.ADMIN]: { actor: h.emu.actor(admin.id), user: admin },
    },
  };
}
