export { Actor, InteractionHandle, type AttachmentInput, type OptionValue, type SlashOptions } from './actor';
export type { RecordedRequest } from './core';
export {
  Emulator,
  type ChannelOptions,
  type EmulatorOptions,
  type GuildHandle,
  type GuildOptions,
  type RateLimitOptions,
  type RequestMatcher,
  type WaitForMessageOptions,
} from './emulator';
export { DiscordApiError } from './errors';
export { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './permissions';
export type { ChannelRecord, World } from './world';
