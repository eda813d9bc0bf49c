#!/usr/bin/env node
// Prints a bearer token signed with the local secret:
//   npm run token -- --sub rep-1 --roles sales_rep [--region east] [--ttl 8h]
// It carries the issuer and audience the services check (JWT_ISSUER, JWT_AUDIENCE) and `exp`
// within their maximum lifetime (12 h unless JWT_MAX_LIFETIME_SECONDS says otherwise).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { SignJWT } from 'jose';

const ROLES = ['sales_rep', 'sales_manager', 'service_agent', 'supervisor', 'analyst', 'admin'];

/** A setting from the environment, else from scripts/local.env (what `npm start` runs with). */
const setting = (name) => {
  if (process.env[name]) return process.env[name];
  const file = new URL('./local.env', import.meta.url);
  const line = readFileSync(file, 'utf8').split('\n').find((entry) => entry.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim();
};

const options = new Command()
  .name('token')
  .description('Print a JWT for the local services')
  .requiredOption('--sub <id>', 'user id (the `sub` claim)')
  .requiredOption('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
  .option('--region <region>', 'region of a sales manager')
  .addOption(new Option('--ttl <duration>', 'lifetime, e.g. 30m, 8h').default('8h'))
  .parse()
  .opts();

const roles = options.roles.split(',').map((role) => role.trim()).filter(Boolean);
const unknown = roles.filter((role) => !ROLES.includes(role));
if (unknown.length > 0) {
  console.error(`unknown role(s): ${unknown.join(', ')}; expected any of ${ROLES.join(', ')}`);
  process.exit(2);
}
const secret = setting('JWT_SECRET');
const token = await new SignJWT({ roles, ...(options.region ? { region: options.region } : {}) })
  .setProtectedHeader({ alg: 'HS256' })
  .setIssuer(setting('JWT_ISSUER') || 'crm-local')
  .setAudience(setting('JWT_AUDIENCE') || 'crm')
  .setSubject(options.sub)
  .setIssuedAt()
  .setExpirationTime(options.ttl)
  .sign(new TextEncoder().encode(secret));
process.stdout.write(`${token}\n`);
