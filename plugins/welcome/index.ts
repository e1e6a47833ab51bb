import { definePlugin } from '#core/plugin-system/definePlugin';
import { welcomeSettings } from './settings';

export default definePlugin({
  name: 'welcome',
  description: 'Greets new members in the welcome channel.',
  defaultEnabled: false,
  settings: welcomeSettings,
});
