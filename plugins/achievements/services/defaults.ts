import { AchievementType } from '../entities/Achievement';
import type { AchievementInput } from './types';

/** The icon of each type, for achievements created without one. */
export const TYPE_ICONS: Record<AchievementType, string> = {
  [AchievementType.MESSAGES]: '💬',
  [AchievementType.TICKETS]: '🎫',
  [AchievementType.HELP]: '🤝',
  [AchievementType.MODERATION]: '🛡️',
  [AchievementType.SPECIAL]: '🌟',
};

/** What a guild starts with: a few per type, which admins then change with `/achievements create|edit|delete`. */
export const DEFAULT_ACHIEVEMENTS: readonly AchievementInput[] = [
  {
    name: 'Chatterbox',
    description: 'Send 100 messages.',
    type: AchievementType.MESSAGES,
    requirement: 100,
    reward: 50,
    icon: '💬',
    hidden: false,
  },
  {
    name: 'Wordsmith',
    description: 'Send 1,000 messages.',
    type: AchievementType.MESSAGES,
    requirement: 1000,
    reward: 250,
    icon: '📜',
    hidden: false,
  },
  {
    name: 'Asked and Answered',
    description: 'Have a ticket of yours seen through to its close.',
    type: AchievementType.TICKETS,
    requirement: 1,
    reward: 20,
    icon: '🎫',
    hidden: false,
  },
  {
    name: 'Helping Hand',
    description: 'Resolve a ticket as its agent.',
    type: AchievementType.HELP,
    requirement: 1,
    reward: 50,
    icon: '🤝',
    hidden: false,
  },
  {
    name: 'Support Hero',
    description: 'Resolve 25 tickets as their agent.',
    type: AchievementType.HELP,
    requirement: 25,
    reward: 500,
    icon: '🦸',
    hidden: false,
  },
  {
    name: 'Peacekeeper',
    description: 'Take your first moderation action.',
    type: AchievementType.MODERATION,
    requirement: 1,
    reward: 0,
    icon: '🛡️',
    hidden: false,
  },
  {
    name: 'Guardian',
    description: 'Take 50 moderation actions.',
    type: AchievementType.MODERATION,
    requirement: 50,
    reward: 250,
    icon: '⚔️',
    hidden: false,
  },
  {
    name: 'Legend',
    description: 'Given by the staff for something remarkable.',
    type: AchievementType.SPECIAL,
    requirement: 0,
    reward: 1000,
    icon: '🌟',
    hidden: true,
  },
];
