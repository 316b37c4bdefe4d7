import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './log/logger.js';
import { startServices } from './bootstrap.js';
import { createApp } from './app.js';
import { listen } from './server.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.problems) process.stderr.write(`switchboard: configuration error: ${line}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  let services;
  try {
    services = await startServices({ config, logger });
  } catch (err) {
    logger.fatal({ code: (err as { code?: string }).code }, (err as Error).message);
    process.exit(1);
  }
  const app = createApp(services);
  const running = await listen(app, services);
  logger.info({ url: running.url, dialect: services.database.dialect, graphql: `${running.url}${config.rootPath}/graphql` }, 'switchboard listening');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: draining requests');
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
