import type { ConsoleUser } from './console-user';

/**
 * One demo user per role for `npm start` (LOCAL_SIGN_IN): they sign in by name alone, so they exist
 * only where the console is told it runs on a developer's machine. The ids match the demo data's
 * owners (`npm run demo` gives customers to rep-<region>-1 … 3).
 */
export const DEMO_USERS: readonly ConsoleUser[] = [
  { userId: 'rep-east-1', name: 'Li Wei (sales rep)', roles: ['sales_rep'], region: 'east' },
  // A rep of another region: what one rep sees (lists, live updates) the other does not.
  { userId: 'rep-west-1', name: 'Gao Yun (sales rep, west)', roles: ['sales_rep'], region: 'west' },
  {
    userId: 'manager-east',
    name: 'Wang Fang (sales manager, east)',
    roles: ['sales_manager'],
    region: 'east',
  },
  { userId: 'agent-1', name: 'Zhang Min (service agent)', roles: ['service_agent'] },
  { userId: 'supervisor-1', name: 'Chen Jing (supervisor)', roles: ['supervisor'] },
  { userId: 'analyst-1', name: 'Liu Yang (analyst)', roles: ['analyst'] },
  { userId: 'admin-1', name: 'Zhao Lei (admin)', roles: ['admin'] },
];

export const demoUser = (userId: string): ConsoleUser | undefined =>
  DEMO_USERS.find((user) => user.userId === userId);
