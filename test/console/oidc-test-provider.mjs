// A small OpenID Connect provider for the console's sign-in tests (npm oidc-provider), in its own
// process (the library is an ES module; the tests run as CommonJS). It signs in whichever account
// the test names in the `x-test-account` header of the interaction request, with no page, and
// puts the account's groups and region in the ID token. Prints `ISSUER <url>` once it listens.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { REDIRECT_URI, CLIENT_ID, CLIENT_SECRET } = process.env;

/** The accounts the provider knows: the group names are the provider's, not the CRM's roles. */
const ACCOUNTS = {
  'rep-east-1': { name: '李伟', groups: ['crm-sales-reps', 'staff'], region: 'east' },
  'manager-east': { name: '王芳', groups: ['crm-sales-managers'], region: 'east' },
  'outsider-1': { name: '访客', groups: ['marketing'] },
};

let handle = (_request, response) => response.writeHead(503).end();
const server = createServer((request, response) => handle(request, response));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'crm'],
  claims: { openid: ['sub'], profile: ['name'], crm: ['groups', 'region'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['console-oidc-test-provider-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (_ctx, id) =>
    ACCOUNTS[id] ? { accountId: id, claims: () => ({ sub: id, ...ACCOUNTS[id] }) } : undefined,
});

provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/interaction/')) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const accountId = ctx.get('x-test-account');
  if (!ACCOUNTS[accountId]) {
    ctx.status = 400;
    ctx.body = `no account ${accountId}`;
    return undefined;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const returnTo = await provider.interactionResult(
    ctx.req,
    ctx.res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  ctx.status = 303;
  ctx.redirect(returnTo);
  return undefined;
});

handle = provider.callback();
process.stdout.write(`ISSUER ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
