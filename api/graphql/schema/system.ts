import { builder } from '../builder.js';

interface VersionInfoShape {
  version: string;
  nodeVersion: string;
  dialect: string;
  lastMigration: string | null;
  uptimeSeconds: number;
}

const VersionInfo = builder.objectRef<VersionInfoShape>('VersionInfo').implement({
  fields: (t) => ({
    version: t.exposeString('version'),
    nodeVersion: t.exposeString('nodeVersion'),
    dialect: t.exposeString('dialect'),
    lastMigration: t.exposeString('lastMigration', { nullable: true }),
    uptimeSeconds: t.exposeInt('uptimeSeconds'),
  }),
});

builder.queryField('version', (t) =>
  t.field({
    type: VersionInfo,
    description: 'What is running: the GraphQL twin of GET /version.',
    resolve: (_root, _args, { services }) => ({
      version: services.version,
      nodeVersion: process.version,
      dialect: services.database.dialect,
      lastMigration: services.lastMigration ?? null,
      uptimeSeconds: Math.round((services.clock.now().getTime() - services.startedAt.getTime()) / 1000),
    }),
  }),
);
