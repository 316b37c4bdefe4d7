import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
// Each import registers a domain's types and fields on the builder.
import './system.js';
import './accounts.js';
import './audit.js';
import './teams.js';
import './roles.js';
import './sso.js';
import './gateways.js';
import './catalog.js';
import './servers.js';
import './metrics.js';
import './tokens.js';

export const schema = lexicographicSortSchema(builder.toSchema());
