export * from './events.js';
export * from './users.js';
export * from './teams.js';
export * from './catalog.js';
export * from './tokens.js';
export * from './servers.js';
export * from './sso.js';
