import { applicationCommandRoutes } from './commands';
import { auditLogRoutes } from './audit-log';
import { banRoutes } from './bans';
import { channelRoutes } from './channels';
import { gatewayRoutes } from './gateway';
import { interactionRoutes } from './interactions';
import { memberRoutes } from './members';
import { messageRoutes } from './messages';
import { roleRoutes } from './roles';
import type { Route } from './router';
import { userRoutes } from './users';

/** Every REST route the emulator answers. Order matters only where a literal segment shadows a parameter. */
export function allRoutes(options: { interactionAckTimeoutMs: number }): Route[] {
  return [
    ...gatewayRoutes,
    ...userRoutes,
    ...messageRoutes,
    ...channelRoutes,
    ...memberRoutes,
    ...banRoutes,
    ...roleRoutes,
    ...auditLogRoutes,
    ...applicationCommandRoutes,
    ...interactionRoutes(options.interactionAckTimeoutMs),
  ];
}
