export * from './events.js';
export * from './users.js';
