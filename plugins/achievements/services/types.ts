import type { AchievementType } from '../entities/Achievement';

/** What a definition looks like to the service and commands. */
export interface AchievementDefinition {
  id: number;
  guildId: string;
  name: string;
  description: string;
  type: AchievementType;
  requirement: number;
  reward: number;
  icon: string;
  hidden: boolean;
}

export type AchievementInput = Omit<AchievementDefinition, 'id' | 'guildId'>;
