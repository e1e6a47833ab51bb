import { fillPlaceholders } from '#core/plugin-kit/placeholders';

/** What a greeting template can mention. */
export interface GreetingContext {
  userMention: string;
  username: string;
  serverName: string;
  memberCount: number;
}

/** Fills `{user}`, `{username}`, `{server}` and `{count}`; unknown placeholders stay as written. */
export function renderGreeting(template: string, context: GreetingContext): string {
  const values: Record<string, string> = {
    user: context.userMention,
    username: context.username,
    server: context.serverName,
    count: String(context.memberCount),
  };
  return fillPlaceholders(template, values).slice(0, 2000);
}

/** The greeting context of a guild member (structurally typed, so this file needs no discord.js). */
export function greetingContextOf(member: {
  toString(): string;
  user: { username: string };
  guild: { name: string; memberCount: number };
}): GreetingContext {
  return {
    userMention: member.toString(),
    username: member.user.username,
    serverName: member.guild.name,
    memberCount: member.guild.memberCount,
  };
}
